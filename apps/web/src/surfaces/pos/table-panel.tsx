import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { idempotencyKeys, newIdempotencyKey } from '../../ui/api.js';
import { buttonClass } from '../../ui/form.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import { Stepper } from '../../ui/menu/item-sheet.js';
import { orderLines } from '../../ui/menu/types.js';
import type { Restaurant } from '../../ui/restaurant.js';
import { Sheet } from '../../ui/sheet.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, ErrorState, QueryState } from '../../ui/states.js';
import { CheckSheet } from './check-sheet.js';
import {
  MenuPicker,
  RoundItemSheet,
  RoundLines,
  RoundTarget,
  useLiveMenu,
  useRound,
} from './order-builder.js';
import { OrderCard } from './order-card.js';
import type { FloorTable, Order } from './types.js';

/** One table: seat a party, see its orders, add items, fire courses, void, and settle the check. */
export function TablePanel({
  session,
  table,
  restaurant,
  money,
}: {
  session: StaffSession;
  table: FloorTable;
  restaurant: Restaurant;
  money: (minor: number) => string;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [covers, setCovers] = useState(Math.min(2, table.capacity));
  // The check stays open on the visit it was opened for, even once paying it ends the visit.
  const [sheet, setSheet] = useState<{ kind: 'order' | 'check'; sessionId: string } | null>(null);
  const closeSheet = useCallback(() => setSheet(null), []);
  const sessionId = table.open_session_id;

  const seat = useMutation({
    mutationFn: () => session.api.post(`/tables/${table.id}/sessions`, { covers }, newIdempotencyKey()),
    onSuccess: () => client.invalidateQueries({ queryKey: ['floor'] }),
  });
  const visit = useQuery({
    queryKey: ['pos', 'table-session', sessionId],
    queryFn: () => session.api.get<{ covers: number }>(`/table-sessions/${sessionId}`),
    enabled: sessionId !== null,
  });
  const orders = useQuery({
    queryKey: ['pos', 'orders', 'session', sessionId],
    queryFn: () => session.api.get<{ data: Order[] }>(`/orders?session_id=${sessionId}&limit=50`),
    enabled: sessionId !== null,
  });
  const seats = Math.max(visit.data?.covers ?? 0, 1);

  return (
    <aside aria-labelledby="table-heading" className="w-full rounded-xl bg-white p-4 shadow lg:w-[26rem]">
      <h2 id="table-heading" className="text-xl font-bold">
        {t('pos.table_heading', { number: table.number })}
      </h2>
      <p className="text-sm text-stone-700">
        {t(`pos.table_status.${table.status}` as MessageKey)} · {t('pos.seats', { count: table.capacity })}
        {visit.data && ` · ${t('pos.party_of', { count: visit.data.covers })}`}
      </p>
      {seat.error && <ErrorState error={seat.error} />}
      {sessionId === null ? (
        <div className="mt-4 flex flex-col gap-3">
          {table.status === 'cleaning' && <p>{t('pos.table_being_cleaned')}</p>}
          <Stepper value={covers} onChange={setCovers} label={t('pos.covers')} />
          <button
            type="button"
            disabled={seat.isPending}
            onClick={() => seat.mutate()}
            className={buttonClass()}
          >
            {t('pos.seat_guests', { count: covers })}
          </button>
        </div>
      ) : (
        <div className="mt-4 flex flex-col gap-3">
          <div className="grid grid-cols-2 gap-2">
            <button
              type="button"
              onClick={() => setSheet({ kind: 'order', sessionId })}
              className={buttonClass()}
            >
              {t('pos.add_items')}
            </button>
            <button
              type="button"
              onClick={() => setSheet({ kind: 'check', sessionId })}
              className={buttonClass('secondary')}
            >
              {t('pos.open_check')}
            </button>
          </div>
          <QueryState query={orders}>
            {(page) =>
              page.data.length === 0 ? (
                <Empty>{t('pos.no_orders')}</Empty>
              ) : (
                <div className="flex flex-col gap-2">
                  {page.data.map((order) => (
                    <OrderCard
                      key={order.id}
                      session={session}
                      order={order}
                      timeZone={restaurant.timezone}
                      money={money}
                    />
                  ))}
                </div>
              )
            }
          </QueryState>
        </div>
      )}
      {sheet?.kind === 'order' && (
        <DineInOrderSheet
          session={session}
          restaurant={restaurant}
          sessionId={sheet.sessionId}
          seats={seats}
          money={money}
          onClose={closeSheet}
        />
      )}
      {sheet?.kind === 'check' && (
        <CheckSheet
          session={session}
          source={{ session_id: sheet.sessionId }}
          money={money}
          onClose={closeSheet}
        />
      )}
    </aside>
  );
}

/** The round for a table: seat and course per line, then "Send to kitchen". */
function DineInOrderSheet({
  session,
  restaurant,
  sessionId,
  seats,
  money,
  onClose,
}: {
  session: StaffSession;
  restaurant: Restaurant;
  sessionId: string;
  seats: number;
  money: (minor: number) => string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const menu = useLiveMenu(session, restaurant);
  const round = useRound();
  const keyFor = useRef(idempotencyKeys());
  const send = useMutation({
    mutationFn: () => {
      const body = { channel: 'dine_in', session_id: sessionId, lines: orderLines(round.lines) };
      return session.api.post('/orders', body, keyFor.current(body));
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['pos'] });
      void client.invalidateQueries({ queryKey: ['floor'] });
      onClose();
    },
  });

  if (round.picking && menu.data) return <RoundItemSheet round={round} menu={menu.data} money={money} />;
  return (
    <Sheet
      title={t('pos.add_items')}
      onClose={onClose}
      footer={
        <button
          type="button"
          disabled={round.lines.length === 0 || send.isPending}
          onClick={() => send.mutate()}
          className="flex w-full justify-between rounded-xl bg-green-800 px-5 py-3 text-lg font-semibold text-white disabled:opacity-60"
        >
          <span>{send.isPending ? t('guest.placing') : t('pos.send_to_kitchen')}</span>
          <span>{money(round.total)}</span>
        </button>
      }
    >
      <div className="flex flex-col gap-3">
        {send.error && <ErrorState error={send.error} />}
        <RoundTarget round={round} seats={seats} />
        <RoundLines round={round} seats={seats} money={money} />
        <MenuPicker menu={menu} money={money} onPick={round.pick} />
      </div>
    </Sheet>
  );
}
