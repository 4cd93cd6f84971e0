import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { idempotencyKeys } from '../../../ui/api.js';
import { buttonClass, SelectField, TextField } from '../../../ui/form.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, QueryState } from '../../../ui/states.js';
import { fetchAll } from '../menu/fetch-helpers.js';
import type { Checks } from '../menu/form-errors.js';
import { hasErrors, shownErrors } from '../menu/form-errors.js';
import { BookingError } from './booking-error.js';
import { type FloorTable, floorKeys } from './floor-data.js';
import { partySizeValid, phonePattern } from './reservation-form.js';

interface WaitlistEntry {
  id: string;
  guest_name: string;
  phone: string | null;
  party_size: number;
  quoted_wait_minutes: number;
  status: 'waiting' | 'notified' | 'seated' | 'cancelled';
}

/** Walk-ins waiting for a table: add, tell them their table is ready, seat, cancel. */
export function WaitlistPanel({ session, tables }: { session: StaffSession; tables: FloorTable[] }) {
  const { t } = useI18n();
  const waitlist = useQuery({
    queryKey: floorKeys.waitlist,
    queryFn: () => fetchAll<WaitlistEntry>(session, '/waitlist'),
  });
  return (
    <section aria-labelledby="waitlist-title" className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow">
      <h2 id="waitlist-title" className="text-xl font-semibold">
        {t('backoffice.waitlist')}
      </h2>
      <QueryState query={waitlist}>
        {(entries) =>
          entries.length === 0 ? (
            <Empty>{t('backoffice.waitlist_empty')}</Empty>
          ) : (
            <ol className="flex flex-col gap-3">
              {entries.map((entry) => (
                <WaitlistRow key={entry.id} session={session} entry={entry} tables={tables} />
              ))}
            </ol>
          )
        }
      </QueryState>
      <JoinWaitlist session={session} />
    </section>
  );
}

function WaitlistRow({
  session,
  entry,
  tables,
}: {
  session: StaffSession;
  entry: WaitlistEntry;
  tables: FloorTable[];
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const free = tables.filter((table) => table.status === 'available' && table.capacity >= entry.party_size);
  const [tableId, setTableId] = useState('');
  const act = useMutation({
    mutationFn: (action: 'notify' | 'seat' | 'cancel') =>
      session.api.post(`/waitlist/${entry.id}/${action}`, action === 'seat' ? { table_id: tableId } : {}),
    onSettled: () => client.invalidateQueries({ queryKey: floorKeys.all }),
  });
  const name = entry.guest_name;
  return (
    <li className="flex flex-col gap-2 border-b border-stone-100 pb-3">
      <div className="flex flex-wrap items-baseline gap-x-3">
        <span className="font-medium">{name}</span>
        <span>{t('backoffice.party_of', { count: entry.party_size })}</span>
        <span className="text-stone-600">
          {t('backoffice.quoted_wait', { minutes: entry.quoted_wait_minutes })}
        </span>
        {entry.status === 'notified' && (
          <span className="rounded-full bg-amber-100 px-3 py-0.5 text-sm font-semibold text-amber-900">
            {t('backoffice.notified')}
          </span>
        )}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <SelectField
          label={t('backoffice.seat_at', { name })}
          value={tableId}
          onValue={setTableId}
          options={[
            ['', free.length ? t('backoffice.choose_table') : t('backoffice.no_free_table')],
            ...free.map(
              (table) =>
                [
                  table.id,
                  t('backoffice.table_seats', { number: table.number, seats: table.capacity }),
                ] as const,
            ),
          ]}
        />
        <button
          type="button"
          className={buttonClass()}
          disabled={act.isPending || !tableId}
          onClick={() => act.mutate('seat')}
          aria-label={`${t('backoffice.seat')} · ${name}`}
        >
          {t('backoffice.seat')}
        </button>
        {entry.status === 'waiting' && (
          <button
            type="button"
            className={buttonClass('secondary')}
            disabled={act.isPending}
            onClick={() => act.mutate('notify')}
            aria-label={`${t('backoffice.notify')} · ${name}`}
          >
            {t('backoffice.notify')}
          </button>
        )}
        <button
          type="button"
          className={buttonClass('secondary')}
          disabled={act.isPending}
          onClick={() => act.mutate('cancel')}
          aria-label={`${t('backoffice.remove_from_waitlist')} · ${name}`}
        >
          {t('backoffice.remove_from_waitlist')}
        </button>
      </div>
      {act.error !== null && <BookingError error={act.error} />}
    </li>
  );
}

type JoinField = 'guest_name' | 'phone' | 'party_size';

function JoinWaitlist({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Record<JoinField, string>>({
    guest_name: '',
    phone: '',
    party_size: '2',
  });
  const [tried, setTried] = useState(false);
  const [keyFor] = useState(idempotencyKeys);
  const check = (): Checks<JoinField> => ({
    ...(!draft.guest_name.trim() && { guest_name: 'form.required' }),
    ...(draft.phone.trim() &&
      !phonePattern.test(draft.phone.trim()) && { phone: 'backoffice.phone_invalid' }),
    ...(!partySizeValid(draft.party_size) && { party_size: 'backoffice.party_invalid' }),
  });
  const join = useMutation({
    mutationFn: (body: unknown) => session.api.post('/waitlist', body, keyFor(body)),
    onSuccess: () => {
      setDraft({ guest_name: '', phone: '', party_size: '2' });
      setTried(false);
      return client.invalidateQueries({ queryKey: floorKeys.waitlist });
    },
  });
  const errors = shownErrors(t, tried ? check() : {}, join.error);
  const set = (key: JoinField) => (value: string) => setDraft((current) => ({ ...current, [key]: value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (hasErrors(check())) return;
    join.mutate({
      guest_name: draft.guest_name.trim(),
      phone: draft.phone.trim() || null,
      party_size: Number(draft.party_size),
    });
  }
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3 border-t border-stone-200 pt-3">
      <h3 className="font-semibold">{t('backoffice.add_to_waitlist')}</h3>
      <TextField
        label={t('backoffice.guest_name')}
        autoComplete="off"
        value={draft.guest_name}
        onValue={set('guest_name')}
        error={errors.guest_name}
      />
      <TextField
        label={t('backoffice.phone')}
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
      {join.error !== null && <BookingError error={join.error} />}
      <button type="submit" className={`${buttonClass()} self-start`} disabled={join.isPending}>
        {t('backoffice.add_to_waitlist')}
      </button>
    </form>
  );
}
