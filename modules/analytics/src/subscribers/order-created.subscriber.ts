import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { recordLines, recordOrder } from '../db/read-model.js';

/** A placed order: its day, channel, totals and lines. */
export const orderCreated = defineSubscriber({
  subscriberId: 'analytics.sales.order-created',
  event: ordersEvents.orderCreated,
  async handle({ payload, tenant_id, occurred_at }, tx) {
    await recordOrder(tx, tenant_id, {
      orderId: payload.order_id,
      channel: payload.channel,
      placedAt: payload.placed_at,
      total: payload.total,
      totalsAt: occurred_at,
    });
    await recordLines(tx, tenant_id, payload.order_id, payload.lines);
  },
});
