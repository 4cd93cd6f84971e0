import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatMoney } from '../../ui/format.js';
import { useI18n } from '../../ui/i18n.js';
import { businessDate, type Restaurant, useRestaurant } from '../../ui/restaurant.js';
import { StaffApp, StaffHeader, type StaffSession } from '../../ui/staff.js';
import { Empty, ErrorState, QueryState } from '../../ui/states.js';

interface MenuItemRow {
  id: string;
  name: string;
  price: number;
  is_available: boolean;
}

interface OrderRow {
  id: string;
  status: string;
  total: number;
  lines: { name: string; quantity: number; status: string }[];
}

type Tab = 'dashboard' | 'menu';

export function AdminApp() {
  return (
    <StaffApp surface="admin" title="admin.title">
      {(session) => <AdminScreen session={session} />}
    </StaffApp>
  );
}

function AdminScreen({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const restaurant = useRestaurant(session);
  const [tab, setTab] = useState<Tab>(() =>
    location.pathname.startsWith('/admin/menu') ? 'menu' : 'dashboard',
  );
  const go = (next: Tab) => {
    history.pushState(null, '', next === 'menu' ? '/admin/menu' : '/admin');
    setTab(next);
  };
  const tabClass = (active: boolean) =>
    `rounded-md px-4 font-medium ${active ? 'bg-amber-800 text-white' : 'bg-white text-stone-900 shadow'}`;
  return (
    <div className="min-h-screen">
      <StaffHeader
        title={`${t('admin.title')}${restaurant.data ? ` · ${restaurant.data.name}` : ''}`}
        session={session}
      />
      <nav aria-label={t('admin.title')} className="flex gap-2 p-4">
        <button
          type="button"
          aria-current={tab === 'dashboard' ? 'page' : undefined}
          className={tabClass(tab === 'dashboard')}
          onClick={() => go('dashboard')}
        >
          {t('admin.dashboard')}
        </button>
        <button
          type="button"
          aria-current={tab === 'menu' ? 'page' : undefined}
          className={tabClass(tab === 'menu')}
          onClick={() => go('menu')}
        >
          {t('admin.menu')}
        </button>
      </nav>
      <main className="px-4 pb-8">
        <QueryState query={restaurant}>
          {(data) =>
            tab === 'menu' ? (
              <MenuAvailability session={session} restaurant={data} />
            ) : (
              <Dashboard session={session} restaurant={data} />
            )
          }
        </QueryState>
      </main>
    </div>
  );
}

function Dashboard({ session, restaurant }: { session: StaffSession; restaurant: Restaurant }) {
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

/** 86 board: sold out / available per item, effective at once on the guest menu. */
function MenuAvailability({ session, restaurant }: { session: StaffSession; restaurant: Restaurant }) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const items = useQuery({
    queryKey: ['menu', 'items'],
    queryFn: () => session.api.get<{ data: MenuItemRow[] }>('/menu/items?limit=200'),
  });
  const toggle = useMutation({
    mutationFn: (item: MenuItemRow) =>
      session.api.post(`/menu/items/${item.id}/availability`, { available: !item.is_available }),
    onSettled: () => client.invalidateQueries({ queryKey: ['menu', 'items'] }),
  });
  return (
    <section className="rounded-xl bg-white p-4 shadow">
      {toggle.error && <ErrorState error={toggle.error} />}
      <QueryState query={items}>
        {(page) =>
          page.data.length === 0 ? (
            <Empty>{t('admin.no_items')}</Empty>
          ) : (
            <table className="w-full text-left">
              <thead>
                <tr className="border-b border-stone-300">
                  <th scope="col" className="py-2">
                    {t('admin.item')}
                  </th>
                  <th scope="col">{t('admin.price')}</th>
                  <th scope="col">{t('admin.availability')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((item) => (
                  <tr key={item.id} className="border-b border-stone-100">
                    <td className="py-1 font-medium">{item.name}</td>
                    <td>{formatMoney(item.price, restaurant.currency, locale)}</td>
                    <td>
                      <button
                        type="button"
                        role="switch"
                        aria-checked={item.is_available}
                        aria-label={
                          item.is_available
                            ? t('admin.mark_sold_out', { name: item.name })
                            : t('admin.mark_available', { name: item.name })
                        }
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate(item)}
                        className={`min-w-40 rounded-full px-4 font-semibold ${item.is_available ? 'bg-green-100 text-green-900' : 'bg-red-100 text-red-900'}`}
                      >
                        {item.is_available ? t('admin.available') : t('admin.sold_out')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}
