import { defineErrors } from '@brigade/kernel';

/** The payments module's own failures; the provider layer's codes (payment_declined …) travel as they are. */
export const paymentsErrors = defineErrors({
  check_not_found: 'not_found',
  part_not_found: 'not_found',
  payment_not_found: 'not_found',
  drawer_not_found: 'not_found',
  /** The check is closed (fully paid): nothing more can be paid or split. */
  check_closed: 'conflict',
  /** The order is on its table session's open check: pay it there. */
  order_on_other_check: 'conflict',
  /** The order or table session has nothing to pay (no active lines). */
  nothing_to_pay: 'rule',
  /** More than is still due on the check or part. */
  amount_exceeds_due: 'rule',
  /** A part already took a payment: the check can no longer be split differently. */
  split_locked: 'conflict',
  /** The split does not add up (fractions over a whole line, amounts not equal to what is due …). */
  split_invalid: 'invalid',
  /** Refunds may not exceed what was paid (and not yet refunded). */
  refund_exceeds_paid: 'rule',
  /** Only a succeeded payment can be refunded. */
  payment_not_refundable: 'conflict',
  /** The payment is not a Razorpay payment waiting for Checkout, or the order id is not its own. */
  razorpay_order_mismatch: 'rule',
  /** Razorpay Checkout's signature does not match. */
  checkout_signature_invalid: 'invalid',
  /** The same Idempotency-Key was used for a different payment. */
  idempotency_key_reused: 'rule',
  /** A drawer with this name is open already / the drawer is closed. */
  drawer_open: 'conflict',
  drawer_closed: 'conflict',
  /** Payments belong to a restaurant; the caller acts for none. */
  restaurant_required: 'invalid',
  /** The table has no open visit (nobody seated, or the party left): there is no check to show. */
  table_visit_not_open: 'conflict',
  /** The webhook's restaurant does not exist or has no such provider configured. */
  webhook_unknown_endpoint: 'not_found',
});

export type PaymentsErrorCode = keyof typeof paymentsErrors.codes;
