import { defineSubscriber } from '@brigade/messaging';
import { paymentsEvents } from '@brigade/payments';
import { applyPaymentOutcome } from '../payment-outcome.js';
import type { OrdersDeps } from '../support.js';

/** A payment settled its check: the check's orders waiting for payment are confirmed (or completed). */
export const paymentCompleted = (deps: OrdersDeps) =>
  defineSubscriber({
    subscriberId: 'orders.payments.payment-completed',
    event: paymentsEvents.paymentCompleted,
    handle: async (event, tx) => {
      if (event.payload.check_status !== 'closed') return;
      await applyPaymentOutcome(deps, tx, event, 'settled', 'paid');
    },
  });
