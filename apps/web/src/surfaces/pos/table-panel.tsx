import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { idempotencyKeys, newIdempotencyKey } from '../../ui/api.js';
import { formatMoney, formatTime } from '../../ui/format.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import { ItemSheet, Stepper } from '../../ui/menu/item-sheet.js';
import {
  type CartLine,
  type MenuItem,
  type ModifierGroup,
  orderLines,
  type PublicMenu,
  unitPrice,
} from '../../ui/menu/types.js';
import type { Restaurant } from '../../ui/restaurant.js';
import { Sheet } from '../../ui/sheet.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, ErrorState, QueryState } from '../../ui/states.js';
import type { FloorTable } from './types.js';

interface SessionOrder {
  id: string;
  number: string;
  status: string;
  total: number;
  created_at: string;
  lines: { id: string; name: string; quantity: number; status: string }[];
}

/** One table: seat a party, see its orders, add items and send them to the kitchen. */
export function TablePanel({
  session,
  table,
  restaurant,
}: {
  session: StaffSession;
  table: FloorTable;
  restaurant: Restaurant;
}) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [covers, setCovers] = useState(Math.min(2, table.capacity));
  const [adding, setAdding] = useState(false);
  const money = (minor: number) => formatMoney(minor, restaurant.currency, locale);
  const sessionId = table.open_session_id;

  const seat = useMutation({
    mutationFn: () => session.api.post(`/tables/${table.id}/sessions`, { covers }, newIdempotencyKey()),
    onSuccess: () => client.invalidateQueries({ queryKey: ['floor'] }),
  });
  const orders = useQuery({
    queryKey: ['floor', 'orders', sessionId],
    queryFn: () => session.api.get<{ data: SessionOrder[] }>(`/orders?session_id=${sessionId}&limit=50`),
    enabled: sessionId !== null,
  });

  return (
    <aside aria-labelledby="table-heading" className="w-full rounded-xl bg-white p-4 shadow lg:w-96">
      <h2 id="table-heading" className="text-xl font-bold">
        {t('pos.table_heading', { number: table.number })}
      </h2>
      <p className="text-sm text-stone-700">
        {t(`pos.table_status.${table.status}` as MessageKey)} · {t('pos.seats', { count: table.capacity })}
      </p>
      {seat.error && <ErrorState error={seat.error} />}
      {sessionId === null ? (
        <div className="mt-4 flex flex-col gap-3">
          <Stepper value={covers} onChange={setCovers} label={t('pos.covers')} />
          <button
            type="button"
            disabled={seat.isPending}
            onClick={() => seat.mutate()}
            className="rounded-lg bg-amber-800 px-4 font-semibold text-white disabled:opacity-60"
          >
            {t('pos.seat_guests', { count: covers })}
          </button>
        </div>
      ) : (
        <div className="mt-4 flex flex-col gap-3">
          <button
            type="button"
            onClick={() => setAdding(true)}
            className="rounded-lg bg-amber-800 px-4 font-semibold text-white"
          >
            {t('pos.add_items')}
          </button>
          <QueryState query={orders}>
            {(page) =>
              page.data.length === 0 ? (
                <Empty>{t('pos.no_orders')}</Empty>
              ) : (
                <ul className="flex flex-col gap-2">
                  {page.data.map((order) => (
                    <li
                      key={order.id}
                      data-order={order.number}
                      className="rounded-lg border border-stone-200 p-2"
                    >
                      <div className="flex justify-between font-semibold">
                        <span>{order.number}</span>
                        <span>{t(`status.${order.status}` as MessageKey)}</span>
                      </div>
                      <p className="text-sm text-stone-700">
                        {formatTime(order.created_at, restaurant.timezone, locale)} ·{' '}
                        {order.lines
                          .filter((line) => line.status === 'active')
                          .map((line) => `${line.quantity}× ${line.name}`)
                          .join(', ')}
                      </p>
                      <p className="text-right font-semibold">{money(order.total)}</p>
                    </li>
                  ))}
                </ul>
              )
            }
          </QueryState>
        </div>
      )}
      {adding && sessionId && (
        <OrderSheet
          session={session}
          restaurant={restaurant}
          sessionId={sessionId}
          money={money}
          onClose={() => setAdding(false)}
          onSent={() => {
            setAdding(false);
            void client.invalidateQueries({ queryKey: ['floor'] });
          }}
        />
      )}
    </aside>
  );
}

/** The menu (the live published one) and the round being built; "Send to kitchen" places it. */
function OrderSheet({
  session,
  restaurant,
  sessionId,
  money,
  onClose,
  onSent,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  sessionId: string;
  money: (minor: number) => string;
  onClose: () => void;
  onSent: () => void;
}) {
  const { t } = useI18n();
  const menu = useQuery({
    queryKey: ['menu', 'live', restaurant.slug],
    queryFn: () => session.api.get<PublicMenu>(`/public/restaurants/${restaurant.slug}/menu`),
  });
  const [lines, setLines] = useState<CartLine[]>([]);
  const [item, setItem] = useState<MenuItem | null>(null);
  const keyFor = useRef(idempotencyKeys());
  const send = useMutation({
    mutationFn: () => {
      const body = { channel: 'dine_in', session_id: sessionId, lines: orderLines(lines) };
      return session.api.post('/orders', body, keyFor.current(body));
    },
    onSuccess: onSent,
  });
  const groups = new Map<string, ModifierGroup>(
    (menu.data?.modifier_groups ?? []).map((group) => [group.id, group]),
  );
  const total = lines.reduce((sum, line) => sum + unitPrice(line) * line.quantity, 0);

  if (item) {
    return (
      <ItemSheet
        item={item}
        groups={groups}
        money={money}
        onClose={() => setItem(null)}
        onAdd={(line) => {
          setLines((current) => [...current, line]);
          setItem(null);
        }}
      />
    );
  }
  return (
    <Sheet
      title={t('pos.add_items')}
      onClose={onClose}
      footer={
        <button
          type="button"
          disabled={lines.length === 0 || send.isPending}
          onClick={() => send.mutate()}
          className="flex w-full justify-between rounded-xl bg-green-800 px-5 py-3 text-lg font-semibold text-white disabled:opacity-60"
        >
          <span>{t('pos.send_to_kitchen')}</span>
          <span>{money(total)}</span>
        </button>
      }
    >
      {send.error && <ErrorState error={send.error} />}
      {lines.length > 0 && (
        <ul className="mb-3 divide-y divide-stone-200 rounded-lg bg-stone-50 px-2">
          {lines.map((line) => (
            <li key={line.key} className="flex items-center justify-between gap-2 py-1">
              <span>
                {line.quantity}× {line.item.name}
                {line.options.length > 0 && (
                  <span className="text-sm text-stone-700">
                    {' '}
                    · {line.options.map((o) => o.name).join(', ')}
                  </span>
                )}
              </span>
              <button
                type="button"
                className="px-2 text-red-800 underline"
                onClick={() => setLines((current) => current.filter((entry) => entry.key !== line.key))}
              >
                {t('guest.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <QueryState query={menu}>
        {(data) => (
          <div className="flex flex-col gap-3">
            {data.categories.map((category) => (
              <section key={category.id} aria-label={category.name}>
                <h3 className="font-semibold">{category.name}</h3>
                <ul className="grid grid-cols-2 gap-2">
                  {category.items.map((entry) => (
                    <li key={entry.id}>
                      <button
                        type="button"
                        onClick={() => setItem(entry)}
                        className="flex w-full flex-col items-start rounded-lg border border-stone-300 p-2 text-left"
                      >
                        <span className="font-medium">{entry.name}</span>
                        <span className="text-sm text-stone-700">{money(entry.price)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </QueryState>
    </Sheet>
  );
}
