import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { cancelOrder } from '../intake.js';
import type { KitchenDeps } from '../tickets.service.js';
import { kitchenTxFor } from './kitchen-tx.js';

/** A cancelled order leaves the board; stations that started something get a void ticket. */
export const orderCancelled = (deps: KitchenDeps) =>
  defineSubscriber({
    subscriberId: 'kitchen.tickets.order-cancelled',
    event: ordersEvents.orderCancelled,
    handle: (event, tx) => cancelOrder(kitchenTxFor(deps, event, tx), event.payload, event),
  });
