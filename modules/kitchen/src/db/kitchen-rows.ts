import type { Tx } from '@brigade/db';
import type { Clock, RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import {
  kitchenErrors as fail,
  type Ticket,
  type TicketEventPayload,
  type TicketItem,
  type Worker,
} from '../contract/index.js';
import { elapsedSeconds, isLate } from '../domain/ticket-state.js';
import type { KitchenOptions } from '../options.js';
import {
  type EffectAction,
  type KitchenOrderRow,
  kitchenOrders,
  orderEffects,
  type TicketItemRow,
  type TicketRow,
  ticketItems,
  tickets,
  type WorkerRow,
} from './tables.js';

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

/** Everything a change inside one kitchen transaction needs. */
export interface KitchenTx {
  tx: Tx;
  ctx: RequestContext;
  tenantId: string;
  clock: Clock;
  publish: Publish;
  options: KitchenOptions;
}

export function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw fail('restaurant_required', 'Kitchen data belongs to a restaurant; this caller acts for none.');
  }
  return ctx.tenantId;
}

/** A ticket with what it shows: its order's number and channel, and its active items. */
export interface TicketRecord {
  row: TicketRow;
  order: Pick<KitchenOrderRow, 'id' | 'number' | 'channel' | 'tableId' | 'tableNumber' | 'status'>;
  items: TicketItemRow[];
}

export function toItem(row: TicketItemRow): TicketItem {
  return {
    line_id: row.lineId,
    name: row.name,
    variant_name: row.variantName,
    options: row.options,
    quantity: row.quantity,
    notes: row.notes,
    seat: row.seat,
    prep_time_seconds: row.prepTimeSeconds,
  };
}

export function toTicket({ row, order, items }: TicketRecord, now: Date): Ticket {
  return {
    id: row.id,
    order_id: row.orderId,
    order_number: order.number,
    channel: order.channel,
    table_id: order.tableId,
    table_number: order.tableNumber,
    station: row.station,
    course: row.course,
    type: row.type,
    status: row.status,
    rush: row.rush,
    reason: row.reason,
    items: items.map(toItem),
    target_seconds: row.targetSeconds,
    elapsed_seconds: elapsedSeconds(row, now),
    late: row.type === 'food' && isLate(row, now),
    claimed_by: row.claimedBy,
    fired_at: isoOrNull(row.firedAt),
    started_at: isoOrNull(row.startedAt),
    bumped_at: isoOrNull(row.bumpedAt),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

export function ticketPayload({ row, order, items }: TicketRecord): TicketEventPayload {
  return {
    ticket_id: row.id,
    order_id: row.orderId,
    order_number: order.number,
    channel: order.channel,
    table_id: order.tableId,
    table_number: order.tableNumber,
    station: row.station,
    course: row.course,
    type: row.type,
    status: row.status,
    rush: row.rush,
    target_seconds: row.targetSeconds,
    items: items.map(toItem),
  };
}

/** Tickets matching `where` with their orders and active items, in the given order. */
export async function loadTickets(
  tx: Tx,
  where: SQL | undefined,
  orderBy: SQL[] = [],
  limit?: number,
): Promise<TicketRecord[]> {
  const query = tx
    .select({
      row: tickets,
      order: {
        id: kitchenOrders.id,
        number: kitchenOrders.number,
        channel: kitchenOrders.channel,
        tableId: kitchenOrders.tableId,
        tableNumber: kitchenOrders.tableNumber,
        status: kitchenOrders.status,
      },
    })
    .from(tickets)
    .innerJoin(kitchenOrders, eq(kitchenOrders.id, tickets.orderId))
    .where(where)
    .orderBy(...orderBy);
  return withItems(tx, await (limit === undefined ? query : query.limit(limit)));
}

export async function withItems(
  tx: Tx,
  rows: { row: TicketRow; order: TicketRecord['order'] }[],
): Promise<TicketRecord[]> {
  if (rows.length === 0) return [];
  const items = await tx
    .select()
    .from(ticketItems)
    .where(
      and(
        inArray(
          ticketItems.ticketId,
          rows.map(({ row }) => row.id),
        ),
        eq(ticketItems.status, 'active'),
      ),
    )
    .orderBy(asc(ticketItems.position));
  const byTicket = new Map<string, TicketItemRow[]>();
  for (const item of items) byTicket.set(item.ticketId, [...(byTicket.get(item.ticketId) ?? []), item]);
  return rows.map((entry) => ({ ...entry, items: byTicket.get(entry.row.id) ?? [] }));
}

/** The ticket, locked for the rest of the transaction. */
export async function lockTicket(tx: Tx, id: string): Promise<TicketRow> {
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update');
  if (!row) throw fail('ticket_not_found', `No ticket ${id}.`);
  return row;
}

/** The kitchen's record of an order, locked: changes to one order's tickets run one at a time. */
export async function lockOrder(tx: Tx, id: string): Promise<KitchenOrderRow> {
  const [row] = await tx.select().from(kitchenOrders).where(eq(kitchenOrders.id, id)).for('update');
  if (!row) throw fail('order_not_found', `The kitchen has no order ${id}.`);
  return row;
}

export async function ticketRecord(tx: Tx, id: string): Promise<TicketRecord> {
  const [record] = await loadTickets(tx, eq(tickets.id, id));
  if (!record) throw fail('ticket_not_found', `No ticket ${id}.`);
  return record;
}

/** Something the kitchen must tell the orders module once this transaction commits. */
export async function owe(
  k: KitchenTx,
  orderId: string,
  action: EffectAction,
  lineIds: string[] = [],
  actor = 'kitchen',
) {
  const now = k.clock.now();
  await k.tx.insert(orderEffects).values({
    tenantId: k.tenantId,
    orderId,
    action,
    lineIds,
    actor,
    correlationId: k.ctx.correlationId,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  });
}

export function toWorker(row: WorkerRow, claimed: number, now: Date, timeoutSeconds: number): Worker {
  const online = row.status === 'online' && now.getTime() - row.lastSeenAt.getTime() <= timeoutSeconds * 1000;
  return {
    id: row.id,
    name: row.name,
    stations: row.stations,
    order_types: row.orderTypes,
    prefetch: row.prefetch,
    status: online ? 'online' : 'offline',
    claimed,
    orders_processed: row.ordersProcessed,
    last_seen: iso(row.lastSeenAt),
    created_at: iso(row.createdAt),
  };
}
