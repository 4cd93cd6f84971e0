import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { formatElapsed } from '../../ui/format.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, ErrorState, QueryState } from '../../ui/states.js';
import { chime } from './sound.js';
import type { AllDayRow, Page, Ticket } from './types.js';
import { useNow } from './use-now.js';

const recallWindowMs = 10 * 60_000;

export type TicketAction = 'start' | 'bump' | 'recall' | 'rush';

/** One station's (or every station's) board: tickets, all-day counts and recent bumps. */
export function Board({ session, station }: { session: StaffSession; station: string | null }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const query = station ? `station=${encodeURIComponent(station)}&` : '';
  const tickets = useQuery({
    queryKey: ['kds', 'tickets', station],
    queryFn: () => session.api.get<Page<Ticket>>(`/kds/tickets?${query}limit=100`),
    // The feed refreshes the board; this only bounds the damage of a silent socket.
    refetchInterval: 60_000,
  });
  const bumped = useQuery({
    queryKey: ['kds', 'bumped', station],
    queryFn: () => session.api.get<Page<Ticket>>(`/kds/tickets?${query}status=bumped&limit=100`),
  });
  const allDay = useQuery({
    queryKey: ['kds', 'all-day', station],
    queryFn: () =>
      session.api.get<Page<AllDayRow>>(
        `/kds/all-day${station ? `?station=${encodeURIComponent(station)}` : ''}`,
      ),
  });
  const act = useMutation({
    mutationFn: ({ ticket, action }: { ticket: Ticket; action: TicketAction }) =>
      session.api.post(`/kds/tickets/${ticket.id}/${action}`),
    onSettled: () => client.invalidateQueries({ queryKey: ['kds'] }),
  });

  // A chime when a ticket arrives that the board has not shown before.
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!tickets.data) return;
    const ids = new Set(tickets.data.data.map((ticket) => ticket.id));
    if (known.current && [...ids].some((id) => !known.current!.has(id))) chime();
    known.current = ids;
  }, [tickets.data]);

  const now = useNow();
  const age = (ticket: Ticket) => ticket.elapsed_seconds + (now - tickets.dataUpdatedAt) / 1000;
  const recent = (bumped.data?.data ?? [])
    .filter((ticket) => ticket.bumped_at && now - Date.parse(ticket.bumped_at) < recallWindowMs)
    .sort((a, b) => Date.parse(b.bumped_at!) - Date.parse(a.bumped_at!))
    .slice(0, 6);

  return (
    <div className="flex flex-1 flex-col gap-4 p-4 lg:flex-row">
      <main className="flex-1">
        {act.error && (
          <div className="mb-3">
            <ErrorState error={act.error} />
          </div>
        )}
        <QueryState query={tickets}>
          {(page) =>
            page.data.length === 0 ? (
              <Empty>{t('kds.no_tickets')}</Empty>
            ) : (
              <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-live="polite">
                {page.data.map((ticket) => (
                  <li key={ticket.id}>
                    <TicketCard
                      ticket={ticket}
                      age={age(ticket)}
                      busy={act.isPending}
                      onAction={(action) => act.mutate({ ticket, action })}
                    />
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      </main>
      <aside className="flex w-full flex-col gap-4 lg:w-72">
        <section aria-labelledby="all-day" className="rounded-xl bg-white p-3 shadow">
          <h2 id="all-day" className="mb-2 text-lg font-bold">
            {t('kds.all_day')}
          </h2>
          <QueryState query={allDay}>
            {(page) => (
              <ul className="divide-y divide-stone-200">
                {page.data.map((row) => (
                  <li key={`${row.name}-${row.variant_name}`} className="flex justify-between py-1">
                    <span>
                      {row.name}
                      {row.variant_name && ` (${row.variant_name})`}
                      <span className="block text-xs text-stone-600">
                        {t('kds.not_started', { count: row.not_started })}
                      </span>
                    </span>
                    <span className="text-xl font-bold">{row.quantity}</span>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </section>
        {recent.length > 0 && (
          <section aria-labelledby="recent" className="rounded-xl bg-white p-3 shadow">
            <h2 id="recent" className="mb-2 text-lg font-bold">
              {t('kds.recently_bumped')}
            </h2>
            <ul className="flex flex-col gap-2">
              {recent.map((ticket) => (
                <li key={ticket.id} className="flex items-center justify-between gap-2">
                  <span className="text-sm">
                    {ticket.order_number.slice(-3)} · {ticket.items.map((item) => item.name).join(', ')}
                  </span>
                  <button
                    type="button"
                    onClick={() => act.mutate({ ticket, action: 'recall' })}
                    className="rounded-md border border-stone-500 px-3 text-sm"
                    aria-label={`${t('kds.recall')} ${ticket.order_number}`}
                  >
                    {t('kds.recall')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </aside>
    </div>
  );
}

/** Green under half the target time, amber until the target, red once late. */
function urgency(ticket: Ticket, age: number) {
  if (ticket.type === 'void') return 'border-stone-900 bg-stone-800 text-white';
  if (ticket.late || age >= ticket.target_seconds) return 'border-red-700 bg-red-50';
  if (age >= ticket.target_seconds / 2) return 'border-amber-600 bg-amber-50';
  return 'border-green-700 bg-white';
}

export function TicketCard({
  ticket,
  age,
  busy,
  onAction,
}: {
  ticket: Ticket;
  age: number;
  busy: boolean;
  onAction: (action: TicketAction) => void;
}) {
  const { t } = useI18n();
  const late = ticket.type === 'food' && (ticket.late || age >= ticket.target_seconds);
  const button = 'flex-1 rounded-lg px-3 font-semibold disabled:opacity-60';
  return (
    <article
      aria-label={t('kds.ticket_label', { number: ticket.order_number, station: ticket.station })}
      data-ticket={ticket.order_number}
      className={`flex h-full flex-col rounded-xl border-4 p-3 shadow ${urgency(ticket, age)}`}
    >
      <header className="flex items-start justify-between gap-2">
        <div>
          <p className="text-lg font-bold">{ticket.table_number ?? `#${ticket.order_number.slice(-3)}`}</p>
          <p className="text-xs opacity-80">
            {ticket.order_number} · {t(`channel.${ticket.channel}` as MessageKey)} · {ticket.station}
            {ticket.course > 1 && ` · ${t('kds.course', { course: ticket.course })}`}
          </p>
        </div>
        <div className="text-right">
          <p className="font-mono text-xl font-bold">{formatElapsed(age)}</p>
          {ticket.rush && (
            <span className="rounded bg-red-700 px-2 text-xs font-bold text-white">{t('kds.rushed')}</span>
          )}
          {late && (
            <span className="ml-1 rounded bg-red-700 px-2 text-xs font-bold text-white">{t('kds.late')}</span>
          )}
        </div>
      </header>
      {ticket.type === 'void' && (
        <p className="mt-1 font-bold">
          {t('kds.void_ticket')}
          {ticket.reason && `: ${ticket.reason}`}
        </p>
      )}
      <ul className="my-2 flex-1">
        {ticket.items.map((item) => (
          <li key={item.line_id} className="py-0.5">
            <span className="text-lg font-semibold">
              {item.quantity} × {item.name}
              {item.variant_name && ` (${item.variant_name})`}
            </span>
            {item.seat !== null && <span className="ml-2 text-sm">{t('kds.seat', { seat: item.seat })}</span>}
            {item.options.length > 0 && <span className="block text-sm">{item.options.join(', ')}</span>}
            {item.notes && <span className="block text-sm font-semibold italic">“{item.notes}”</span>}
          </li>
        ))}
      </ul>
      <div className="flex gap-2">
        {ticket.type === 'food' && ticket.status === 'fired' && (
          <button
            type="button"
            disabled={busy}
            onClick={() => onAction('start')}
            className={`${button} bg-stone-200 text-stone-900`}
          >
            {t('kds.start')}
          </button>
        )}
        {ticket.type === 'food' && (
          <button
            type="button"
            disabled={busy}
            onClick={() => onAction('rush')}
            className={`${button} border border-red-700 bg-white text-red-800`}
          >
            {ticket.rush ? t('kds.unrush') : t('kds.rush')}
          </button>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={() => onAction('bump')}
          className={`${button} bg-green-800 text-white`}
        >
          {t('kds.bump')}
        </button>
      </div>
    </article>
  );
}
