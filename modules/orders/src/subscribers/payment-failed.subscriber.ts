import { defineSubscriber } from '@brigade/messaging';
import { paymentsEvents } from '@brigade/payments';
import { applyPaymentOutcome } from '../payment-outcome.js';
import type { OrdersDeps } from '../support.js';

/** A payment failed: an order waiting for it is parked in payment_failed until the guest retries. */
export const paymentFailed = (deps: OrdersDeps) =>
  defineSubscriber({
    subscriberId: 'orders.payments.payment-failed',
    event: paymentsEvents.paymentFailed,
    handle: (event, tx) => applyPaymentOutcome(deps, tx, event, 'failed', event.payload.reason),
  });
