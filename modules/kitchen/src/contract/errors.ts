import { defineErrors } from '@brigade/kernel';

export const kitchenErrors = defineErrors({
  ticket_not_found: 'not_found',
  /** The kitchen has no tickets for this order (unknown, another restaurant's, or not yet arrived). */
  order_not_found: 'not_found',
  worker_not_found: 'not_found',
  /** The ticket's state does not allow this (e.g. starting a held ticket, recalling an open one). */
  invalid_transition: 'conflict',
  /** Bumped too long ago to recall (the window is a module option). */
  recall_window_passed: 'conflict',
  /** Courses are fired once the order is confirmed (online orders wait for payment). */
  order_not_confirmed: 'conflict',
  /** The order is cancelled or finished: its tickets no longer change. */
  order_closed: 'conflict',
  /** The order has no tickets of that course. */
  course_not_found: 'rule',
  /** `from` must be before `to`. */
  invalid_range: 'invalid',
  /** Kitchen data belongs to a restaurant; the caller (the platform admin) acts for none. */
  restaurant_required: 'invalid',
});

export type KitchenErrorCode = keyof typeof kitchenErrors.codes;
