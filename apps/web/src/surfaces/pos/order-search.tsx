import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useCallback, useState } from 'react';
import { buttonClass, SelectField, TextField } from '../../ui/form.js';
import { formatDateTime, formatTime } from '../../ui/format.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import { businessDate, type Restaurant } from '../../ui/restaurant.js';
import { Sheet } from '../../ui/sheet.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, ErrorState, Loading, QueryState } from '../../ui/states.js';
import { CheckSheet } from './check-sheet.js';
import { OrderCard } from './order-card.js';
import { searchFilter } from './order-search-filter.js';
import { type HistoryEntry, type Order, orderStatuses } from './types.js';

/** Today's orders (or all), by number, customer and status; each opens its detail. */
export function OrderSearch({
  session,
  restaurant,
  money,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  money: (minor: number) => string;
}) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState({ text: '', status: '', today: true });
  const [search, setSearch] = useState(draft);
  const [openId, setOpenId] = useState<string | null>(null);
  const closeDetail = useCallback(() => setOpenId(null), []);
  const filter = searchFilter(search, businessDate(restaurant.timezone));
  const results = useInfiniteQuery({
    queryKey: ['pos', 'orders', 'search', filter.query],
    queryFn: ({ pageParam }) =>
      session.api.get<{ data: Order[]; next_cursor: string | null }>(
        `/orders?${filter.query}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const orders = (results.data?.pages ?? []).flatMap((page) => page.data).filter(filter.matches);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSearch({ ...draft, text: draft.text.trim() });
  }

  return (
    <section aria-labelledby="search-heading" className="flex flex-col gap-4 p-4">
      <h2 id="search-heading" className="text-xl font-bold">
        {t('pos.order_search')}
      </h2>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow">
        <div className="min-w-60 flex-1">
          <TextField
            label={t('pos.search_text')}
            hint={t('pos.search_hint')}
            type="search"
            value={draft.text}
            onValue={(text) => setDraft((current) => ({ ...current, text }))}
          />
        </div>
        <SelectField
          label={t('pos.search_status')}
          value={draft.status}
          onValue={(status) => setDraft((current) => ({ ...current, status }))}
          options={[
            ['', t('pos.any_status')],
            ...orderStatuses.map(
              (status) => [status, t(`status.${status}` as MessageKey)] as [string, string],
            ),
          ]}
        />
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            className="h-5 w-5"
            checked={draft.today}
            onChange={(event) => setDraft((current) => ({ ...current, today: event.target.checked }))}
          />
          {t('pos.today_only')}
        </label>
        <button type="submit" className={buttonClass()}>
          {t('common.search')}
        </button>
      </form>
      {results.isPending ? (
        <Loading />
      ) : results.error ? (
        <ErrorState error={results.error} onRetry={() => results.refetch()} />
      ) : orders.length === 0 && !results.hasNextPage ? (
        <Empty>{t('pos.no_results')}</Empty>
      ) : (
        <>
          <ul aria-label={t('pos.results')} className="flex flex-col gap-2">
            {orders.map((order) => (
              <li key={order.id}>
                <button
                  type="button"
                  onClick={() => setOpenId(order.id)}
                  data-result={order.number}
                  className="grid w-full grid-cols-2 gap-1 rounded-lg border border-stone-300 bg-white p-3 text-left sm:grid-cols-5"
                >
                  <span className="font-semibold">{order.number}</span>
                  <span>{t(`channel.${order.channel}` as MessageKey)}</span>
                  <span>
                    {order.customer?.name ??
                      (order.table_number && t('pos.table_heading', { number: order.table_number }))}
                  </span>
                  <span>
                    {t(`status.${order.status}` as MessageKey)} ·{' '}
                    {formatTime(order.created_at, restaurant.timezone, locale)}
                  </span>
                  <span className="text-right font-semibold">{money(order.total)}</span>
                </button>
              </li>
            ))}
          </ul>
          {results.hasNextPage && (
            <button
              type="button"
              disabled={results.isFetchingNextPage}
              onClick={() => results.fetchNextPage()}
              className={buttonClass('secondary')}
            >
              {results.isFetchingNextPage ? t('common.loading') : t('pos.more_results')}
            </button>
          )}
        </>
      )}
      {openId && (
        <OrderDetail
          session={session}
          orderId={openId}
          restaurant={restaurant}
          money={money}
          onClose={closeDetail}
        />
      )}
    </section>
  );
}

/** One order in full: lines, customer, address, status history; its check from here. */
function OrderDetail({
  session,
  orderId,
  restaurant,
  money,
  onClose,
}: {
  session: StaffSession;
  orderId: string;
  restaurant: Restaurant;
  money: (minor: number) => string;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const [paying, setPaying] = useState(false);
  const closePayment = useCallback(() => setPaying(false), []);
  const order = useQuery({
    queryKey: ['pos', 'order', orderId],
    queryFn: () => session.api.get<Order>(`/orders/${orderId}`),
  });
  const history = useQuery({
    queryKey: ['pos', 'order-history', orderId],
    queryFn: () => session.api.get<{ data: HistoryEntry[] }>(`/orders/${orderId}/history`),
  });
  if (paying && order.data)
    return (
      <CheckSheet
        session={session}
        source={order.data.session_id ? { session_id: order.data.session_id } : { order_id: order.data.id }}
        money={money}
        onClose={closePayment}
      />
    );
  return (
    <Sheet title={order.data?.number ?? t('pos.order')} onClose={onClose}>
      <QueryState query={order}>
        {(data) => (
          <div className="flex flex-col gap-3">
            {data.customer && (
              <p>
                {[data.customer.name, data.customer.phone, data.customer.email].filter(Boolean).join(' · ')}
              </p>
            )}
            {data.delivery_address && (
              <address className="not-italic">
                {[
                  data.delivery_address.line1,
                  data.delivery_address.line2,
                  data.delivery_address.city,
                  data.delivery_address.postal_code,
                ]
                  .filter(Boolean)
                  .join(', ')}
                {data.delivery_address.instructions && (
                  <span className="block text-sm text-stone-700">{data.delivery_address.instructions}</span>
                )}
              </address>
            )}
            {data.notes && <p className="italic">“{data.notes}”</p>}
            <OrderCard session={session} order={data} timeZone={restaurant.timezone} money={money} />
            {data.status !== 'cancelled' && (
              <button type="button" className={buttonClass()} onClick={() => setPaying(true)}>
                {t('pos.open_check')}
              </button>
            )}
            <h3 className="font-semibold">{t('pos.history')}</h3>
            <QueryState query={history}>
              {(entries) => (
                <ol className="flex flex-col gap-1 text-sm">
                  {entries.data.map((entry) => (
                    <li key={`${entry.status}-${entry.at}`}>
                      {formatDateTime(entry.at, restaurant.timezone, locale)} ·{' '}
                      {t(`status.${entry.status}` as MessageKey)}
                      {entry.reason && ` — ${entry.reason}`}
                    </li>
                  ))}
                </ol>
              )}
            </QueryState>
          </div>
        )}
      </QueryState>
    </Sheet>
  );
}
