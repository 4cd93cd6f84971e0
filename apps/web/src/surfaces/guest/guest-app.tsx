import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { createApi } from '../../ui/api.js';
import { formatMoney } from '../../ui/format.js';
import { LanguageSwitcher, useI18n } from '../../ui/i18n.js';
import { ItemSheet } from '../../ui/menu/item-sheet.js';
import { type CartLine, type MenuItem, type PublicMenu, unitPrice } from '../../ui/menu/types.js';
import { useLiveFeed } from '../../ui/realtime.js';
import { Empty, ErrorState, Loading } from '../../ui/states.js';
import { BillSheet, checkQueryKey, PaidNotice } from './bill-sheet.js';
import { CartSheet } from './cart-sheet.js';
import { OrdersPanel } from './orders-panel.js';
import { rememberItems } from './seen-items.js';
import type { TableInfo, TableOrders } from './types.js';

const api = createApi();

/** The QR code's token: PUBLIC_BASE_URL/t/<token> (the floor module's table codes). */
function tableToken() {
  return /^\/t\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname)?.[1] ?? null;
}

export function GuestApp() {
  const { t } = useI18n();
  const token = useMemo(tableToken, []);
  const table = useQuery({
    queryKey: ['table', token],
    queryFn: () => api.get<TableInfo>(`/public/tables/${token}`),
    enabled: token !== null,
  });
  if (!token) {
    return (
      <main className="p-6">
        <Empty>{t('guest.scan_again')}</Empty>
      </main>
    );
  }
  if (table.isPending) return <Loading />;
  if (table.error || !table.data) {
    return (
      <main className="p-6">
        <ErrorState error={table.error} onRetry={() => table.refetch()} />
      </main>
    );
  }
  return <GuestTable token={token} info={table.data} />;
}

function GuestTable({ token, info }: { token: string; info: TableInfo }) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const menuKey = ['menu', info.restaurant.slug];
  const menu = useQuery({
    queryKey: menuKey,
    queryFn: async () =>
      rememberItems(await api.get<PublicMenu>(`/public/restaurants/${info.restaurant.slug}/menu`)),
    // 86es arrive live on the menu channel; revalidating (304 when nothing changed) every two
    // minutes and on focus covers a feed that was down.
    refetchInterval: 120_000,
  });
  const orders = useQuery({
    queryKey: ['orders', token],
    queryFn: () => api.get<TableOrders>(`/public/tables/${token}/orders`),
  });
  // The table's check settled: every phone at the table says so, without a reload.
  const [paid, setPaid] = useState(false);
  const tableKeys = [['orders', token], checkQueryKey(token)];
  const live = useLiveFeed(
    () => token,
    // The restaurant's menu channel: an 86 (or a new version) shows at once, not at the next poll.
    [`table:${info.table.id}`, 'menu'],
    (event) =>
      event === null ? [...tableKeys, menuKey] : event.type.startsWith('menu.') ? [menuKey] : tableKeys,
    (event) => {
      if (event.type === 'payments.check_closed.v1') setPaid(true);
      else if (event.type === 'orders.order_created.v1') setPaid(false);
    },
  );
  const [cart, setCart] = useState<CartLine[]>([]);
  const [open, setOpen] = useState<MenuItem | null>(null);
  const [cartOpen, setCartOpen] = useState(false);
  const [billOpen, setBillOpen] = useState(false);
  // Stable: the sheet refocuses itself when its onClose changes, and live events re-render here.
  const closeBill = useCallback(() => setBillOpen(false), []);
  const hasOrders = (orders.data?.data.length ?? 0) > 0;

  const data = menu.data;
  const currency = data?.menu.restaurant.currency ?? 'INR';
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const count = cart.reduce((sum, line) => sum + line.quantity, 0);
  const cartTotal = cart.reduce((sum, line) => sum + unitPrice(line) * line.quantity, 0);

  return (
    <div className="mx-auto min-h-screen max-w-2xl pb-28">
      <header className="sticky top-0 z-10 border-b border-stone-200 bg-white/95 px-4 py-3 backdrop-blur">
        <div className="flex items-center gap-3">
          <div className="mr-auto">
            <h1 className="text-xl font-bold">{info.restaurant.name}</h1>
            <p className="text-sm text-stone-600">
              {t('guest.table', { number: info.table.number })}
              {live === 'offline' && <span className="ml-2 text-red-800">· {t('live.offline')}</span>}
            </p>
          </div>
          {hasOrders && !paid && (
            <button
              type="button"
              onClick={() => setBillOpen(true)}
              aria-label={t('guest.bill_open')}
              className="rounded-lg border border-amber-800 px-4 font-semibold text-amber-900"
            >
              {t('guest.bill')}
            </button>
          )}
          <LanguageSwitcher />
        </div>
        {data && (
          <nav aria-label={t('guest.categories')} className="-mx-4 mt-2 flex gap-2 overflow-x-auto px-4">
            {data.menu.categories.map((category) => (
              <a
                key={category.id}
                href={`#category-${category.id}`}
                className="flex min-h-11 items-center whitespace-nowrap rounded-full bg-stone-100 px-4 text-sm font-medium"
              >
                {category.name}
              </a>
            ))}
          </nav>
        )}
      </header>

      <main className="px-4">
        {paid && (
          <div className="pt-4">
            <PaidNotice />
          </div>
        )}
        {orders.data && orders.data.data.length > 0 && (
          <OrdersPanel
            orders={orders.data.data}
            timezone={data?.menu.restaurant.timezone ?? 'UTC'}
            money={money}
          />
        )}
        {orders.error && <ErrorState error={orders.error} onRetry={() => orders.refetch()} />}

        {menu.isPending && <Loading label={t('guest.loading_menu')} />}
        {menu.error && !data && <ErrorState error={menu.error} onRetry={() => menu.refetch()} />}
        {data && data.menu.categories.length === 0 && <Empty>{t('guest.menu_empty')}</Empty>}
        {data?.menu.categories.map((category) => {
          const soldOut = data.soldOut.filter((item) => item.category_id === category.id);
          return (
            <section
              key={category.id}
              id={`category-${category.id}`}
              className="scroll-mt-32 pt-6"
              aria-labelledby={`h-${category.id}`}
            >
              <h2 id={`h-${category.id}`} className="text-lg font-bold">
                {category.name}
              </h2>
              {category.description && <p className="text-sm text-stone-600">{category.description}</p>}
              <ul className="mt-3 flex flex-col gap-3">
                {category.items.map((item) => (
                  <li key={item.id}>
                    <MenuCard item={item} money={money} onOpen={() => setOpen(item)} />
                  </li>
                ))}
                {soldOut.map((item) => (
                  <li
                    key={item.id}
                    className="flex items-center justify-between rounded-xl border border-stone-200 bg-stone-100 p-3 text-stone-600"
                  >
                    <span className="font-medium line-through">{item.name}</span>
                    <span className="rounded-full bg-stone-300 px-3 py-1 text-sm font-semibold text-stone-800">
                      {t('guest.sold_out')}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </main>

      {count > 0 && (
        <div className="fixed inset-x-0 bottom-0 z-20 border-t border-stone-200 bg-white p-3">
          <button
            type="button"
            onClick={() => setCartOpen(true)}
            className="mx-auto flex w-full max-w-2xl items-center justify-between rounded-xl bg-amber-800 px-5 py-3 text-lg font-semibold text-white"
          >
            <span>{t('guest.view_cart', { count })}</span>
            <span>{money(cartTotal)}</span>
          </button>
        </div>
      )}

      {open && data && (
        <ItemSheet
          item={open}
          groups={data.groups}
          money={money}
          onClose={() => setOpen(null)}
          onAdd={(line) => {
            setCart((lines) => [...lines, line]);
            setOpen(null);
          }}
        />
      )}
      {billOpen && <BillSheet token={token} api={api} money={money} paid={paid} onClose={closeBill} />}
      {cartOpen && (
        <CartSheet
          token={token}
          api={api}
          lines={cart}
          money={money}
          onChange={setCart}
          onClose={() => setCartOpen(false)}
          onPlaced={() => {
            setCart([]);
            setCartOpen(false);
            void client.invalidateQueries({ queryKey: ['orders', token] });
            window.scrollTo({ top: 0, behavior: 'smooth' });
          }}
        />
      )}
    </div>
  );
}

function MenuCard({
  item,
  money,
  onOpen,
}: {
  item: MenuItem;
  money: (minor: number) => string;
  onOpen: () => void;
}) {
  const { t } = useI18n();
  const from =
    item.variants.length > 0 ? Math.min(...item.variants.map((variant) => variant.price)) : item.price;
  return (
    <article className="flex gap-3 rounded-xl border border-stone-200 bg-white p-3 shadow-sm">
      {item.image_url ? (
        <img
          src={item.image_url}
          alt={item.name}
          loading="lazy"
          width={88}
          height={88}
          className="h-22 w-22 shrink-0 rounded-lg object-cover"
        />
      ) : (
        <div
          aria-hidden
          className="flex h-22 w-22 shrink-0 items-center justify-center rounded-lg bg-amber-100 text-3xl font-bold text-amber-900"
        >
          {item.name.slice(0, 1)}
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <h3 className="font-semibold">{item.name}</h3>
        {item.description && <p className="line-clamp-2 text-sm text-stone-600">{item.description}</p>}
        <ul className="flex flex-wrap gap-1 text-xs" aria-label={t('guest.allergens_and_diet')}>
          {item.dietary_tags.map((tag) => (
            <li key={tag} className="rounded-full bg-green-100 px-2 py-0.5 text-green-900">
              {tag.replaceAll('_', ' ')}
            </li>
          ))}
          {item.allergens.map((allergen) => (
            <li key={allergen} className="rounded-full bg-orange-100 px-2 py-0.5 text-orange-900">
              {t('guest.contains', { allergen })}
            </li>
          ))}
        </ul>
        <div className="mt-auto flex items-center justify-between">
          <span className="font-semibold">
            {item.variants.length > 0 ? t('guest.price_from', { price: money(from) }) : money(from)}
          </span>
          <button
            type="button"
            onClick={onOpen}
            aria-label={t('guest.add_item', { name: item.name })}
            className="rounded-lg bg-amber-800 px-5 font-semibold text-white"
          >
            {t('guest.add')}
          </button>
        </div>
      </div>
    </article>
  );
}
