import { defineErrors } from '@brigade/kernel';

export const floorErrors = defineErrors({
  area_not_found: 'not_found',
  table_not_found: 'not_found',
  session_not_found: 'not_found',
  reservation_not_found: 'not_found',
  waitlist_entry_not_found: 'not_found',
  /** A QR token that never existed, was rotated away or whose table was deleted. */
  qr_code_not_found: 'not_found',
  area_name_taken: 'conflict',
  table_number_taken: 'conflict',
  area_not_empty: 'conflict',
  invalid_transition: 'conflict',
  table_has_open_session: 'conflict',
  table_has_reservations: 'conflict',
  session_already_open: 'conflict',
  session_not_open: 'conflict',
  table_unavailable: 'conflict',
  reservation_not_active: 'conflict',
  waitlist_entry_not_active: 'conflict',
  /** The QR secret changed since this code was issued: rotate it to print a working one. */
  qr_rotation_required: 'conflict',
  party_too_large: 'rule',
  cannot_merge_into_itself: 'rule',
  starts_at_in_past: 'invalid',
  /** Floor data belongs to a restaurant; the caller (the platform admin) acts for none. */
  restaurant_required: 'invalid',
  table_required: 'invalid',
});

export type FloorErrorCode = keyof typeof floorErrors.codes;
