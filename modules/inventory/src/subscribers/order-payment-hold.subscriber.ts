import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { reholdOrder, releaseOrder } from '../consumption.js';
import type { InventoryDeps } from '../support.js';
import { stockTxFor } from './stock-tx.js';

/** An order whose payment failed gives back what it held (seed 001 §7.4). */
export const orderPaymentFailed = (deps: InventoryDeps) =>
  defineSubscriber({
    subscriberId: 'inventory.consumption.order-payment-failed',
    event: ordersEvents.orderPaymentFailed,
    handle: (event, tx) =>
      releaseOrder(stockTxFor(deps, event, tx), event.payload.order_id, event.payload.version),
  });

/** An order waiting for payment again holds its stock again. */
export const orderReopened = (deps: InventoryDeps) =>
  defineSubscriber({
    subscriberId: 'inventory.consumption.order-reopened',
    event: ordersEvents.orderReopened,
    handle: (event, tx) =>
      reholdOrder(stockTxFor(deps, event, tx), event.payload.order_id, event.payload.version),
  });
