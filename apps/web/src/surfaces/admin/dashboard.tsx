import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TextField } from '../../ui/form.js';
import { formatMoney } from '../../ui/format.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import { useLiveFeed } from '../../ui/realtime.js';
import { businessDate, type Restaurant } from '../../ui/restaurant.js';
import { LiveIndicator, type StaffSession } from '../../ui/staff.js';
import { Empty, QueryState } from '../../ui/states.js';
import {
  barShares,
  type CardFigure,
  cardFigures,
  changeFrom,
  type DashboardData,
  type HourFigures,
  peakHour,
} from './analytics-figures.js';

const analyticsKey = ['analytics'] as const;
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const knownChannels = ['dine_in', 'takeout', 'delivery', 'online'];

/**
 * Refreshes the figures on reconnects and staff events. The analytics read model takes an
 * order or payment a moment after the live feed shows it, so those are fetched once more.
 */
function useAnalyticsLive(session: StaffSession) {
  const client = useQueryClient();
  return useLiveFeed(session.api.freshToken, ['staff'], [[...analyticsKey]], (event) => {
    if (!/^(orders|payments)\./.test(event.type)) return;
    setTimeout(() => void client.invalidateQueries({ queryKey: analyticsKey }), 1_000);
  });
}

/** Formats of the dashboard: money in the restaurant's currency, counts, changes, days and hours. */
function useFormats(currency: string) {
  const { locale } = useI18n();
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  });
  return {
    money: (minor: number) => formatMoney(minor, currency, locale),
    count: (value: number) => new Intl.NumberFormat(locale).format(value),
    change: (value: number) => percent.format(value),
    day: (date: string) =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        timeZone: 'UTC',
      }).format(new Date(`${date}T00:00:00Z`)),
    hour: (hour: number) =>
      new Intl.DateTimeFormat(locale, { hour: 'numeric', timeZone: 'UTC' }).format(
        Date.UTC(2000, 0, 1, hour),
      ),
  };
}
type Formats = ReturnType<typeof useFormats>;

/** A business day at a glance against the same weekday a week before, live. */
export function Dashboard({ session, restaurant }: { session: StaffSession; restaurant: Restaurant }) {
  const { t } = useI18n();
  const today = businessDate(restaurant.timezone);
  const [date, setDate] = useState(today);
  const live = useAnalyticsLive(session);
  const dashboard = useQuery({
    queryKey: [...analyticsKey, 'dashboard', date],
    queryFn: () => session.api.get<DashboardData>(`/analytics/dashboard?date=${date}`),
    enabled: isDay(date),
    refetchInterval: 60_000,
  });
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="w-56">
          <TextField
            label={t('admin.day')}
            type="date"
            max={today}
            value={date}
            onValue={setDate}
            error={isDay(date) ? null : t('admin.day_invalid')}
          />
        </div>
        <LiveIndicator status={live} />
      </div>
      {isDay(date) && (
        <QueryState query={dashboard}>
          {(data) => <DayFigures data={data} today={date === today} />}
        </QueryState>
      )}
    </div>
  );
}

function DayFigures({ data, today }: { data: DashboardData; today: boolean }) {
  const { t } = useI18n();
  const formats = useFormats(data.currency);
  if (data.orders === 0 && data.cancelled_orders === 0 && data.compare.orders === 0 && data.tips === 0) {
    return <Empty>{t('admin.no_sales', { date: formats.day(data.date) })}</Empty>;
  }
  return (
    <>
      <Cards data={data} formats={formats} today={today} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <HourChart hours={data.by_hour} formats={formats} />
        <TopItems items={data.top_items} formats={formats} />
        <Channels channels={data.by_channel} formats={formats} />
      </div>
    </>
  );
}

/** Card labels; sales and orders say "today" on today's figures. */
const cardLabels: Record<CardFigure, [MessageKey, MessageKey]> = {
  sales: ['admin.sales', 'admin.sales_today'],
  orders: ['admin.orders', 'admin.orders_today'],
  average_ticket: ['admin.average_ticket', 'admin.average_ticket'],
  tips: ['admin.tips', 'admin.tips'],
};

function Cards({ data, formats, today }: { data: DashboardData; formats: Formats; today: boolean }) {
  const { t } = useI18n();
  const shown = (figure: CardFigure, value: number) =>
    figure === 'orders' ? formats.count(value) : formats.money(value);
  return (
    <div className="flex flex-col gap-2">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {cardFigures.map((figure) => {
          const change = changeFrom(data[figure], data.compare[figure]);
          return (
            <div key={figure} className="rounded-xl bg-white p-4 shadow" data-figure={figure}>
              <dt className="text-sm text-stone-600">{t(cardLabels[figure][today ? 1 : 0])}</dt>
              <dd className="text-2xl font-bold">{shown(figure, data[figure])}</dd>
              <dd
                className={`text-sm ${change === null ? 'text-stone-600' : change < 0 ? 'text-red-800' : 'text-green-800'}`}
              >
                {change === null
                  ? t('admin.nothing_to_compare', { date: formats.day(data.compare.date) })
                  : t('admin.change_vs', {
                      change: formats.change(change),
                      value: shown(figure, data.compare[figure]),
                      date: formats.day(data.compare.date),
                    })}
              </dd>
            </div>
          );
        })}
      </dl>
      <p className="text-sm text-stone-700">
        {t('admin.refunds_and_cancelled', {
          refunds: formats.money(data.refunds),
          cancelled: formats.count(data.cancelled_orders),
        })}
      </p>
    </div>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow" aria-label={title}>
      <h2 className="text-lg font-bold">{title}</h2>
      {children}
    </section>
  );
}

/** Sales by hour as bars (an image with its summary) and, for screen readers, the numbers. */
function HourChart({ hours, formats }: { hours: HourFigures[]; formats: Formats }) {
  const { t } = useI18n();
  const peak = peakHour(hours);
  const shares = barShares(hours);
  const summary = peak
    ? t('admin.hours_peak', { hour: formats.hour(peak.hour), sales: formats.money(peak.sales) })
    : t('admin.hours_empty');
  return (
    <Card title={t('admin.sales_by_hour')}>
      <svg viewBox="0 0 240 112" role="img" aria-label={summary} className="h-48 w-full">
        {hours.map((hour, index) => {
          const height = Math.max(shares[index]! * 96, hour.sales > 0 ? 2 : 0);
          return (
            <rect
              key={hour.hour}
              x={hour.hour * 10 + 1}
              y={96 - height}
              width={8}
              height={height}
              rx={1}
              className={peak?.hour === hour.hour ? 'fill-amber-800' : 'fill-amber-500'}
            />
          );
        })}
        <line x1={0} x2={240} y1={96.5} y2={96.5} className="stroke-stone-400" strokeWidth={0.5} />
        {[0, 6, 12, 18].map((hour) => (
          <text key={hour} x={hour * 10 + 1} y={108} className="fill-stone-700" fontSize={8}>
            {formats.hour(hour)}
          </text>
        ))}
      </svg>
      <p className="text-sm text-stone-700" aria-hidden>
        {summary}
      </p>
      <table className="sr-only">
        <caption>{t('admin.sales_by_hour')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.hour')}</th>
            <th scope="col">{t('admin.orders')}</th>
            <th scope="col">{t('admin.sales')}</th>
          </tr>
        </thead>
        <tbody>
          {hours
            .filter((hour) => hour.orders > 0)
            .map((hour) => (
              <tr key={hour.hour}>
                <th scope="row">{formats.hour(hour.hour)}</th>
                <td>{formats.count(hour.orders)}</td>
                <td>{formats.money(hour.sales)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </Card>
  );
}

function TopItems({ items, formats }: { items: DashboardData['top_items']; formats: Formats }) {
  const { t } = useI18n();
  const most = Math.max(1, ...items.map((item) => item.quantity));
  return (
    <Card title={t('admin.top_items')}>
      {items.length === 0 ? (
        <Empty>{t('admin.no_items_sold')}</Empty>
      ) : (
        <ol className="flex flex-col gap-2">
          {items.map((item) => (
            <li key={item.menu_item_id} className="grid grid-cols-[1fr_auto] items-center gap-x-3">
              <span className="truncate font-medium">{item.name}</span>
              <span className="text-right">
                {t('admin.sold', {
                  quantity: formats.count(item.quantity),
                  sales: formats.money(item.sales),
                })}
              </span>
              <span
                className="col-span-2 h-2 rounded bg-amber-700"
                style={{ width: `${(item.quantity / most) * 100}%` }}
                aria-hidden
              />
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function Channels({ channels, formats }: { channels: DashboardData['by_channel']; formats: Formats }) {
  const { t } = useI18n();
  return (
    <Card title={t('admin.by_channel')}>
      {channels.length === 0 ? (
        <Empty>{t('admin.no_items_sold')}</Empty>
      ) : (
        <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-2">
          {channels.map((channel) => (
            <div key={channel.channel} className="contents">
              <dt>
                {knownChannels.includes(channel.channel)
                  ? t(`channel.${channel.channel}` as MessageKey)
                  : channel.channel}
              </dt>
              <dd className="text-right">
                {t('admin.channel_figures', {
                  orders: formats.count(channel.orders),
                  sales: formats.money(channel.sales),
                })}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}
