import { newId } from '@brigade/kernel';
import {
  type OrderChannel,
  type OrderLineEvent,
  type OrderStatus,
  type OrderStatusChange,
  ordersEvents,
} from '@brigade/orders';
import { and, asc, eq, getTableColumns, inArray, lte, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { kitchenEvents } from './contract/index.js';
import { type KitchenTx, loadTickets, type TicketRecord, ticketPayload } from './db/kitchen-rows.js';
import {
  earlyChanges,
  type KitchenOrderRow,
  kitchenOrders,
  type TicketRow,
  ticketItems,
  tickets,
} from './db/tables.js';
import { isHandedOff, isOnTheLine } from './domain/order-state.js';
import { type KitchenLine, routeLines, targetSeconds } from './domain/routing.js';
import { cancelTicket, closeWithOrder, fireTicket } from './ticket-moves.js';

/**
 * How the orders module's events become tickets (issue 6 point 6). Each runs in the event's
 * tenant transaction with its inbox record, and is also naturally idempotent where it can be:
 * an order's lines are taken once, an added line already on a ticket is not added again (voids
 * rely on the inbox). Each event type has its own subscriber, so one order's events may arrive
 * in any order: status events and changes that come before order_created wait for it.
 */

type CreatedPayload = z.output<(typeof ordersEvents)['orderCreated']['payload']>;
type ModifiedPayload = z.output<(typeof ordersEvents)['orderModified']['payload']>;
type CancelledPayload = z.output<(typeof ordersEvents)['orderCancelled']['payload']>;

/** When the event being applied happened (the producer's clock). */
interface EventTime {
  occurred_at: string;
}

interface OrderRef {
  order_id: string;
  number: string;
  channel: OrderChannel;
  table_id: string | null;
}

/**
 * Makes the kitchen's row of the order from `values`, or locks the one there and answers it, in
 * one statement (the no-op update takes the lock); `made` tells which (xmax is 0 only on a row
 * this statement inserted).
 */
async function makeOrLock(
  k: KitchenTx,
  values: typeof kitchenOrders.$inferInsert,
): Promise<KitchenOrderRow & { made: boolean }> {
  const [row] = await k.tx
    .insert(kitchenOrders)
    .values(values)
    .onConflictDoUpdate({ target: kitchenOrders.id, set: { id: sql`excluded.id` } })
    .returning({ ...getTableColumns(kitchenOrders), made: sql<boolean>`xmax = 0` });
  return row!;
}

/**
 * The kitchen's row of the order, locked. Each event type has its own subscriber, so an
 * order's events may be taken in any order: whichever comes first makes the row (`lines_received`
 * false until order_created), and the lock makes the others wait for it.
 */
function lockedOrder(k: KitchenTx, ref: OrderRef, status: OrderStatus): Promise<KitchenOrderRow> {
  return makeOrLock(k, newOrderRow(k, ref, status, k.clock.now()));
}

/** A kitchen order row not yet taken (`lines_received` false), as an event about it first makes it. */
const newOrderRow = (k: KitchenTx, ref: OrderRef, status: OrderStatus, now: Date) => ({
  id: ref.order_id,
  tenantId: k.tenantId,
  number: ref.number,
  channel: ref.channel,
  tableId: ref.table_id,
  status,
  firedThrough: 1,
  linesReceived: false,
  placedAt: now,
  createdAt: now,
  updatedAt: now,
});

const orderOf = (row: KitchenOrderRow): TicketRecord['order'] => ({
  id: row.id,
  number: row.number,
  channel: row.channel,
  tableId: row.tableId,
  tableNumber: row.tableNumber,
  status: row.status,
});

const itemValues = (k: KitchenTx, ticketId: string, lines: KitchenLine[], from: number) =>
  lines.map((line, index) => ({
    id: newId(),
    tenantId: k.tenantId,
    ticketId,
    position: from + index,
    lineId: line.line_id,
    name: line.name,
    variantName: line.variant_name,
    options: line.options,
    quantity: line.quantity,
    notes: line.notes,
    seat: line.seat,
    prepTimeSeconds: line.prep_time_seconds,
    status: 'active' as const,
  }));

interface NewTicket {
  station: string;
  course: number;
  type: 'food' | 'void';
  lines: KitchenLine[];
  fire: boolean;
  /** When it reached the line, if not now (an order's first course: when it was placed). */
  firedAt?: Date;
  reason?: string | null;
}

/** New tickets of an order with their items, in two statements whatever their number, each announced. */
async function createTickets(
  k: KitchenTx,
  order: KitchenOrderRow,
  specs: NewTicket[],
): Promise<TicketRecord[]> {
  if (specs.length === 0) return [];
  const now = k.clock.now();
  const ticketValues = specs.map((ticket) => ({
    id: newId(),
    tenantId: k.tenantId,
    orderId: order.id,
    station: ticket.station,
    course: ticket.course,
    type: ticket.type,
    status: ticket.fire ? ('fired' as const) : ('held' as const),
    rush: false,
    targetSeconds: targetSeconds(ticket.lines, k.options.defaultPrepSeconds),
    firedAt: ticket.fire ? (ticket.firedAt ?? now) : null,
    reason: ticket.reason ?? null,
    createdAt: now,
    updatedAt: now,
  }));
  const inserted = new Map(
    (await k.tx.insert(tickets).values(ticketValues).returning()).map((row) => [row.id, row]),
  );
  const ordered = ticketValues.map((value) => inserted.get(value.id)!);
  const values = ordered.flatMap((row, index) => itemValues(k, row.id, specs[index]!.lines, 1));
  const items = values.length > 0 ? await k.tx.insert(ticketItems).values(values).returning() : [];
  const records = ordered.map((row) => ({
    row,
    order: orderOf(order),
    items: items.filter((item) => item.ticketId === row.id).sort((a, b) => a.position - b.position),
  }));
  for (const record of records) {
    await k.publish(k.tx, k.ctx, kitchenEvents.ticketCreated, ticketPayload(record), {
      aggregateId: order.id,
      tenantId: k.tenantId,
    });
  }
  return records;
}

async function createTicket(k: KitchenTx, order: KitchenOrderRow, ticket: NewTicket): Promise<TicketRecord> {
  const [record] = await createTickets(k, order, [ticket]);
  return record!;
}

const shouldFire = (order: KitchenOrderRow, course: number) =>
  isOnTheLine(order.status) && course <= order.firedThrough;

/** orders.order_created.v1: one ticket per station and course; course 1 fires once the order is confirmed. */
export async function receiveOrder(k: KitchenTx, payload: CreatedPayload, event: EventTime) {
  const occurredAt = new Date(event.occurred_at);
  const placedAt = new Date(payload.placed_at);
  const now = k.clock.now();
  const taken = {
    number: payload.number,
    channel: payload.channel,
    tableId: payload.table_id,
    tableNumber: payload.table_number ?? null,
    linesReceived: true,
    placedAt,
    updatedAt: now,
  };
  // Usually the first of its events: the row is made as taken, and nothing waits for it.
  const existing = await makeOrLock(k, {
    ...newOrderRow(k, payload, payload.status, now),
    ...taken,
    statusAt: occurredAt,
  });
  let order: KitchenOrderRow = existing;
  let early: (typeof earlyChanges.$inferSelect)[] = [];
  if (!existing.made) {
    if (existing.linesReceived) return;
    // A status event may have been taken first: it is newer than the status placed with.
    const newer = existing.statusAt !== null && existing.statusAt.getTime() >= occurredAt.getTime();
    const [updated] = await k.tx
      .update(kitchenOrders)
      .set({
        ...taken,
        status: newer ? existing.status : payload.status,
        statusAt: newer ? existing.statusAt : occurredAt,
      })
      .where(eq(kitchenOrders.id, existing.id))
      .returning();
    order = updated!;
    early = await k.tx
      .select()
      .from(earlyChanges)
      .where(eq(earlyChanges.orderId, existing.id))
      .orderBy(asc(earlyChanges.occurredAt), asc(earlyChanges.eventId));
    if (early.length > 0) await k.tx.delete(earlyChanges).where(eq(earlyChanges.orderId, existing.id));
  }
  // Handed off before the kitchen heard of it (a status event came first): nothing to cook.
  if (isHandedOff(order.status)) return;
  await createTickets(
    k,
    order,
    routeLines(kitchenLines(payload.lines), k.options.defaultStation).map((routed) => ({
      ...routed,
      type: 'food' as const,
      fire: shouldFire(order, routed.course),
      // The board's order is the order of placing, whatever order the events were taken in.
      firedAt: placedAt,
    })),
  );
  // Changes taken before the order, in the order they happened.
  for (const change of early) {
    await applyChanges(k, order, ordersEvents.orderModified.payload.parse(change.payload));
  }
}

const kitchenLines = (lines: OrderLineEvent[]): KitchenLine[] => lines.filter((line) => line.quantity > 0);

/** Fires the held food tickets of every course up to the order's fired course. */
export async function fireDue(k: KitchenTx, order: KitchenOrderRow): Promise<number> {
  if (!isOnTheLine(order.status)) return 0;
  const held = await loadTickets(
    k.tx,
    and(eq(tickets.orderId, order.id), eq(tickets.status, 'held'), lte(tickets.course, order.firedThrough)),
    [asc(tickets.course), asc(tickets.createdAt)],
  );
  for (const record of held) await fireTicket(k, record);
  return held.length;
}

/**
 * Any status event: the kitchen keeps the order's status (the newest event wins; cancelled and
 * completed are final); a confirmation puts course 1 on the line.
 */
export async function orderStatusChanged(k: KitchenTx, payload: OrderStatusChange, event: EventTime) {
  const current = await lockedOrder(k, payload, payload.to);
  const occurredAt = new Date(event.occurred_at);
  const stale = current.statusAt !== null && current.statusAt.getTime() > occurredAt.getTime();
  const final = current.status === 'cancelled' || current.status === 'completed';
  if (stale || (final && current.statusAt !== null)) return;
  const [order] = await k.tx
    .update(kitchenOrders)
    .set({ status: payload.to, statusAt: occurredAt, updatedAt: k.clock.now() })
    .where(eq(kitchenOrders.id, payload.order_id))
    .returning();
  if (payload.to !== 'cancelled' && isHandedOff(payload.to)) {
    const open = await loadTickets(
      k.tx,
      and(eq(tickets.orderId, payload.order_id), inArray(tickets.status, ['held', 'fired', 'started'])),
    );
    for (const record of open) await closeWithOrder(k, record);
  } else if (order!.linesReceived) {
    await fireDue(k, order!);
  }
}

/** The food tickets of an order that still hold a line's items. */
async function ticketsHolding(k: KitchenTx, orderId: string, lineIds: string[]) {
  if (lineIds.length === 0) return [];
  return k.tx
    .select({ item: ticketItems, ticket: tickets })
    .from(ticketItems)
    .innerJoin(tickets, eq(tickets.id, ticketItems.ticketId))
    .where(
      and(
        eq(tickets.orderId, orderId),
        eq(tickets.type, 'food'),
        ne(tickets.status, 'cancelled'),
        eq(ticketItems.status, 'active'),
        inArray(ticketItems.lineId, lineIds),
      ),
    );
}

/** orders.order_modified.v1: added lines join or make tickets; voided ones are struck or get a void ticket. */
export async function modifyOrder(
  k: KitchenTx,
  payload: ModifiedPayload,
  event: EventTime & { event_id: string },
) {
  const order = await lockedOrder(k, payload, payload.status);
  if (!order.linesReceived) {
    // The order itself is not taken yet: keep the change until it is.
    await k.tx
      .insert(earlyChanges)
      .values({
        eventId: event.event_id,
        tenantId: k.tenantId,
        orderId: order.id,
        occurredAt: new Date(event.occurred_at),
        payload,
      })
      .onConflictDoNothing();
    return;
  }
  await applyChanges(k, order, payload);
}

async function applyChanges(k: KitchenTx, order: KitchenOrderRow, payload: ModifiedPayload) {
  if (order.status === 'cancelled') return;
  const known = new Set(
    (
      await ticketsHolding(
        k,
        order.id,
        payload.added_lines.map((line) => line.line_id),
      )
    ).map(({ item }) => item.lineId),
  );
  const added = kitchenLines(payload.added_lines).filter((line) => !known.has(line.line_id));
  for (const routed of routeLines(added, k.options.defaultStation)) await addToLine(k, order, routed);

  const voidTickets = new Map<
    string,
    { station: string; course: number; lines: KitchenLine[]; reasons: string[] }
  >();
  const touched = new Map<string, TicketRow>();
  for (const voided of payload.voided_lines) {
    const holding = await ticketsHolding(k, order.id, [voided.line_id]);
    for (const { item, ticket } of holding) {
      if (ticket.status === 'held' || ticket.status === 'fired' || ticket.status === 'started') {
        const left = Math.max(0, item.quantity - voided.quantity);
        await k.tx
          .update(ticketItems)
          .set({ quantity: left, status: left === 0 ? 'voided' : 'active' })
          .where(eq(ticketItems.id, item.id));
        touched.set(ticket.id, ticket);
      }
      if (ticket.status === 'started' || ticket.status === 'bumped') {
        const key = `${ticket.station}\u0000${ticket.course}`;
        const entry = voidTickets.get(key) ?? {
          station: ticket.station,
          course: ticket.course,
          lines: [],
          reasons: [],
        };
        entry.lines.push({
          line_id: item.lineId,
          name: item.name,
          variant_name: item.variantName,
          options: item.options,
          quantity: Math.min(voided.quantity, item.quantity),
          notes: voided.reason,
          seat: item.seat,
          course: ticket.course,
          station: ticket.station,
          prep_time_seconds: null,
        });
        if (voided.reason) entry.reasons.push(voided.reason);
        voidTickets.set(key, entry);
      }
    }
  }
  for (const ticket of touched.values()) {
    const [record] = await loadTickets(k.tx, eq(tickets.id, ticket.id));
    if (!record) continue;
    if (record.items.length === 0) await cancelTicket(k, record, 'items_voided');
    else {
      await k.publish(
        k.tx,
        k.ctx,
        kitchenEvents.ticketUpdated,
        { ...ticketPayload(record), change: 'items_voided' },
        { aggregateId: order.id, tenantId: k.tenantId },
      );
    }
  }
  for (const entry of voidTickets.values()) {
    await createTicket(k, order, {
      station: entry.station,
      course: entry.course,
      type: 'void',
      lines: entry.lines,
      fire: true,
      reason: [...new Set(entry.reasons)].join('; ') || null,
    });
  }
}

/** Added lines join a ticket of their station and course nobody started yet, or make a new one. */
async function addToLine(
  k: KitchenTx,
  order: KitchenOrderRow,
  routed: { station: string; course: number; lines: KitchenLine[] },
) {
  const [open] = await k.tx
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.orderId, order.id),
        eq(tickets.type, 'food'),
        eq(tickets.station, routed.station),
        eq(tickets.course, routed.course),
        inArray(tickets.status, ['held', 'fired']),
      ),
    )
    .orderBy(asc(tickets.createdAt))
    .limit(1)
    .for('update');
  if (!open) {
    await createTicket(k, order, { ...routed, type: 'food', fire: shouldFire(order, routed.course) });
    return;
  }
  const [last] = await k.tx
    .select({ position: sql<number>`coalesce(max(${ticketItems.position}), 0)::int` })
    .from(ticketItems)
    .where(eq(ticketItems.ticketId, open.id));
  await k.tx.insert(ticketItems).values(itemValues(k, open.id, routed.lines, (last?.position ?? 0) + 1));
  const target = Math.max(open.targetSeconds, targetSeconds(routed.lines, 0));
  if (target !== open.targetSeconds) {
    await k.tx
      .update(tickets)
      .set({ targetSeconds: target, updatedAt: k.clock.now() })
      .where(eq(tickets.id, open.id));
  }
  const [record] = await loadTickets(k.tx, eq(tickets.id, open.id));
  await k.publish(
    k.tx,
    k.ctx,
    kitchenEvents.ticketUpdated,
    { ...ticketPayload(record!), change: 'items_added' },
    { aggregateId: order.id, tenantId: k.tenantId },
  );
}

/** orders.order_cancelled.v1: open tickets leave the board; stations that started get a void ticket. */
export async function cancelOrder(k: KitchenTx, payload: CancelledPayload, event: EventTime) {
  await orderStatusChanged(k, payload, event);
  const order = await lockedOrder(k, payload, payload.to);
  const open = await loadTickets(
    k.tx,
    and(
      eq(tickets.orderId, order.id),
      eq(tickets.type, 'food'),
      inArray(tickets.status, ['held', 'fired', 'started']),
    ),
    [asc(tickets.createdAt)],
  );
  for (const record of open) {
    await cancelTicket(k, record, 'order_cancelled');
    if (record.row.status === 'started' && record.items.length > 0) {
      await createTicket(k, order, {
        station: record.row.station,
        course: record.row.course,
        type: 'void',
        fire: true,
        reason: payload.reason ?? 'order cancelled',
        lines: record.items.map((item) => ({
          line_id: item.lineId,
          name: item.name,
          variant_name: item.variantName,
          options: item.options,
          quantity: item.quantity,
          notes: item.notes,
          seat: item.seat,
          course: record.row.course,
          station: record.row.station,
          prep_time_seconds: null,
        })),
      });
    }
  }
}
