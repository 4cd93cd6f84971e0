import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { buttonClass, SelectField, TextField } from '../../../ui/form.js';
import { formatTime } from '../../../ui/format.js';
import { useI18n } from '../../../ui/i18n.js';
import type { Restaurant } from '../../../ui/restaurant.js';
import { businessDate } from '../../../ui/restaurant.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, ErrorState, Loading, QueryState } from '../../../ui/states.js';
import { fetchAll } from '../menu/fetch-helpers.js';
import { BookingError } from './booking-error.js';
import { type FloorTable, floorKeys, useFloorLive, useTables } from './floor-data.js';
import { ReservationEditor } from './reservation-editor.js';
import type { Reservation } from './reservation-form.js';
import { WaitlistPanel } from './waitlist-panel.js';

/** Reservations of one business day, by time, with their actions; the waitlist beside them. */
export function ReservationsSection({
  session,
  restaurant,
}: {
  session: StaffSession;
  restaurant: Restaurant;
}) {
  const { t } = useI18n();
  const timeZone = restaurant.timezone;
  const [day, setDay] = useState(() => businessDate(timeZone));
  const [editing, setEditing] = useState<{ reservation: Reservation | null } | null>(null);
  const tables = useTables(session);
  useFloorLive(session);
  const reservations = useQuery({
    queryKey: floorKeys.reservations(day),
    queryFn: () => fetchAll<Reservation>(session, `/reservations?date=${day}`),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(day),
  });
  if (tables.error) return <ErrorState error={tables.error} onRetry={() => tables.refetch()} />;
  if (!tables.data) return <Loading />;
  const allTables = tables.data;

  return (
    <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div className="flex flex-col gap-4">
        {editing && (
          <ReservationEditor
            key={editing.reservation?.id ?? 'new'}
            session={session}
            timeZone={timeZone}
            day={day}
            reservation={editing.reservation}
            tables={allTables}
            onDone={(next) => {
              setDay(next);
              setEditing(null);
            }}
          />
        )}
        <section
          aria-labelledby="reservations-title"
          className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow"
        >
          <div className="flex flex-wrap items-end gap-3">
            <h2 id="reservations-title" className="mr-auto text-xl font-semibold">
              {t('backoffice.reservations')}
            </h2>
            <TextField label={t('backoffice.day')} type="date" value={day} onValue={setDay} />
            <button type="button" className={buttonClass()} onClick={() => setEditing({ reservation: null })}>
              {t('backoffice.new_reservation')}
            </button>
          </div>
          <QueryState query={reservations}>
            {(list) =>
              list.length === 0 ? (
                <Empty>{t('backoffice.no_reservations')}</Empty>
              ) : (
                <ol className="flex flex-col gap-2">
                  {[...list]
                    .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
                    .map((reservation) => (
                      <ReservationRow
                        key={reservation.id}
                        session={session}
                        timeZone={timeZone}
                        reservation={reservation}
                        tables={allTables}
                        onEdit={() => setEditing({ reservation })}
                      />
                    ))}
                </ol>
              )
            }
          </QueryState>
        </section>
      </div>
      <WaitlistPanel session={session} tables={allTables} />
    </div>
  );
}

const active = (reservation: Reservation) =>
  reservation.status === 'pending' || reservation.status === 'confirmed';

function ReservationRow({
  session,
  timeZone,
  reservation,
  tables,
  onEdit,
}: {
  session: StaffSession;
  timeZone: string;
  reservation: Reservation;
  tables: FloorTable[];
  onEdit: () => void;
}) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [seatAt, setSeatAt] = useState(reservation.table_id ?? '');
  const act = useMutation({
    mutationFn: (action: 'confirm' | 'seat' | 'cancel' | 'no-show') =>
      session.api.post(
        `/reservations/${reservation.id}/${action}`,
        action === 'seat' && seatAt !== reservation.table_id ? { table_id: seatAt } : {},
      ),
    onSettled: () => client.invalidateQueries({ queryKey: floorKeys.all }),
  });
  const table = tables.find((entry) => entry.id === reservation.table_id);
  const name = reservation.guest_name;
  const button = (
    action: 'confirm' | 'seat' | 'cancel' | 'no-show',
    label: string,
    kind: 'primary' | 'secondary',
  ) => (
    <button
      type="button"
      className={buttonClass(kind)}
      disabled={act.isPending || (action === 'seat' && !seatAt)}
      onClick={() => act.mutate(action)}
      aria-label={`${label} · ${name}`}
    >
      {label}
    </button>
  );
  return (
    <li data-reservation={reservation.id} className="flex flex-col gap-2 border-b border-stone-100 pb-3">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <span className="text-lg font-semibold tabular-nums">
          {formatTime(reservation.starts_at, timeZone, locale)}
        </span>
        <span className="font-medium">{name}</span>
        <span>{t('backoffice.party_of', { count: reservation.party_size })}</span>
        {reservation.phone && <span className="text-stone-600">{reservation.phone}</span>}
        <span className="text-stone-600">
          {table
            ? t('backoffice.table_number_short', { number: table.number })
            : t('backoffice.no_table_yet')}
        </span>
        <span className="rounded-full bg-stone-100 px-3 py-0.5 text-sm font-semibold text-stone-900">
          {t(`backoffice.reservation_${reservation.status}`)}
        </span>
      </div>
      {reservation.notes && <p className="text-sm text-stone-600">{reservation.notes}</p>}
      {active(reservation) && (
        <div className="flex flex-wrap items-end gap-2">
          {!reservation.table_id && (
            <SelectField
              label={t('backoffice.seat_at', { name })}
              value={seatAt}
              onValue={setSeatAt}
              options={[
                ['', t('backoffice.choose_table')],
                ...tables.map((entry) => [entry.id, entry.number] as const),
              ]}
            />
          )}
          {button('seat', t('backoffice.seat'), 'primary')}
          {reservation.status === 'pending' && button('confirm', t('backoffice.confirm'), 'secondary')}
          <button
            type="button"
            className={buttonClass('secondary')}
            onClick={onEdit}
            aria-label={t('backoffice.edit_reservation', { name })}
          >
            {t('backoffice.edit')}
          </button>
          {button('no-show', t('backoffice.no_show'), 'secondary')}
          {button('cancel', t('backoffice.cancel_booking'), 'secondary')}
        </div>
      )}
      {act.error !== null && <BookingError error={act.error} />}
    </li>
  );
}
