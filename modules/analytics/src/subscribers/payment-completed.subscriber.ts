import { defineSubscriber } from '@brigade/messaging';
import { paymentsEvents } from '@brigade/payments';
import { recordPayment } from '../db/read-model.js';

/** Money taken: its tip counts on the day it was paid. */
export const paymentCompleted = defineSubscriber({
  subscriberId: 'analytics.sales.payment-completed',
  event: paymentsEvents.paymentCompleted,
  handle: ({ payload, tenant_id, occurred_at }, tx) =>
    recordPayment(tx, tenant_id, {
      paymentId: payload.payment_id,
      method: payload.method,
      amount: payload.amount,
      tip: payload.tip,
      at: occurred_at,
    }),
});
