import type { Tx } from '@brigade/db';
import { type EventEnvelope, systemContext } from '@brigade/kernel';
import type { InventoryDeps, StockTx } from '../support.js';

/**
 * The inventory transaction a subscriber works in: the event's tenant, as the system, under
 * its correlation. The menu effects it queues are sent once it committed (the wake is deferred
 * past the handler, and only when one was queued; the module's sweep picks up any it misses).
 */
export function stockTxFor(deps: InventoryDeps, event: EventEnvelope, tx: Tx): StockTx {
  let woken = false;
  return {
    tx,
    ctx: systemContext(event.tenant_id, event.correlation_id),
    tenantId: event.tenant_id,
    clock: deps.clock,
    publish: deps.publish,
    causationId: event.event_id,
    effectQueued: () => {
      if (woken) return;
      woken = true;
      setTimeout(() => deps.effects.wake(), 50).unref();
    },
  };
}
