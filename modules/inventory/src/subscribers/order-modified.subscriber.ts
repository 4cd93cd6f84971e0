import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { consumeLines, returnLines } from '../consumption.js';
import type { InventoryDeps } from '../support.js';
import { stockTxFor } from './stock-tx.js';

/** Added lines take stock; voided lines (or parts of them) give back what they took. */
export const orderModified = (deps: InventoryDeps) =>
  defineSubscriber({
    subscriberId: 'inventory.consumption.order-modified',
    event: ordersEvents.orderModified,
    async handle(event, tx) {
      const s = stockTxFor(deps, event, tx);
      const { order_id, status, added_lines, voided_lines } = event.payload;
      if (voided_lines.length > 0) {
        await returnLines(
          s,
          order_id,
          voided_lines.map((line) => ({
            line_id: line.line_id,
            units: line.quantity,
            reason: line.reason ?? 'voided',
          })),
        );
      }
      if (added_lines.length > 0)
        await consumeLines(s, { order_id, status, placed_at: event.occurred_at }, added_lines);
    },
  });
