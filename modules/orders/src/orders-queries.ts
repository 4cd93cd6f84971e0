import { contextTx, escapeLike, type Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import { isUuid, newId, type RequestContext } from '@brigade/kernel';
import { and, asc, desc, eq, gte, inArray, like, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  ordersErrors as fail,
  type HistoryEntry,
  listOrdersSchema,
  type OrderStatus,
  type OrdersService,
  type OrderTracking,
} from './contract/index.js';
import { historyOf, linesOf, orderNotFound, toHistory, toOrder } from './db/order-rows.js';
import { type HistoryRow, type LineRow, type OrderRow, orderLines, orders } from './db/tables.js';
import { looksLikeOrderNumber } from './domain/order-number.js';
import { readTrackingToken } from './domain/tracking-token.js';
import { type OrdersDeps, on, readsOwnOnly } from './support.js';

type Queries = Pick<
  OrdersService,
  | 'getOrder'
  | 'listOrders'
  | 'getOrderStatus'
  | 'getOrderHistory'
  | 'trackOrder'
  | 'listTableOrders'
  | 'verifyTrackingToken'
>;

const cursorSchema = z.object({ c: z.iso.datetime(), i: z.uuid() });
/** Until these, the kitchen is still at work and a completion time is worth estimating. */
const inKitchen: readonly OrderStatus[] = ['pending', 'payment_failed', 'confirmed', 'preparing'];

/** Placed + the longest target prep time of its active lines, while the kitchen is at it. */
function estimatedCompletion(order: OrderRow, lines: LineRow[]): string | null {
  if (!inKitchen.includes(order.status)) return null;
  const longest = Math.max(
    0,
    ...lines.filter((line) => line.status === 'active').map((line) => line.prepTimeSeconds ?? 0),
  );
  return longest > 0 ? new Date(order.createdAt.getTime() + longest * 1000).toISOString() : null;
}

function toTracking(order: OrderRow, lines: LineRow[], history: HistoryRow[]): OrderTracking {
  return {
    order_id: order.id,
    order_number: order.number,
    status: order.status,
    channel: order.channel,
    table_number: order.tableNumber,
    lines: lines.map((line) => ({
      name: line.name,
      variant_name: line.variantName,
      options: line.options.map((option) => option.name),
      quantity: line.quantity,
      status: line.status,
      total: line.total,
    })),
    total: order.total,
    currency: order.currency,
    estimated_completion: estimatedCompletion(order, lines),
    history: history.map((entry) => ({ status: entry.status, at: entry.at.toISOString() })),
    channel_name: `order:${order.id}`,
    updated_at: order.updatedAt.toISOString(),
  };
}

/** Reading orders: staff lists and lookups, a customer's own, a guest's tracking page. */
export function createQueries({ db, floor, options }: OrdersDeps): Queries {
  /** An order by id or ORD_… number, as this caller may see it (a customer: only their own). */
  async function find(tx: Tx, ctx: RequestContext, ref: string): Promise<OrderRow> {
    const where = isUuid(ref)
      ? eq(orders.id, ref)
      : looksLikeOrderNumber(ref)
        ? eq(orders.number, ref)
        : null;
    if (!where) throw orderNotFound(ref);
    const [row] = await tx.select().from(orders).where(where);
    if (!row || (readsOwnOnly(ctx) && row.customerId !== ctx.actor.id)) throw orderNotFound(ref);
    return row;
  }

  async function trackIn(tenantId: string, orderId: string) {
    return db.tenantTx(tenantId, async (tx) => {
      const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
      if (!order) return null;
      return toTracking(order, await linesOf(tx, order.id), await historyOf(tx, order.id));
    });
  }

  const invalidToken = () => fail('tracking_token_invalid', 'This tracking link is not valid.');

  return {
    async getOrder(ctx, { id }) {
      return contextTx(db, ctx, async (tx) => {
        const order = await find(tx, ctx, id);
        return toOrder(order, await linesOf(tx, order.id));
      });
    },

    async listOrders(ctx, raw) {
      const input = listOrdersSchema.parse(raw);
      const after = cursorAfter(input.cursor, cursorSchema);
      // A customer sees only their own orders, whatever they filter by.
      const customerId = readsOwnOnly(ctx) ? (ctx.actor.id ?? newId()) : input.customer_id;
      const conditions: (SQL | undefined)[] = [
        input.status?.length ? inArray(orders.status, input.status) : undefined,
        input.channel?.length ? inArray(orders.channel, input.channel) : undefined,
        input.table_id ? eq(orders.tableId, input.table_id) : undefined,
        input.session_id ? eq(orders.sessionId, input.session_id) : undefined,
        customerId ? eq(orders.customerId, customerId) : undefined,
        input.from ? gte(orders.createdAt, new Date(input.from)) : undefined,
        input.to ? lt(orders.createdAt, new Date(input.to)) : undefined,
        input.number ? like(orders.number, `${escapeLike(input.number)}%`) : undefined,
        after
          ? or(
              lt(orders.createdAt, new Date(after.c)),
              and(eq(orders.createdAt, new Date(after.c)), lt(orders.id, after.i)),
            )
          : undefined,
      ];
      return contextTx(db, ctx, async (tx) => {
        const rows = await tx
          .select()
          .from(orders)
          .where(and(...conditions))
          .orderBy(desc(orders.createdAt), desc(orders.id))
          .limit(input.limit + 1);
        const ids = rows.slice(0, input.limit).map((row) => row.id);
        const lines = ids.length
          ? await tx
              .select()
              .from(orderLines)
              .where(inArray(orderLines.orderId, ids))
              .orderBy(asc(orderLines.position))
          : [];
        return pageFrom(
          rows,
          input.limit,
          (row) =>
            toOrder(
              row,
              lines.filter((line) => line.orderId === row.id),
            ),
          (row) => ({ c: row.createdAt.toISOString(), i: row.id }),
        );
      });
    },

    async getOrderStatus(ctx, { ref }) {
      return contextTx(db, ctx, async (tx) => {
        const order = await find(tx, ctx, ref);
        const history = await historyOf(tx, order.id);
        return {
          order_id: order.id,
          order_number: order.number,
          current_status: order.status,
          updated_at: order.updatedAt.toISOString(),
          estimated_completion: estimatedCompletion(order, await linesOf(tx, order.id)),
          processed_by: history.at(-1)?.changedBy ?? null,
        };
      });
    },

    async getOrderHistory(ctx, { ref }): Promise<HistoryEntry[]> {
      return contextTx(db, ctx, async (tx) => {
        const order = await find(tx, ctx, ref);
        return (await historyOf(tx, order.id)).map(toHistory);
      });
    },

    async trackOrder(ctx, { token }) {
      const named = readTrackingToken(options.trackingSecret, token);
      if (!named || (ctx.tenantId && ctx.tenantId !== named.tenant_id)) throw invalidToken();
      const tracking = await trackIn(named.tenant_id, named.order_id);
      if (!tracking) throw invalidToken();
      return { ...tracking, tenant_id: named.tenant_id };
    },

    async verifyTrackingToken(ctx, { token }) {
      const named = readTrackingToken(options.trackingSecret, token);
      if (!named || (ctx.tenantId && ctx.tenantId !== named.tenant_id)) throw invalidToken();
      const [exists] = await db.tenantTx(named.tenant_id, (tx) =>
        tx.select({ id: orders.id }).from(orders).where(eq(orders.id, named.order_id)),
      );
      if (!exists) throw invalidToken();
      return named;
    },

    async listTableOrders(ctx, { table_token }) {
      const { tenant_id: tenantId, table } = await floor().resolveTableToken(ctx, { token: table_token });
      const { open_session_id: sessionId } = await floor().getTable(on(tenantId, ctx), { id: table.id });
      if (!sessionId) return { tenant_id: tenantId, session_id: null, orders: [] };
      const tracked = await db.tenantTx(tenantId, async (tx) => {
        const rows = await tx
          .select()
          .from(orders)
          .where(eq(orders.sessionId, sessionId))
          .orderBy(asc(orders.createdAt), asc(orders.id));
        const result: OrderTracking[] = [];
        for (const row of rows) {
          result.push(toTracking(row, await linesOf(tx, row.id), await historyOf(tx, row.id)));
        }
        return result;
      });
      return { tenant_id: tenantId, session_id: sessionId, orders: tracked };
    },
  };
}
