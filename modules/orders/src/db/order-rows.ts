import type { Tx } from '@brigade/db';
import { and, asc, eq } from 'drizzle-orm';
import {
  ordersErrors as fail,
  type HistoryEntry,
  type Order,
  type OrderLine,
  type OrderLineEvent,
} from '../contract/index.js';
import { type HistoryRow, type LineRow, type OrderRow, orderLines, orders, statusHistory } from './tables.js';

const iso = (date: Date) => date.toISOString();

export function toLine(row: LineRow): OrderLine {
  return {
    id: row.id,
    position: row.position,
    menu_item_id: row.menuItemId,
    name: row.name,
    variant_id: row.variantId,
    variant_name: row.variantName,
    options: row.options,
    quantity: row.quantity,
    unit_price: row.unitPrice,
    subtotal: row.subtotal,
    discount: row.discount,
    tax_category: row.taxCategory,
    tax_rate_bps: row.taxRateBps,
    tax: row.tax,
    total: row.total,
    notes: row.notes,
    seat: row.seat,
    course: row.course,
    station: row.station,
    prep_time_seconds: row.prepTimeSeconds,
    kitchen_state: row.kitchenState,
    status: row.status,
    void_reason: row.voidReason,
    voided_at: row.voidedAt ? iso(row.voidedAt) : null,
    voided_by: row.voidedBy,
  };
}

export function toOrder(row: OrderRow, lines: LineRow[]): Order {
  return {
    id: row.id,
    number: row.number,
    business_date: row.businessDate,
    channel: row.channel,
    source: row.source,
    status: row.status,
    table_id: row.tableId,
    table_number: row.tableNumber,
    session_id: row.sessionId,
    customer_id: row.customerId,
    customer: row.customer,
    delivery_address: row.deliveryAddress,
    notes: row.notes,
    currency: row.currency,
    prices_include_tax: row.pricesIncludeTax,
    lines: [...lines].sort((a, b) => a.position - b.position).map(toLine),
    discounts: row.discounts,
    subtotal: row.subtotal,
    discount_total: row.discountTotal,
    tax_total: row.taxTotal,
    taxes: row.taxes,
    total: row.total,
    cancel_reason: row.cancelReason,
    placed_by: row.placedBy,
    version: row.version,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

export function toHistory(row: HistoryRow): HistoryEntry {
  return {
    status: row.status,
    from: row.fromStatus,
    at: iso(row.at),
    changed_by: row.changedBy,
    reason: row.reason,
  };
}

/** A line as the kitchen, inventory and analytics read it in events. */
export function lineEvent(row: LineRow): OrderLineEvent {
  return {
    line_id: row.id,
    menu_item_id: row.menuItemId,
    variant_id: row.variantId,
    option_ids: row.options.map((option) => option.id),
    name: row.name,
    variant_name: row.variantName,
    options: row.options.map((option) => option.name),
    quantity: row.quantity,
    notes: row.notes,
    seat: row.seat,
    course: row.course,
    station: row.station,
    prep_time_seconds: row.prepTimeSeconds,
    total: row.total,
  };
}

export const orderNotFound = (ref: string) => fail('order_not_found', `No order ${ref}.`);

/** The order, locked until the transaction ends: every change to an order goes through here. */
export async function lockOrder(tx: Tx, id: string): Promise<OrderRow> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  if (!row) throw orderNotFound(id);
  return row;
}

export function linesOf(tx: Tx, orderId: string): Promise<LineRow[]> {
  return tx
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.position));
}

export function historyOf(tx: Tx, orderId: string): Promise<HistoryRow[]> {
  return tx
    .select()
    .from(statusHistory)
    .where(and(eq(statusHistory.orderId, orderId)))
    .orderBy(asc(statusHistory.at), asc(statusHistory.id));
}
