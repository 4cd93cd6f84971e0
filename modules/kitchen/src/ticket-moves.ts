import { and, eq, ne, sql } from 'drizzle-orm';
import { kitchenErrors as fail, kitchenEvents } from './contract/index.js';
import { type KitchenTx, owe, type TicketRecord, ticketPayload } from './db/kitchen-rows.js';
import { type KitchenOrderRow, type TicketRow, tickets, workers } from './db/tables.js';
import { isHandedOff } from './domain/order-state.js';
import { canApply, isOpen, type TicketAction, withinRecallWindow } from './domain/ticket-state.js';

/**
 * The moves of one ticket, each inside the caller's transaction (with the order row locked):
 * the row changes, its event is published and what the orders module must hear is queued.
 * The KDS endpoints, the whole-order status endpoint and the subscribers all move tickets
 * through here, so one ticket at a time and a whole order at once have the same effects.
 */

export function requireOpenOrder(order: KitchenOrderRow) {
  if (isHandedOff(order.status)) {
    throw fail('order_closed', `Order ${order.number} is ${order.status}: its tickets no longer change.`, {
      details: { status: order.status },
    });
  }
}

function refuse(action: TicketAction, row: TicketRow): never {
  throw fail(
    'invalid_transition',
    `A ${row.status} ticket cannot be ${action === 'bump' ? 'bumped' : `${action}ed`}.`,
    {
      details: { status: row.status, action },
    },
  );
}

async function update(
  k: KitchenTx,
  record: TicketRecord,
  changes: Partial<TicketRow>,
): Promise<TicketRecord> {
  const [row] = await k.tx
    .update(tickets)
    .set({ ...changes, updatedAt: k.clock.now() })
    .where(eq(tickets.id, record.row.id))
    .returning();
  return { ...record, row: row! };
}

const lineIds = (record: TicketRecord) => record.items.map((item) => item.lineId);

/** Who the orders module should name: the worker holding the ticket, else the kitchen caller. */
async function actorFor(k: KitchenTx, row: TicketRow): Promise<string> {
  if (row.claimedBy) {
    const [worker] = await k.tx
      .select({ name: workers.name })
      .from(workers)
      .where(eq(workers.id, row.claimedBy));
    if (worker) return `kitchen:${worker.name}`;
  }
  return k.ctx.actor.id ?? 'kitchen';
}

export async function fireTicket(k: KitchenTx, record: TicketRecord): Promise<TicketRecord> {
  if (!canApply('fire', record.row.status)) refuse('fire', record.row);
  const fired = await update(k, record, { status: 'fired', firedAt: k.clock.now() });
  await k.publish(k.tx, k.ctx, kitchenEvents.ticketFired, ticketPayload(fired), {
    aggregateId: record.row.orderId,
    tenantId: k.tenantId,
  });
  return fired;
}

export async function startTicket(k: KitchenTx, record: TicketRecord): Promise<TicketRecord> {
  if (!canApply('start', record.row.status)) refuse('start', record.row);
  const started = await update(k, record, { status: 'started', startedAt: k.clock.now() });
  await k.publish(k.tx, k.ctx, kitchenEvents.ticketStarted, ticketPayload(started), {
    aggregateId: record.row.orderId,
    tenantId: k.tenantId,
  });
  if (record.row.type === 'food') {
    await owe(k, record.row.orderId, 'started', lineIds(record), await actorFor(k, record.row));
  }
  return started;
}

export async function bumpTicket(k: KitchenTx, record: TicketRecord): Promise<TicketRecord> {
  if (!canApply('bump', record.row.status)) refuse('bump', record.row);
  const now = k.clock.now();
  const worker = record.row.claimedBy;
  const bumped = await update(k, record, {
    status: 'bumped',
    startedAt: record.row.startedAt ?? now,
    bumpedAt: now,
    processedBy: worker,
  });
  if (worker) {
    await k.tx
      .update(workers)
      .set({ ordersProcessed: sql`${workers.ordersProcessed} + 1`, updatedAt: now })
      .where(eq(workers.id, worker));
  }
  const orderDone = record.row.type === 'food' && (await allFoodBumped(k, record.row.orderId));
  await k.publish(
    k.tx,
    k.ctx,
    kitchenEvents.ticketBumped,
    { ...ticketPayload(bumped), order_done: orderDone, worker_id: worker },
    { aggregateId: record.row.orderId, tenantId: k.tenantId },
  );
  if (record.row.type === 'food') {
    const actor = await actorFor(k, record.row);
    await owe(k, record.row.orderId, 'done', lineIds(record), actor);
    if (orderDone) await owe(k, record.row.orderId, 'ready', [], actor);
  }
  return bumped;
}

export async function recallTicket(k: KitchenTx, record: TicketRecord): Promise<TicketRecord> {
  const { row } = record;
  if (!canApply('recall', row.status) || !row.bumpedAt) refuse('recall', row);
  if (!withinRecallWindow(row.bumpedAt, k.clock.now(), k.options.recallWindowSeconds)) {
    throw fail(
      'recall_window_passed',
      `The ticket was bumped more than ${k.options.recallWindowSeconds} s ago; it can no longer be recalled.`,
      { details: { bumped_at: row.bumpedAt.toISOString(), window_seconds: k.options.recallWindowSeconds } },
    );
  }
  const recalled = await update(k, record, { status: 'started', bumpedAt: null, processedBy: null });
  if (row.processedBy) {
    // Not done after all: it counts again when it is bumped again.
    await k.tx
      .update(workers)
      .set({ ordersProcessed: sql`greatest(${workers.ordersProcessed} - 1, 0)`, updatedAt: k.clock.now() })
      .where(eq(workers.id, row.processedBy));
  }
  await k.publish(k.tx, k.ctx, kitchenEvents.ticketRecalled, ticketPayload(recalled), {
    aggregateId: row.orderId,
    tenantId: k.tenantId,
  });
  if (row.type === 'food') {
    const actor = await actorFor(k, row);
    // Lines leave `done` only when asked with `queued` (the orders contract), then start again.
    await owe(k, row.orderId, 'queued', lineIds(record), actor);
    await owe(k, row.orderId, 'started', lineIds(record), actor);
    await owe(k, row.orderId, 'preparing', [], actor);
  }
  return recalled;
}

export async function rushTicket(k: KitchenTx, record: TicketRecord, rush: boolean): Promise<TicketRecord> {
  if (record.row.rush === rush) return record;
  const changed = await update(k, record, { rush });
  await k.publish(k.tx, k.ctx, kitchenEvents.ticketRushed, ticketPayload(changed), {
    aggregateId: record.row.orderId,
    tenantId: k.tenantId,
  });
  return changed;
}

export async function cancelTicket(
  k: KitchenTx,
  record: TicketRecord,
  reason: 'order_cancelled' | 'items_voided',
): Promise<TicketRecord> {
  if (!canApply('cancel', record.row.status)) return record;
  const cancelled = await update(k, record, { status: 'cancelled', claimedBy: null, claimedAt: null });
  await k.publish(
    k.tx,
    k.ctx,
    kitchenEvents.ticketCancelled,
    { ...ticketPayload(cancelled), reason },
    { aggregateId: record.row.orderId, tenantId: k.tenantId },
  );
  return cancelled;
}

/** Marks tickets the order took with it when it left the kitchen; kitchen metrics leave them out. */
export const closedWithOrder = 'closed_with_order';

/**
 * The order was handed off (served, picked up …) while this ticket was still open: it leaves
 * the board as done, without telling the orders module anything it does not already know.
 */
export async function closeWithOrder(k: KitchenTx, record: TicketRecord): Promise<TicketRecord> {
  if (!isOpen(record.row.status)) return record;
  const now = k.clock.now();
  const closed = await update(k, record, {
    status: 'bumped',
    firedAt: record.row.firedAt ?? now, // a held course leaves with the order too
    bumpedAt: now,
    claimedBy: null,
    claimedAt: null,
    reason: closedWithOrder,
  });
  await k.publish(
    k.tx,
    k.ctx,
    kitchenEvents.ticketBumped,
    { ...ticketPayload(closed), order_done: true, worker_id: null },
    { aggregateId: record.row.orderId, tenantId: k.tenantId },
  );
  return closed;
}

/** Every food ticket of the order is bumped (and it has at least one). */
async function allFoodBumped(k: KitchenTx, orderId: string): Promise<boolean> {
  const [counts] = await k.tx
    .select({
      total: sql<number>`count(*)::int`,
      bumped: sql<number>`count(*) filter (where ${tickets.status} = 'bumped')::int`,
    })
    .from(tickets)
    .where(and(eq(tickets.orderId, orderId), eq(tickets.type, 'food'), ne(tickets.status, 'cancelled')));
  return counts !== undefined && counts.total > 0 && counts.total === counts.bumped;
}
