import type { Tx } from '@brigade/db';
import { type Clock, newId, type RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { eq } from 'drizzle-orm';
import { type OrderStatus, ordersEvents, statusEventFor } from './contract/index.js';
import { lineEvent, linesOf } from './db/order-rows.js';
import { type OrderRow, orders, statusHistory } from './db/tables.js';

/** Appends the order's history entries (one statement for all of them). */
export async function recordHistory(
  tx: Tx,
  order: OrderRow,
  ...entries: {
    status: OrderStatus;
    from: OrderStatus | null;
    changedBy: string;
    reason: string | null;
    at: Date;
  }[]
) {
  await tx.insert(statusHistory).values(
    entries.map((entry) => ({
      id: newId(),
      tenantId: order.tenantId,
      orderId: order.id,
      status: entry.status,
      fromStatus: entry.from,
      changedBy: entry.changedBy,
      reason: entry.reason,
      at: entry.at,
    })),
  );
}

export type MoveArgs = [
  tx: Tx,
  ctx: RequestContext,
  order: OrderRow,
  to: OrderStatus,
  changedBy: string,
  reason: string | null,
  /** The event that caused the move, when a subscriber makes it. */
  causationId?: string,
];

/**
 * One step of the status machine, recorded and announced (the caller checked it is allowed):
 * the order's status, a history entry, and the move's event in the same transaction.
 */
export async function moveOrderStatus(
  { clock, publish }: { clock: Clock; publish: Publish },
  ...[tx, ctx, order, to, changedBy, reason, causationId]: MoveArgs
): Promise<OrderRow> {
  const now = clock.now();
  const [updated] = await tx
    .update(orders)
    .set({
      status: to,
      version: order.version + 1,
      updatedAt: now,
      ...(to === 'cancelled' && { cancelReason: reason }),
    })
    .where(eq(orders.id, order.id))
    .returning();
  await recordHistory(tx, order, { status: to, from: order.status, changedBy, reason, at: now });
  const change = {
    order_id: order.id,
    number: order.number,
    channel: order.channel,
    table_id: order.tableId,
    session_id: order.sessionId,
    from: order.status,
    to,
    changed_by: changedBy,
    reason,
    version: updated!.version,
  };
  const publishOptions = { aggregateId: order.id, tenantId: order.tenantId, causationId };
  if (to === 'cancelled') {
    const active = (await linesOf(tx, order.id)).filter((line) => line.status === 'active');
    await publish(
      tx,
      ctx,
      ordersEvents.orderCancelled,
      { ...change, lines: active.map((line) => ({ ...lineEvent(line), kitchen_state: line.kitchenState })) },
      publishOptions,
    );
  } else {
    await publish(tx, ctx, statusEventFor[to], change, publishOptions);
  }
  return updated!;
}
