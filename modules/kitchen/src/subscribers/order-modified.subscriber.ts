import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { modifyOrder } from '../intake.js';
import type { KitchenDeps } from '../tickets.service.js';
import { kitchenTxFor } from './kitchen-tx.js';

/** Lines added (new or joined tickets) or voided (struck, or a void ticket once started). */
export const orderModified = (deps: KitchenDeps) =>
  defineSubscriber({
    subscriberId: 'kitchen.tickets.order-modified',
    event: ordersEvents.orderModified,
    handle: (event, tx) => modifyOrder(kitchenTxFor(deps, event, tx), event.payload, event),
  });
