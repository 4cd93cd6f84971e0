import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { idempotencyKeys } from '../../../ui/api.js';
import { buttonClass, Field, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { useFocusOnOpen } from '../menu/focus-on-open.js';
import { hasErrors, shownErrors } from '../menu/form-errors.js';
import { BookingError } from './booking-error.js';
import { type FloorTable, floorKeys } from './floor-data.js';
import {
  checkReservation,
  type Reservation,
  type ReservationDraft,
  reservationBody,
  reservationDraft,
} from './reservation-form.js';

/** Book a table, or reschedule / amend a booking (pending or confirmed). */
export function ReservationEditor({
  session,
  timeZone,
  day,
  reservation,
  tables,
  onDone,
}: {
  session: StaffSession;
  timeZone: string;
  day: string;
  reservation: Reservation | null;
  tables: FloorTable[];
  onDone: (day: string) => void;
}) {
  const { t } = useI18n();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const client = useQueryClient();
  const [draft, setDraft] = useState<ReservationDraft>(() => reservationDraft(reservation, timeZone, day));
  const [tried, setTried] = useState(false);
  const [keyFor] = useState(idempotencyKeys);
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof reservationBody>) =>
      reservation
        ? session.api.patch(`/reservations/${reservation.id}`, body)
        : session.api.post('/reservations', body, keyFor(body)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: floorKeys.all });
      onDone(draft.date);
    },
  });
  const errors = shownErrors(t, tried ? checkReservation(draft, timeZone) : {}, save.error, {
    starts_at: 'date',
  });
  const set = (key: keyof ReservationDraft) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (hasErrors(checkReservation(draft, timeZone))) return;
    save.mutate(reservationBody(draft, timeZone));
  }

  return (
    <section
      aria-labelledby="reservation-editor-title"
      className="flex flex-col gap-4 rounded-xl bg-white p-4 shadow"
    >
      <h2
        ref={heading}
        tabIndex={-1}
        id="reservation-editor-title"
        className="outline-none text-xl font-semibold"
      >
        {reservation
          ? t('backoffice.edit_reservation', { name: reservation.guest_name })
          : t('backoffice.new_reservation')}
      </h2>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <div className="grid gap-4 md:grid-cols-3">
          <TextField
            label={t('backoffice.guest_name')}
            autoComplete="off"
            value={draft.guest_name}
            onValue={set('guest_name')}
            error={errors.guest_name}
          />
          <TextField
            label={t('backoffice.phone')}
            hint={t('backoffice.optional')}
            type="tel"
            value={draft.phone}
            onValue={set('phone')}
            error={errors.phone}
          />
          <TextField
            label={t('backoffice.party_size')}
            inputMode="numeric"
            value={draft.party_size}
            onValue={set('party_size')}
            error={errors.party_size}
          />
          <TextField
            label={t('backoffice.date')}
            type="date"
            value={draft.date}
            onValue={set('date')}
            error={errors.date}
          />
          <TextField
            label={t('backoffice.time')}
            hint={t('backoffice.time_zone_hint', { zone: timeZone })}
            type="time"
            value={draft.time}
            onValue={set('time')}
            error={errors.time}
          />
          <TextField
            label={t('backoffice.duration')}
            inputMode="numeric"
            value={draft.duration_minutes}
            onValue={set('duration_minutes')}
            error={errors.duration_minutes}
          />
          <SelectField
            label={t('backoffice.table')}
            value={draft.table_id}
            onValue={set('table_id')}
            error={errors.table_id}
            options={[
              ['', t('backoffice.no_table_yet')],
              ...tables.map(
                (table) =>
                  [
                    table.id,
                    t('backoffice.table_seats', { number: table.number, seats: table.capacity }),
                  ] as const,
              ),
            ]}
          />
        </div>
        <Field label={t('backoffice.notes')} error={errors.notes}>
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={draft.notes}
              onChange={(event) => set('notes')(event.target.value)}
              className="rounded-md border border-stone-400 bg-white px-3 py-2"
            />
          )}
        </Field>
        {save.error !== null && <BookingError error={save.error} />}
        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={save.isPending} className={buttonClass()}>
            {reservation ? t('backoffice.save') : t('backoffice.book')}
          </button>
          <button type="button" onClick={() => onDone(day)} className={buttonClass('secondary')}>
            {t('backoffice.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
