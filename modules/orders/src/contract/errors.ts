import { defineErrors } from '@brigade/kernel';

export const ordersErrors = defineErrors({
  order_not_found: 'not_found',
  line_not_found: 'not_found',
  /** The line was voided already. */
  line_already_voided: 'conflict',
  /** A partial void names more than the line holds. */
  void_quantity_too_large: 'invalid',
  /** The status machine does not allow this move (e.g. ready → confirmed). */
  invalid_transition: 'conflict',
  /** The order is completed or cancelled: nothing more can change. */
  order_closed: 'conflict',
  /** Other changes to the order kept getting in first; try again. */
  order_busy: 'conflict',
  /** One or more lines cannot be ordered: `errors[]` names each line (`lines[2].option_ids`). */
  lines_rejected: 'rule',
  /** The table session is closed or merged, or the table is gone / has no session for staff orders. */
  table_closed: 'rule',
  /** The restaurant has not published a menu yet. */
  menu_not_published: 'rule',
  /** The kitchen already started the line: voiding needs orders:void and a reason. */
  void_needs_manager: 'forbidden',
  reason_required: 'invalid',
  /** dine_in without table_id / session_id / table_token; delivery without an address. */
  channel_details_required: 'invalid',
  /** A customer may only order online, takeout or delivery, for themselves. */
  channel_not_allowed: 'forbidden',
  /** Orders belong to a restaurant; the caller (the platform admin) acts for none. */
  restaurant_required: 'invalid',
  /** The tracking link is malformed, forged or for another order. */
  tracking_token_invalid: 'not_found',
});

export type OrdersErrorCode = keyof typeof ordersErrors.codes;
