import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { cancelOrder } from '../db/read-model.js';

/** A cancelled order leaves the sales, whenever its other events arrive. */
export const orderCancelled = defineSubscriber({
  subscriberId: 'analytics.sales.order-cancelled',
  event: ordersEvents.orderCancelled,
  handle: ({ payload, tenant_id }, tx) => cancelOrder(tx, tenant_id, payload.order_id, payload.channel),
});
