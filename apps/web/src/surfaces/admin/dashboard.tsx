import { useQuery } from '@tanstack/react-query';
import { formatMoney } from '../../ui/format.js';
import { useI18n } from '../../ui/i18n.js';
import { businessDate } from '../../ui/restaurant.js';
import { Empty, QueryState } from '../../ui/states.js';
import type { SectionProps } from './sections.js';

interface OrderRow {
  id: string;
  status: string;
  total: number;
  lines: { name: string; quantity: number; status: string }[];
}

/** Today at a glance: sales, orders, average ticket and the top items. */
export function Dashboard({ session, restaurant }: SectionProps) {
  const { t, locale } = useI18n();
  const day = businessDate(restaurant.timezone).replaceAll('-', '');
  const orders = useQuery({
    queryKey: ['orders', 'today', day],
    queryFn: () => session.api.get<{ data: OrderRow[] }>(`/orders?number=ORD_${day}&limit=200`),
    refetchInterval: 60_000,
  });
  const money = (minor: number) => formatMoney(minor, restaurant.currency, locale);
  return (
    <QueryState query={orders}>
      {(page) => {
        const counted = page.data.filter((order) => order.status !== 'cancelled');
        const sales = counted.reduce((sum, order) => sum + order.total, 0);
        const items = new Map<string, number>();
        for (const order of counted) {
          for (const line of order.lines)
            if (line.status === 'active') items.set(line.name, (items.get(line.name) ?? 0) + line.quantity);
        }
        const top = [...items.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
        const most = top[0]?.[1] ?? 1;
        return (
          <div className="flex flex-col gap-4">
            <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
              {[
                [t('admin.sales_today'), money(sales)],
                [t('admin.orders_today'), String(counted.length)],
                [t('admin.average_ticket'), counted.length ? money(Math.round(sales / counted.length)) : '—'],
              ].map(([label, value]) => (
                <div key={label} className="rounded-xl bg-white p-4 shadow">
                  <dt className="text-sm text-stone-600">{label}</dt>
                  <dd className="text-2xl font-bold">{value}</dd>
                </div>
              ))}
            </dl>
            <section className="rounded-xl bg-white p-4 shadow" aria-label="Top items">
              {top.length === 0 ? (
                <Empty>{t('kds.no_orders')}</Empty>
              ) : (
                <ul className="flex flex-col gap-2">
                  {top.map(([name, quantity]) => (
                    <li key={name} className="flex items-center gap-3">
                      <span className="w-40 truncate">{name}</span>
                      <span
                        className="h-4 rounded bg-amber-700"
                        style={{ width: `${(quantity / most) * 60}%` }}
                        aria-hidden
                      />
                      <span className="font-semibold">{quantity}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        );
      }}
    </QueryState>
  );
}
