import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { cancelOrder } from '../consumption.js';
import type { InventoryDeps } from '../support.js';
import { stockTxFor } from './stock-tx.js';

/** A cancelled order gives back what its active lines took (and consumes nothing later). */
export const orderCancelled = (deps: InventoryDeps) =>
  defineSubscriber({
    subscriberId: 'inventory.consumption.order-cancelled',
    event: ordersEvents.orderCancelled,
    handle: (event, tx) =>
      cancelOrder(
        stockTxFor(deps, event, tx),
        event.payload.order_id,
        event.payload.lines.map((line) => line.line_id),
      ),
  });
