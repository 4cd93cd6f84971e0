import { defineSubscriber } from '@brigade/messaging';
import { paymentsEvents } from '@brigade/payments';
import { recordRefund } from '../db/read-model.js';

/** Money given back, on the day it went back. */
export const refundProcessed = defineSubscriber({
  subscriberId: 'analytics.sales.refund-processed',
  event: paymentsEvents.refundProcessed,
  handle: ({ payload, tenant_id, occurred_at }, tx) =>
    recordRefund(tx, tenant_id, {
      refundId: payload.refund_id,
      paymentId: payload.payment_id,
      method: payload.method,
      amount: payload.refund_amount,
      at: occurred_at,
    }),
});
