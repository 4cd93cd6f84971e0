import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { consumeConfirmed } from '../consumption.js';
import type { InventoryDeps } from '../support.js';
import { stockTxFor } from './stock-tx.js';

/** A confirmed order (an online one, once paid) takes its stock when the restaurant takes it on confirmation. */
export const orderConfirmed = (deps: InventoryDeps) =>
  defineSubscriber({
    subscriberId: 'inventory.consumption.order-confirmed',
    event: ordersEvents.orderConfirmed,
    handle: (event, tx) => consumeConfirmed(stockTxFor(deps, event, tx), event.payload.order_id),
  });
