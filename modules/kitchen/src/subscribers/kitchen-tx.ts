import type { Tx } from '@brigade/db';
import { type EventEnvelope, systemContext } from '@brigade/kernel';
import type { KitchenTx } from '../db/kitchen-rows.js';
import type { KitchenDeps } from '../tickets.service.js';

/** The kitchen transaction a subscriber works in: the event's tenant, as the system, under its correlation. */
export const kitchenTxFor = (deps: KitchenDeps, event: EventEnvelope, tx: Tx): KitchenTx => ({
  tx,
  ctx: systemContext(event.tenant_id, event.correlation_id),
  tenantId: event.tenant_id,
  clock: deps.clock,
  publish: deps.publish,
  options: deps.options,
});
