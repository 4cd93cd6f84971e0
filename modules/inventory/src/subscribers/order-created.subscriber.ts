import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { consumeLines } from '../consumption.js';
import type { InventoryDeps } from '../support.js';
import { stockTxFor } from './stock-tx.js';

/** A new order takes its lines' recipes from stock. */
export const orderCreated = (deps: InventoryDeps) =>
  defineSubscriber({
    subscriberId: 'inventory.consumption.order-created',
    event: ordersEvents.orderCreated,
    handle: (event, tx) => consumeLines(stockTxFor(deps, event, tx), event.payload, event.payload.lines),
  });
