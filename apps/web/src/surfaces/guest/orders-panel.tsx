import { formatTime } from '../../ui/format.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import type { GuestOrder } from './types.js';

const tone: Record<string, string> = {
  ready: 'bg-green-700 text-white',
  served: 'bg-stone-200 text-stone-900',
  completed: 'bg-stone-200 text-stone-900',
  preparing: 'bg-amber-200 text-amber-950',
  cancelled: 'bg-red-100 text-red-900',
};

export function statusKey(status: string) {
  return `status.${status}` as MessageKey;
}

/** Every order of the table's current visit, live: each phone at the table sees the same list. */
export function OrdersPanel({
  orders,
  timezone,
  money,
}: {
  orders: GuestOrder[];
  timezone: string;
  money: (minor: number) => string;
}) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="orders-heading" className="pt-4">
      <h2 id="orders-heading" className="text-lg font-bold">
        {t('guest.your_orders')}
      </h2>
      <ul className="mt-2 flex flex-col gap-3">
        {orders.map((order) => (
          <li
            key={order.order_id}
            className="rounded-xl border border-stone-200 bg-white p-3"
            data-order={order.order_number}
          >
            <div className="flex items-center justify-between gap-2">
              <div>
                <p className="font-semibold">{order.order_number}</p>
                <p className="text-sm text-stone-600">
                  {t('guest.placed_at', {
                    time: formatTime(order.history[0]?.at ?? order.updated_at, timezone, locale),
                  })}
                </p>
              </div>
              <span
                role="status"
                className={`rounded-full px-3 py-1 text-sm font-semibold ${tone[order.status] ?? 'bg-blue-100 text-blue-900'}`}
              >
                {t(statusKey(order.status))}
              </span>
            </div>
            <ul className="mt-2 text-sm">
              {order.lines
                .filter((line) => line.status !== 'voided')
                .map((line, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id on the guest view; their order is fixed
                  <li key={index} className="flex justify-between">
                    <span>
                      {line.quantity} × {line.name}
                      {line.variant_name && ` (${line.variant_name})`}
                      {line.options.length > 0 && (
                        <span className="text-stone-600"> · {line.options.join(', ')}</span>
                      )}
                    </span>
                    <span>{money(line.total)}</span>
                  </li>
                ))}
            </ul>
            <p className="mt-1 text-right font-semibold">{t('guest.total', { total: money(order.total) })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
