import { queryRows, type Tx } from '@brigade/db';
import { sql } from 'drizzle-orm';
import type { ChannelFigures, HourFigures, TopItem } from '../contract/index.js';

/**
 * Reads of the read model for one restaurant over [from, to): the instants a business day (or
 * a run of them) starts and ends at. Counted orders are those placed in the window and not
 * cancelled. Sums arrive as strings (bigint) from both drivers.
 */
export interface Window {
  tenantId: string;
  from: Date;
  to: Date;
}

const counted = (w: Window) =>
  sql`o.tenant_id = ${w.tenantId} and o.placed_at >= ${w.from.toISOString()} and o.placed_at < ${w.to.toISOString()} and not o.cancelled`;

/** What is left of a line after its voids, pro rata of its quantity. */
const lineQuantity = sql`greatest(l.quantity - l.voided_quantity, 0)`;
const lineSales = sql`coalesce(round(l.total::numeric * ${lineQuantity} / nullif(l.quantity, 0)), 0)`;

export async function orderTotals(tx: Tx, w: Window) {
  const [row] = await queryRows<{ orders: number; sales: string; cancelled: number }>(
    tx,
    sql`select count(*) filter (where not o.cancelled)::int as orders,
          coalesce(sum(o.total) filter (where not o.cancelled), 0)::bigint as sales,
          count(*) filter (where o.cancelled)::int as cancelled
        from analytics.orders o
        where o.tenant_id = ${w.tenantId} and o.placed_at >= ${w.from.toISOString()} and o.placed_at < ${w.to.toISOString()}`,
  );
  return { orders: row?.orders ?? 0, sales: Number(row?.sales ?? 0), cancelled: row?.cancelled ?? 0 };
}

export async function moneyMoved(tx: Tx, w: Window) {
  const [row] = await queryRows<{ tips: string; refunds: string }>(
    tx,
    sql`select
          (select coalesce(sum(tip), 0) from analytics.payments
            where tenant_id = ${w.tenantId} and completed_at >= ${w.from.toISOString()} and completed_at < ${w.to.toISOString()})::bigint as tips,
          (select coalesce(sum(amount), 0) from analytics.refunds
            where tenant_id = ${w.tenantId} and refunded_at >= ${w.from.toISOString()} and refunded_at < ${w.to.toISOString()})::bigint as refunds`,
  );
  return { tips: Number(row?.tips ?? 0), refunds: Number(row?.refunds ?? 0) };
}

export async function byChannel(tx: Tx, w: Window): Promise<ChannelFigures[]> {
  const rows = await queryRows<{ channel: string; orders: number; sales: string }>(
    tx,
    sql`select o.channel, count(*)::int as orders, coalesce(sum(o.total), 0)::bigint as sales
        from analytics.orders o where ${counted(w)}
        group by o.channel order by sales desc, o.channel`,
  );
  return rows.map((row) => ({ channel: row.channel, orders: row.orders, sales: Number(row.sales) }));
}

/** Orders and sales by hour of the restaurant's wall clock (hours without orders absent). */
export async function byHour(tx: Tx, w: Window, timeZone: string): Promise<HourFigures[]> {
  const rows = await queryRows<{ hour: number; orders: number; sales: string }>(
    tx,
    sql`select extract(hour from o.placed_at at time zone ${timeZone})::int as hour,
          count(*)::int as orders, coalesce(sum(o.total), 0)::bigint as sales
        from analytics.orders o where ${counted(w)}
        group by 1`,
  );
  return rows.map((row) => ({ hour: row.hour, orders: row.orders, sales: Number(row.sales) }));
}

export async function topItems(tx: Tx, w: Window, limit: number): Promise<TopItem[]> {
  const rows = await queryRows<{ menu_item_id: string; name: string; quantity: number; sales: string }>(
    tx,
    sql`select l.menu_item_id, max(l.name) as name,
          sum(${lineQuantity})::int as quantity, sum(${lineSales})::bigint as sales
        from analytics.order_lines l
        join analytics.orders o on o.tenant_id = l.tenant_id and o.order_id = l.order_id
        where ${counted(w)} and l.quantity is not null
        group by l.menu_item_id
        having sum(${lineQuantity}) > 0
        order by quantity desc, sales desc, name
        limit ${limit}`,
  );
  return rows.map((row) => ({ ...row, sales: Number(row.sales) }));
}

/** Orders and sales per business day (days without orders absent). */
export async function byDay(tx: Tx, w: Window, timeZone: string) {
  const rows = await queryRows<{ date: string; orders: number; sales: string }>(
    tx,
    sql`select to_char(o.placed_at at time zone ${timeZone}, 'YYYY-MM-DD') as date,
          count(*)::int as orders, coalesce(sum(o.total), 0)::bigint as sales
        from analytics.orders o where ${counted(w)}
        group by 1`,
  );
  return new Map(rows.map((row) => [row.date, { orders: row.orders, sales: Number(row.sales) }]));
}
