import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { receiveOrder } from '../intake.js';
import type { KitchenDeps } from '../tickets.service.js';
import { kitchenTxFor } from './kitchen-tx.js';

/** A new order: one ticket per station and course (course 1 fired once the order is confirmed). */
export const orderCreated = (deps: KitchenDeps) =>
  defineSubscriber({
    subscriberId: 'kitchen.tickets.order-created',
    event: ordersEvents.orderCreated,
    handle: (event, tx) => receiveOrder(kitchenTxFor(deps, event, tx), event.payload, event),
  });
