import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatElapsed } from '../../ui/format.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, ErrorState, QueryState } from '../../ui/states.js';
import type { ExpoOrder, Page } from './types.js';
import { useNow } from './use-now.js';

/** The pass: every order on its way through the kitchen with each station's progress. */
export function Expo({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const expo = useQuery({
    queryKey: ['kds', 'expo'],
    queryFn: () => session.api.get<Page<ExpoOrder>>('/kds/expo?limit=100'),
    refetchInterval: 60_000,
  });
  const ready = useMutation({
    mutationFn: (orderId: string) => session.api.post(`/kds/orders/${orderId}/status`, { status: 'ready' }),
    onSettled: () => client.invalidateQueries({ queryKey: ['kds'] }),
  });
  const now = useNow();
  return (
    <main className="p-4">
      {ready.error && <ErrorState error={ready.error} />}
      <QueryState query={expo}>
        {(page) =>
          page.data.length === 0 ? (
            <Empty>{t('kds.no_orders')}</Empty>
          ) : (
            <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
              {page.data.map((order) => (
                <li
                  key={order.order_id}
                  className={`rounded-xl border-4 bg-white p-3 shadow ${order.done ? 'border-green-700' : 'border-stone-300'}`}
                >
                  <div className="flex justify-between">
                    <p className="text-lg font-bold">
                      {order.table_number ? `${order.table_number} · ` : ''}
                      {order.order_number} · {t(`channel.${order.channel}` as MessageKey)}
                    </p>
                    <span className="font-mono">
                      {formatElapsed(order.elapsed_seconds + (now - expo.dataUpdatedAt) / 1000)}
                    </span>
                  </div>
                  <p className="text-sm">
                    {t('kds.tickets_done', { bumped: order.tickets_bumped, total: order.tickets_total })}
                  </p>
                  <ul className="my-2 text-sm">
                    {order.tickets.map((ticket) => (
                      <li key={ticket.id} className="flex justify-between">
                        <span>
                          {ticket.station}:{' '}
                          {ticket.items.map((item) => `${item.quantity}× ${item.name}`).join(', ')}
                        </span>
                        <span className="font-semibold">{t(`ticket.${ticket.status}`)}</span>
                      </li>
                    ))}
                  </ul>
                  {order.status !== 'ready' && (
                    <button
                      type="button"
                      disabled={ready.isPending}
                      onClick={() => ready.mutate(order.order_id)}
                      className="w-full rounded-lg bg-green-800 font-semibold text-white"
                    >
                      {t('kds.mark_ready')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </main>
  );
}
