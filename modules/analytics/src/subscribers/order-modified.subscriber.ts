import { defineSubscriber } from '@brigade/messaging';
import { ordersEvents } from '@brigade/orders';
import { recordLines, recordOrder, voidLines } from '../db/read-model.js';

/** Lines added or voided: the order's new totals, its new lines, less what was voided. */
export const orderModified = defineSubscriber({
  subscriberId: 'analytics.sales.order-modified',
  event: ordersEvents.orderModified,
  async handle({ payload, tenant_id, occurred_at }, tx) {
    await recordOrder(tx, tenant_id, {
      orderId: payload.order_id,
      channel: payload.channel,
      placedAt: null,
      total: payload.total,
      totalsAt: occurred_at,
    });
    await recordLines(tx, tenant_id, payload.order_id, payload.added_lines);
    await voidLines(tx, tenant_id, payload.order_id, payload.voided_lines);
  },
});
