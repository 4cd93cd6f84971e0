import { contextTx, isUniqueViolation, type Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import { newId } from '@brigade/kernel';
import { and, asc, desc, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  kitchenErrors as fail,
  type KitchenService,
  kitchenEvents,
  listWorkersSchema,
  registerWorkerSchema,
  type Worker,
} from './contract/index.js';
import { type KitchenTx, loadTickets, tenantOf, toTicket, toWorker } from './db/kitchen-rows.js';
import { kitchenOrders, tickets, type WorkerRow, workers } from './db/tables.js';
import { lockClaimed, releaseClaimed } from './sweep.js';
import type { KitchenDeps } from './tickets.service.js';

type Workers = Pick<
  KitchenService,
  'registerWorker' | 'heartbeat' | 'claimTickets' | 'listWorkers' | 'getWorker' | 'removeWorker'
>;

const openStatuses = ['fired', 'started'] as const;

/** Seed 004's kitchen workers: register, heartbeat, claim tickets fairly, vanish. */
export function createWorkers(deps: KitchenDeps): Workers {
  const { db, clock, publish, options } = deps;
  const notFound = (id: string) => fail('worker_not_found', `No kitchen worker ${id}.`);

  async function claimedCounts(tx: Tx, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await tx
      .select({ worker: tickets.claimedBy, count: sql<number>`count(*)::int` })
      .from(tickets)
      .where(and(inArray(tickets.claimedBy, ids), inArray(tickets.status, [...openStatuses])))
      .groupBy(tickets.claimedBy);
    return new Map(rows.map((row) => [row.worker!, row.count]));
  }

  async function view(tx: Tx, row: WorkerRow): Promise<Worker> {
    const counts = await claimedCounts(tx, [row.id]);
    return toWorker(row, counts.get(row.id) ?? 0, clock.now(), options.heartbeatTimeoutSeconds);
  }

  async function lockWorker(tx: Tx, id: string): Promise<WorkerRow> {
    const [row] = await tx.select().from(workers).where(eq(workers.id, id)).for('update');
    if (!row) throw notFound(id);
    return row;
  }

  async function register(k: KitchenTx, input: z.output<typeof registerWorkerSchema>) {
    const now = clock.now();
    const [existing] = await k.tx
      .select()
      .from(workers)
      .where(sql`lower(${workers.name}) = lower(${input.name})`)
      .for('update');
    const settings = {
      name: input.name,
      stations: [...new Set(input.stations)],
      orderTypes: [...new Set(input.order_types)],
      prefetch: input.prefetch,
      status: 'online' as const,
      lastSeenAt: now,
      updatedAt: now,
    };
    const [row] = existing
      ? await k.tx.update(workers).set(settings).where(eq(workers.id, existing.id)).returning()
      : await k.tx
          .insert(workers)
          .values({ id: newId(), tenantId: k.tenantId, ordersProcessed: 0, createdAt: now, ...settings })
          .returning();
    await publish(
      k.tx,
      k.ctx,
      kitchenEvents.workerRegistered,
      {
        worker_id: row!.id,
        name: row!.name,
        stations: row!.stations,
        order_types: row!.orderTypes,
        prefetch: row!.prefetch,
      },
      { aggregateId: row!.id, tenantId: k.tenantId },
    );
    return { worker: await view(k.tx, row!), created: !existing };
  }

  return {
    async registerWorker(ctx, input) {
      const data = registerWorkerSchema.parse(input);
      const tenantId = tenantOf(ctx);
      const attempt = () =>
        contextTx(db, ctx, (tx) => register({ tx, ctx, tenantId, clock, publish, options }, data));
      try {
        return await attempt();
      } catch (error) {
        // Two registrations of one new name at once: the second updates the first's row.
        if (isUniqueViolation(error, 'workers_name_key')) return attempt();
        throw error;
      }
    },

    async heartbeat(ctx, { id }) {
      tenantOf(ctx);
      return contextTx(db, ctx, async (tx) => {
        const now = clock.now();
        const [row] = await tx
          .update(workers)
          .set({ lastSeenAt: now, status: 'online', updatedAt: now })
          .where(eq(workers.id, id))
          .returning();
        if (!row) throw notFound(id);
        return view(tx, row);
      });
    },

    async claimTickets(ctx, { id }) {
      tenantOf(ctx);
      const now = clock.now();
      const { claimed, holding } = await contextTx(db, ctx, async (tx) => {
        const worker = await lockWorker(tx, id);
        await tx
          .update(workers)
          .set({ lastSeenAt: now, status: 'online', updatedAt: now })
          .where(eq(workers.id, id));
        const held = (await claimedCounts(tx, [id])).get(id) ?? 0;
        const room = worker.prefetch - held;
        let claimedIds: string[] = [];
        if (room > 0) {
          const filters: SQL[] = [
            eq(tickets.status, 'fired'),
            eq(tickets.type, 'food'),
            isNull(tickets.claimedBy),
          ];
          if (worker.stations.length > 0) filters.push(inArray(tickets.station, worker.stations));
          if (worker.orderTypes.length > 0) {
            filters.push(
              inArray(
                tickets.orderId,
                tx
                  .select({ id: kitchenOrders.id })
                  .from(kitchenOrders)
                  .where(inArray(kitchenOrders.channel, worker.orderTypes)),
              ),
            );
          }
          // Two workers claiming at once never get the same ticket: each skips the rows the other locked.
          const free = await tx
            .select({ id: tickets.id })
            .from(tickets)
            .where(and(...filters))
            .orderBy(desc(tickets.rush), asc(tickets.firedAt), asc(tickets.id))
            .limit(room)
            .for('update', { skipLocked: true });
          claimedIds = free.map((row) => row.id);
          if (claimedIds.length > 0) {
            await tx
              .update(tickets)
              .set({ claimedBy: id, claimedAt: now, updatedAt: now })
              .where(inArray(tickets.id, claimedIds));
          }
        }
        const mine = await loadTickets(
          tx,
          and(eq(tickets.claimedBy, id), inArray(tickets.status, [...openStatuses])),
          [desc(tickets.rush), asc(tickets.firedAt), asc(tickets.id)],
        );
        return {
          claimed: mine.filter((record) => claimedIds.includes(record.row.id)),
          holding: mine,
        };
      });
      return {
        claimed: claimed.map((record) => toTicket(record, now)),
        holding: holding.map((record) => toTicket(record, now)),
      };
    },

    async listWorkers(ctx, input) {
      const query = listWorkersSchema.parse(input);
      tenantOf(ctx);
      const after = cursorAfter(query.cursor, z.uuid());
      return contextTx(db, ctx, async (tx) => {
        const rows = await tx
          .select()
          .from(workers)
          .where(after ? gt(workers.id, after) : undefined)
          .orderBy(asc(workers.id))
          .limit(query.limit + 1);
        const counts = await claimedCounts(
          tx,
          rows.map((row) => row.id),
        );
        const now = clock.now();
        return pageFrom(
          rows,
          query.limit,
          (row) => toWorker(row, counts.get(row.id) ?? 0, now, options.heartbeatTimeoutSeconds),
          (row) => row.id,
        );
      });
    },

    async getWorker(ctx, { id }) {
      tenantOf(ctx);
      return contextTx(db, ctx, async (tx) => {
        const [row] = await tx.select().from(workers).where(eq(workers.id, id));
        if (!row) throw notFound(id);
        return view(tx, row);
      });
    },

    async removeWorker(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      await contextTx(db, ctx, async (tx) => {
        await lockClaimed(tx, id);
        const worker = await lockWorker(tx, id);
        await releaseClaimed({ tx, ctx, tenantId, clock, publish, options }, worker, 'worker_removed');
        await tx.delete(workers).where(eq(workers.id, id));
      });
    },
  };
}
