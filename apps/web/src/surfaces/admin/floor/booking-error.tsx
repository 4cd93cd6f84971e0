import { type MessageKey, useI18n } from '../../../ui/i18n.js';
import { ApiError } from '../../../ui/problem.js';
import { ErrorState } from '../../../ui/states.js';

/** The floor's booking conflicts, in the words a host would use. */
const bookingMessages: Record<string, MessageKey> = {
  table_unavailable: 'backoffice.error_table_unavailable',
  party_too_large: 'backoffice.error_party_too_large',
  starts_at_in_past: 'backoffice.error_starts_in_past',
  reservation_not_active: 'backoffice.error_reservation_not_active',
  waitlist_entry_not_active: 'backoffice.error_waitlist_not_active',
  table_has_open_session: 'backoffice.error_table_has_session',
  session_already_open: 'backoffice.error_table_has_session',
  table_has_reservations: 'backoffice.error_table_has_reservations',
  table_number_taken: 'backoffice.error_table_number_taken',
  area_not_empty: 'backoffice.error_area_not_empty',
};

/** An error of a floor or booking action: our sentence for the known conflicts, ErrorState otherwise. */
export function BookingError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const known = error instanceof ApiError ? bookingMessages[error.code] : undefined;
  if (!known) return <ErrorState error={error} />;
  return (
    <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 font-medium text-red-900">
      {t(known)}
    </p>
  );
}
