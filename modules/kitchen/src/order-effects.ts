import type { Database } from '@brigade/db';
import type { Clock, Logger, RequestContext } from '@brigade/kernel';
import { createEffectQueue, type EffectQueue } from '@brigade/messaging';
import type { OrdersService } from '@brigade/orders';
import type { EffectAction } from './db/tables.js';

/**
 * Sends what the kitchen owes the orders module (kitchen.order_effects, written in the same
 * transaction as the ticket change) through the orders contract, after that transaction
 * committed. Effects of one order go in the order they were queued, at least once
 * (recordKitchenProgress and changeStatus are idempotent). An answer that the order moved on
 * (`invalid_transition`, `order_closed`, `order_not_found`, a line gone) counts as done: there
 * is nothing left to tell it.
 */

interface EffectRow {
  id: string;
  tenant_id: string;
  order_id: string;
  action: EffectAction;
  line_ids: string[];
  actor: string;
  correlation_id: string;
  attempts: number;
}

export type OrderEffects = EffectQueue;

export function createOrderEffects(deps: {
  db: Database;
  clock: Clock;
  log: Logger;
  orders: () => OrdersService;
}): OrderEffects {
  return createEffectQueue<EffectRow>({
    ...deps,
    table: 'kitchen.order_effects',
    key: 'order_id',
    columns: ['action', 'line_ids', 'actor', 'correlation_id'],
    settledCodes: new Set([
      'invalid_transition',
      'order_closed',
      'order_not_found',
      'line_not_found',
      'line_already_voided',
    ]),
    failure: 'kitchen could not tell the orders module',
    describe: (effect) => ({ order_id: effect.order_id, action: effect.action }),
    async send(effect) {
      const ctx: RequestContext = {
        tenantId: effect.tenant_id,
        actor: { kind: 'system', id: effect.actor, role: null, permissions: new Set(['*']) },
        requestId: `kitchen-effect-${effect.id}`,
        correlationId: effect.correlation_id,
        idempotencyKey: null,
      };
      const orders = deps.orders();
      if (effect.action === 'preparing' || effect.action === 'ready') {
        await orders.changeStatus(ctx, { id: effect.order_id, status: effect.action });
      } else {
        await orders.recordKitchenProgress(ctx, {
          order_id: effect.order_id,
          line_ids: effect.line_ids,
          state: effect.action,
        });
      }
    },
  });
}
