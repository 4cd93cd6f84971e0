import type { Tx } from '@brigade/db';
import { sql } from 'drizzle-orm';

/**
 * Writes of the read model. Each can come first for its order: rows are upserted, facts that
 * only one event carries are kept once known, and totals follow the newest event.
 */

export interface OrderFacts {
  orderId: string;
  channel: string;
  /** Only orders.order_created knows it. */
  placedAt: string | null;
  total: number;
  /** When the event carrying `total` happened. */
  totalsAt: string;
}

export async function recordOrder(tx: Tx, tenantId: string, facts: OrderFacts) {
  await tx.execute(sql`
    insert into analytics.orders as o (tenant_id, order_id, channel, placed_at, total, totals_at)
    values (${tenantId}, ${facts.orderId}, ${facts.channel}, ${facts.placedAt}, ${facts.total}, ${facts.totalsAt})
    on conflict (tenant_id, order_id) do update set
      channel = excluded.channel,
      placed_at = coalesce(o.placed_at, excluded.placed_at),
      total = case when o.totals_at is null or excluded.totals_at > o.totals_at then excluded.total else o.total end,
      totals_at = greatest(o.totals_at, excluded.totals_at)`);
}

export async function cancelOrder(tx: Tx, tenantId: string, orderId: string, channel: string) {
  await tx.execute(sql`
    insert into analytics.orders as o (tenant_id, order_id, channel, cancelled)
    values (${tenantId}, ${orderId}, ${channel}, true)
    on conflict (tenant_id, order_id) do update set cancelled = true`);
}

export interface LineFacts {
  line_id: string;
  menu_item_id: string;
  name: string;
  quantity: number;
  total: number;
}

/** Lines as placed (with an order or added to it); voids that came first are kept. */
export async function recordLines(tx: Tx, tenantId: string, orderId: string, lines: LineFacts[]) {
  if (lines.length === 0) return;
  const rows = lines.map(
    (line) =>
      sql`(${tenantId}, ${line.line_id}, ${orderId}, ${line.menu_item_id}, ${line.name}, ${line.quantity}, ${line.total})`,
  );
  await tx.execute(sql`
    insert into analytics.order_lines as l (tenant_id, line_id, order_id, menu_item_id, name, quantity, total)
    values ${sql.join(rows, sql`, `)}
    on conflict (tenant_id, line_id) do update set
      menu_item_id = excluded.menu_item_id, name = excluded.name,
      quantity = excluded.quantity, total = excluded.total`);
}

export interface VoidFacts {
  line_id: string;
  menu_item_id: string;
  name: string;
  quantity: number;
}

/** Voided quantities add up on their line, whether or not the line is known yet. */
export async function voidLines(tx: Tx, tenantId: string, orderId: string, voids: VoidFacts[]) {
  if (voids.length === 0) return;
  const rows = voids.map(
    (line) =>
      sql`(${tenantId}, ${line.line_id}, ${orderId}, ${line.menu_item_id}, ${line.name}, ${line.quantity})`,
  );
  await tx.execute(sql`
    insert into analytics.order_lines as l (tenant_id, line_id, order_id, menu_item_id, name, voided_quantity)
    values ${sql.join(rows, sql`, `)}
    on conflict (tenant_id, line_id) do update set voided_quantity = l.voided_quantity + excluded.voided_quantity`);
}

export interface PaymentFacts {
  paymentId: string;
  method: string;
  amount: number;
  tip: number;
  at: string;
}

export async function recordPayment(tx: Tx, tenantId: string, payment: PaymentFacts) {
  await tx.execute(sql`
    insert into analytics.payments (tenant_id, payment_id, method, amount, tip, completed_at)
    values (${tenantId}, ${payment.paymentId}, ${payment.method}, ${payment.amount}, ${payment.tip}, ${payment.at})
    on conflict do nothing`);
}

export interface RefundFacts {
  refundId: string;
  paymentId: string;
  method: string;
  amount: number;
  at: string;
}

export async function recordRefund(tx: Tx, tenantId: string, refund: RefundFacts) {
  await tx.execute(sql`
    insert into analytics.refunds (tenant_id, refund_id, payment_id, method, amount, refunded_at)
    values (${tenantId}, ${refund.refundId}, ${refund.paymentId}, ${refund.method}, ${refund.amount}, ${refund.at})
    on conflict do nothing`);
}
