import { contextTx, type Database, queryRows, type Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import type { Clock, RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, asc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  allDaySchema,
  type ExpoOrder,
  kitchenErrors as fail,
  fireCourseSchema,
  type KitchenService,
  listExpoSchema,
  listTicketsSchema,
  metricsQuerySchema,
  type TicketStatus,
} from './contract/index.js';
import {
  type KitchenTx,
  loadTickets,
  lockOrder,
  type TicketRecord,
  tenantOf,
  ticketRecord,
  toTicket,
} from './db/kitchen-rows.js';
import { type KitchenOrderRow, kitchenOrders, tickets, workers } from './db/tables.js';
import { isOnTheLine, onTheLineStatuses } from './domain/order-state.js';
import { fireDue } from './intake.js';
import type { KitchenOptions } from './options.js';
import type { OrderEffects } from './order-effects.js';
import {
  bumpTicket,
  closedWithOrder,
  fireTicket,
  recallTicket,
  requireOpenOrder,
  rushTicket,
  startTicket,
} from './ticket-moves.js';

export interface KitchenDeps {
  db: Database;
  clock: Clock;
  publish: Publish;
  options: KitchenOptions;
  effects: OrderEffects;
}

type Tickets = Omit<
  KitchenService,
  'registerWorker' | 'heartbeat' | 'claimTickets' | 'listWorkers' | 'getWorker' | 'removeWorker' | 'sweep'
>;

const liveBoard: TicketStatus[] = ['fired', 'started'];

/** rush first, then the oldest fired (held tickets by creation). */
const rushRank = sql`(case when ${tickets.rush} then 1 else 0 end)`;
const boardAt = sql`coalesce(${tickets.firedAt}, ${tickets.createdAt})`;
const boardCursor = z.tuple([z.number().int(), z.iso.datetime(), z.uuid()]);
const expoCursor = z.tuple([z.iso.datetime(), z.uuid()]);

/** The kitchen display: the board, ticket moves, course firing, expo, all-day counts, metrics. */
export function createTickets(deps: KitchenDeps): Tickets {
  const { db, clock, publish, options, effects } = deps;

  /** Runs `fn` in ctx's restaurant; afterwards the effects it queued for orders are sent. */
  async function change<T>(ctx: RequestContext, fn: (k: KitchenTx) => Promise<T>): Promise<T> {
    const tenantId = tenantOf(ctx);
    const result = await contextTx(db, ctx, (tx) => fn({ tx, ctx, tenantId, clock, publish, options }));
    effects.wake();
    return result;
  }

  /** The ticket, after its order is locked (moves of one order's tickets run one at a time). */
  async function withTicket(
    ctx: RequestContext,
    id: string,
    move: (k: KitchenTx, record: TicketRecord, order: KitchenOrderRow) => Promise<TicketRecord>,
  ) {
    const moved = await change(ctx, async (k) => {
      const [ref] = await k.tx.select({ orderId: tickets.orderId }).from(tickets).where(eq(tickets.id, id));
      if (!ref) throw fail('ticket_not_found', `No ticket ${id}.`);
      const order = await lockOrder(k.tx, ref.orderId);
      return move(k, await ticketRecord(k.tx, id), order);
    });
    return toTicket(moved, clock.now());
  }

  async function expoOf(tx: Tx, orders: KitchenOrderRow[]): Promise<ExpoOrder[]> {
    if (orders.length === 0) return [];
    const records = await loadTickets(
      tx,
      and(
        inArray(
          tickets.orderId,
          orders.map((order) => order.id),
        ),
        ne(tickets.status, 'cancelled'),
      ),
      [asc(tickets.course), asc(tickets.createdAt), asc(tickets.id)],
    );
    const now = clock.now();
    return orders.map((order) => {
      const own = records.filter((record) => record.row.orderId === order.id);
      const food = own.filter((record) => record.row.type === 'food');
      const bumped = food.filter((record) => record.row.status === 'bumped').length;
      return {
        order_id: order.id,
        order_number: order.number,
        channel: order.channel,
        table_id: order.tableId,
        table_number: order.tableNumber,
        status: order.status,
        placed_at: order.placedAt.toISOString(),
        elapsed_seconds: Math.max(0, Math.floor((now.getTime() - order.placedAt.getTime()) / 1000)),
        tickets: own.map((record) => toTicket(record, now)),
        tickets_total: food.length,
        tickets_bumped: bumped,
        done: food.length > 0 && bumped === food.length,
      };
    });
  }

  async function expoOrder(tx: Tx, orderId: string): Promise<ExpoOrder> {
    const [order] = await tx.select().from(kitchenOrders).where(eq(kitchenOrders.id, orderId));
    if (!order?.linesReceived) throw fail('order_not_found', `The kitchen has no order ${orderId}.`);
    return (await expoOf(tx, [order]))[0]!;
  }

  function requireOnTheLine(order: KitchenOrderRow) {
    requireOpenOrder(order);
    if (!isOnTheLine(order.status)) {
      throw fail(
        'order_not_confirmed',
        `Order ${order.number} is ${order.status}: it is not confirmed yet.`,
        {
          details: { status: order.status },
        },
      );
    }
  }

  async function lockReceivedOrder(tx: Tx, id: string) {
    const order = await lockOrder(tx, id);
    if (!order.linesReceived) throw fail('order_not_found', `The kitchen has no order ${id}.`);
    return order;
  }

  return {
    async listTickets(ctx, input) {
      const query = listTicketsSchema.parse(input);
      tenantOf(ctx);
      const after = cursorAfter(query.cursor, boardCursor);
      const filters: SQL[] = [inArray(tickets.status, query.status ?? liveBoard)];
      if (query.station) filters.push(eq(tickets.station, query.station));
      if (query.course) filters.push(eq(tickets.course, query.course));
      if (query.type) filters.push(eq(tickets.type, query.type));
      if (after) {
        const [rank, at, id] = after;
        filters.push(
          sql`(${rushRank} < ${rank} or (${rushRank} = ${rank} and (${boardAt}, ${tickets.id}) > (${at}::timestamptz, ${id}::uuid)))`,
        );
      }
      const records = await contextTx(db, ctx, (tx) =>
        loadTickets(
          tx,
          and(...filters),
          [sql`${rushRank} desc`, sql`${boardAt} asc`, asc(tickets.id)],
          query.limit + 1,
        ),
      );
      const now = clock.now();
      return pageFrom(
        records,
        query.limit,
        (record) => toTicket(record, now),
        ({ row }) => [row.rush ? 1 : 0, (row.firedAt ?? row.createdAt).toISOString(), row.id],
      );
    },

    async getTicket(ctx, { id }) {
      tenantOf(ctx);
      const record = await contextTx(db, ctx, (tx) => ticketRecord(tx, id));
      return toTicket(record, clock.now());
    },

    startTicket: (ctx, { id }) =>
      withTicket(ctx, id, (k, record, order) => {
        requireOpenOrder(order);
        return startTicket(k, record);
      }),

    bumpTicket: (ctx, { id }) => withTicket(ctx, id, (k, record) => bumpTicket(k, record)),

    recallTicket: (ctx, { id }) =>
      withTicket(ctx, id, (k, record, order) => {
        if (order.status === 'cancelled') requireOpenOrder(order);
        return recallTicket(k, record);
      }),

    rushTicket: (ctx, { id, rush }) =>
      withTicket(ctx, id, (k, record) => rushTicket(k, record, rush ?? !record.row.rush)),

    async fireCourse(ctx, { order_id, ...input }) {
      const { course } = fireCourseSchema.parse(input);
      return change(ctx, async (k) => {
        const order = await lockReceivedOrder(k.tx, order_id);
        requireOnTheLine(order);
        const [exists] = await k.tx
          .select({ id: tickets.id })
          .from(tickets)
          .where(
            and(
              eq(tickets.orderId, order.id),
              eq(tickets.course, course),
              eq(tickets.type, 'food'),
              ne(tickets.status, 'cancelled'),
            ),
          )
          .limit(1);
        if (!exists) {
          throw fail('course_not_found', `Order ${order.number} has no course ${course}.`, {
            errors: [{ field: 'course', message: 'no tickets of this course' }],
          });
        }
        const firedThrough = Math.max(order.firedThrough, course);
        const [updated] = await k.tx
          .update(kitchenOrders)
          .set({ firedThrough, updatedAt: k.clock.now() })
          .where(eq(kitchenOrders.id, order.id))
          .returning();
        await fireDue(k, updated!);
        return expoOrder(k.tx, order.id);
      });
    },

    async setOrderStatus(ctx, { order_id, status }) {
      return change(ctx, async (k) => {
        const order = await lockReceivedOrder(k.tx, order_id);
        requireOnTheLine(order);
        const open = await loadTickets(
          k.tx,
          and(eq(tickets.orderId, order.id), inArray(tickets.status, ['held', 'fired', 'started'])),
          [asc(tickets.course), asc(tickets.createdAt), asc(tickets.id)],
        );
        for (const record of open) {
          if (status === 'preparing') {
            if (record.row.status === 'fired' && record.row.type === 'food') await startTicket(k, record);
          } else {
            const fired = record.row.status === 'held' ? await fireTicket(k, record) : record;
            await bumpTicket(k, fired);
          }
        }
        return expoOrder(k.tx, order.id);
      });
    },

    async getExpoOrder(ctx, { order_id }) {
      tenantOf(ctx);
      return contextTx(db, ctx, (tx) => expoOrder(tx, order_id));
    },

    async listExpo(ctx, input) {
      const query = listExpoSchema.parse(input);
      tenantOf(ctx);
      const after = cursorAfter(query.cursor, expoCursor);
      const filters: SQL[] = [
        inArray(kitchenOrders.status, [...onTheLineStatuses]),
        eq(kitchenOrders.linesReceived, true),
      ];
      if (after) {
        filters.push(
          sql`(${kitchenOrders.placedAt}, ${kitchenOrders.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)`,
        );
      }
      return contextTx(db, ctx, async (tx) => {
        const orders = await tx
          .select()
          .from(kitchenOrders)
          .where(and(...filters))
          .orderBy(asc(kitchenOrders.placedAt), asc(kitchenOrders.id))
          .limit(query.limit + 1);
        const page = pageFrom(
          orders,
          query.limit,
          (order) => order,
          (order) => [order.placedAt.toISOString(), order.id],
        );
        return { data: await expoOf(tx, page.data), next_cursor: page.next_cursor };
      });
    },

    async allDay(ctx, input) {
      const { station } = allDaySchema.parse(input);
      tenantOf(ctx);
      const rows = await contextTx(db, ctx, (tx) =>
        queryRows<{ name: string; variant_name: string | null; quantity: number; not_started: number }>(
          tx,
          sql`select i.name, i.variant_name, sum(i.quantity)::int as quantity,
                coalesce(sum(i.quantity) filter (where t.status = 'fired'), 0)::int as not_started
              from kitchen.ticket_items i join kitchen.tickets t on t.id = i.ticket_id
              where t.type = 'food' and t.status in ('fired', 'started') and i.status = 'active'
                ${station ? sql`and t.station = ${station}` : sql``}
              group by i.name, i.variant_name
              order by quantity desc, i.name, i.variant_name nulls first`,
        ),
      );
      return rows;
    },

    async metrics(ctx, input) {
      const query = metricsQuerySchema.parse(input);
      tenantOf(ctx);
      const now = clock.now();
      const to = query.to ? new Date(query.to) : now;
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000);
      if (from.getTime() >= to.getTime()) {
        throw fail('invalid_range', '`from` must be before `to`.', {
          errors: [{ field: 'from', message: 'must be before to' }],
        });
      }
      const window = sql`t.type = 'food' and t.status = 'bumped' and t.reason is distinct from ${closedWithOrder}
        and t.bumped_at >= ${from.toISOString()}::timestamptz and t.bumped_at < ${to.toISOString()}::timestamptz`;
      const prep = sql`extract(epoch from (t.bumped_at - t.fired_at))`;
      const stats = sql`count(*)::int as tickets,
        round(avg(${prep})::numeric, 1)::float8 as avg_prep_seconds,
        round(percentile_cont(0.9) within group (order by ${prep})::numeric, 1)::float8 as p90_prep_seconds,
        (count(*) filter (where ${prep} > t.target_seconds))::int as late_tickets`;
      type Stats = {
        tickets: number;
        avg_prep_seconds: number | null;
        p90_prep_seconds: number | null;
        late_tickets: number;
      };
      return contextTx(db, ctx, async (tx) => {
        const [overall] = await queryRows<Stats>(
          tx,
          sql`select ${stats} from kitchen.tickets t where ${window}`,
        );
        const stations = await queryRows<Stats & { station: string }>(
          tx,
          sql`select t.station, ${stats} from kitchen.tickets t where ${window} group by t.station order by t.station`,
        );
        const items = await queryRows<Stats & { name: string; station: string; quantity: number }>(
          tx,
          sql`select i.name, t.station, sum(i.quantity)::int as quantity, ${stats}
              from kitchen.tickets t join kitchen.ticket_items i on i.ticket_id = t.id and i.status = 'active'
              where ${window}
              group by i.name, t.station order by i.name, t.station`,
        );
        const [open] = await queryRows<{ late: number }>(
          tx,
          sql`select count(*)::int as late from kitchen.tickets t
              where t.type = 'food' and t.status in ('fired', 'started')
                and t.fired_at + t.target_seconds * interval '1 second' < ${now.toISOString()}::timestamptz`,
        );
        return {
          from: from.toISOString(),
          to: to.toISOString(),
          overall: overall!,
          stations,
          items,
          late_open_tickets: open?.late ?? 0,
        };
      });
    },

    async listStations(ctx) {
      tenantOf(ctx);
      const now = clock.now();
      return contextTx(db, ctx, async (tx) => {
        const counts = await queryRows<{
          station: string;
          held: number;
          fired: number;
          started: number;
          late: number;
        }>(
          tx,
          sql`select station,
                (count(*) filter (where status = 'held'))::int as held,
                (count(*) filter (where status = 'fired'))::int as fired,
                (count(*) filter (where status = 'started'))::int as started,
                (count(*) filter (where status in ('fired', 'started') and type = 'food'
                  and fired_at + target_seconds * interval '1 second' < ${now.toISOString()}::timestamptz))::int as late
              from kitchen.tickets where status in ('held', 'fired', 'started')
              group by station`,
        );
        const staffed = await tx.select({ stations: workers.stations }).from(workers);
        const names = new Set([options.defaultStation, ...counts.map((row) => row.station)]);
        for (const { stations } of staffed) for (const station of stations) names.add(station);
        const byName = new Map(counts.map((row) => [row.station, row]));
        return [...names]
          .sort()
          .map((station) => byName.get(station) ?? { station, held: 0, fired: 0, started: 0, late: 0 });
      });
    },
  };
}
