import { defineSubscriber, type Subscriber } from '@brigade/messaging';
import { statusEventFor } from '@brigade/orders';
import { orderStatusChanged } from '../intake.js';
import type { KitchenDeps } from '../tickets.service.js';
import { kitchenTxFor } from './kitchen-tx.js';

/**
 * Every status move of an order (confirmed, preparing, ready, served … reopened): the kitchen
 * keeps the order's status for the expo, and a confirmation puts its first course on the line
 * (online orders wait for payment).
 */
export const orderStatusSubscribers = (deps: KitchenDeps): Subscriber[] =>
  Object.entries(statusEventFor).map(([status, event]) =>
    defineSubscriber({
      subscriberId: `kitchen.orders.status-${status.replaceAll('_', '-')}`,
      event,
      handle: (envelope, tx) =>
        orderStatusChanged(kitchenTxFor(deps, envelope, tx), envelope.payload, envelope),
    }),
  );
