import { type Database, queryRows, type Tx } from '@brigade/db';
import type { Clock, RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { inArray, sql } from 'drizzle-orm';
import { kitchenEvents, type SweepResult } from './contract/index.js';
import { type KitchenTx, loadTickets } from './db/kitchen-rows.js';
import { tickets } from './db/tables.js';
import { elapsedSeconds } from './domain/ticket-state.js';
import type { KitchenOptions } from './options.js';
import type { OrderEffects } from './order-effects.js';

/**
 * The kitchen's background pass (issue 6 points 7–8), safe to run on every replica at once:
 * each late ticket is flagged (and its event published) by exactly one UPDATE … WHERE late_at
 * IS NULL; each vanished worker goes offline by one UPDATE … WHERE status = 'online', and its
 * claimed tickets are released in that transaction; then pending effects on orders are sent.
 */
export function createSweep(deps: {
  db: Database;
  clock: Clock;
  publish: Publish;
  options: KitchenOptions;
  effects: OrderEffects;
}) {
  const { db, clock, publish, options, effects } = deps;

  /** Restaurants with a late ticket not flagged yet or an online worker past the timeout. */
  async function tenantsWithWork(now: Date): Promise<string[]> {
    const cutoff = new Date(now.getTime() - options.heartbeatTimeoutSeconds * 1000);
    const rows = await db.platformTx((tx) =>
      queryRows<{ tenant_id: string }>(
        tx,
        sql`select distinct tenant_id from kitchen.tickets
            where status in ('fired', 'started') and type = 'food' and late_at is null
              and fired_at + target_seconds * interval '1 second' < ${now.toISOString()}::timestamptz
            union
            select distinct tenant_id from kitchen.workers
            where status = 'online' and last_seen_at < ${cutoff.toISOString()}::timestamptz`,
      ),
    );
    return rows.map((row) => row.tenant_id);
  }

  async function flagLateTickets(k: KitchenTx, now: Date): Promise<number> {
    const late = await queryRows<{ id: string }>(
      k.tx,
      sql`update kitchen.tickets set late_at = ${now.toISOString()}::timestamptz
          where status in ('fired', 'started') and type = 'food' and late_at is null
            and fired_at + target_seconds * interval '1 second' < ${now.toISOString()}::timestamptz
          returning id`,
    );
    if (late.length === 0) return 0;
    const records = await loadTickets(
      k.tx,
      inArray(
        tickets.id,
        late.map((row) => row.id),
      ),
    );
    for (const { row, order } of records) {
      await publish(
        k.tx,
        k.ctx,
        kitchenEvents.preparationTimeExceeded,
        {
          ticket_id: row.id,
          order_id: row.orderId,
          order_number: order.number,
          station: row.station,
          target_seconds: row.targetSeconds,
          elapsed_seconds: elapsedSeconds(row, now) ?? 0,
        },
        { aggregateId: row.orderId, tenantId: k.tenantId },
      );
    }
    return records.length;
  }

  async function retireVanishedWorkers(
    k: KitchenTx,
    now: Date,
  ): Promise<{ workers: number; tickets: number }> {
    const cutoff = new Date(now.getTime() - options.heartbeatTimeoutSeconds * 1000);
    const candidates = await queryRows<{ id: string }>(
      k.tx,
      sql`select id from kitchen.workers
          where status = 'online' and last_seen_at < ${cutoff.toISOString()}::timestamptz`,
    );
    let workers = 0;
    let released = 0;
    for (const { id } of candidates) {
      // Tickets first, then the worker: the order a bump takes its locks in.
      await lockClaimed(k.tx, id);
      const [gone] = await queryRows<{ id: string; name: string; last_seen_at: string | Date }>(
        k.tx,
        sql`update kitchen.workers set status = 'offline', updated_at = ${now.toISOString()}::timestamptz
            where id = ${id} and status = 'online' and last_seen_at < ${cutoff.toISOString()}::timestamptz
            returning id, name, last_seen_at`,
      );
      if (!gone) continue;
      workers++;
      await publish(
        k.tx,
        k.ctx,
        kitchenEvents.workerWentOffline,
        { worker_id: gone.id, name: gone.name, last_seen: new Date(gone.last_seen_at).toISOString() },
        { aggregateId: gone.id, tenantId: k.tenantId },
      );
      released += await releaseClaimed(k, { id: gone.id, name: gone.name }, 'worker_offline');
    }
    return { workers, tickets: released };
  }

  async function sweep(ctx: RequestContext): Promise<SweepResult> {
    const now = clock.now();
    const result: SweepResult = { late_tickets: 0, workers_offline: 0, tickets_released: 0, effects_sent: 0 };
    const tenantIds = ctx.tenantId ? [ctx.tenantId] : await tenantsWithWork(now);
    for (const tenantId of tenantIds) {
      await db.tenantTx(tenantId, async (tx) => {
        const k: KitchenTx = { tx, ctx: { ...ctx, tenantId }, tenantId, clock, publish, options };
        result.late_tickets += await flagLateTickets(k, now);
        const retired = await retireVanishedWorkers(k, now);
        result.workers_offline += retired.workers;
        result.tickets_released += retired.tickets;
      });
    }
    result.effects_sent = await effects.drain(ctx.tenantId);
    return result;
  }

  return { sweep };
}

/** Locks the open tickets a worker holds (before the worker row: the order a bump locks in). */
export async function lockClaimed(tx: Tx, workerId: string) {
  await tx.execute(
    sql`select id from kitchen.tickets
        where claimed_by = ${workerId} and status in ('fired', 'started') for update`,
  );
}

/** Frees the open tickets a worker holds; publishes kitchen.tickets_released.v1 when there were any. */
export async function releaseClaimed(
  k: KitchenTx,
  worker: { id: string; name: string },
  reason: 'worker_offline' | 'worker_removed',
): Promise<number> {
  const freed = await queryRows<{ id: string }>(
    k.tx,
    sql`update kitchen.tickets set claimed_by = null, claimed_at = null,
          updated_at = ${k.clock.now().toISOString()}::timestamptz
        where claimed_by = ${worker.id} and status in ('fired', 'started')
        returning id`,
  );
  if (freed.length > 0) {
    await k.publish(
      k.tx,
      k.ctx,
      kitchenEvents.ticketsReleased,
      { worker_id: worker.id, name: worker.name, ticket_ids: freed.map((row) => row.id), reason },
      { aggregateId: worker.id, tenantId: k.tenantId },
    );
  }
  return freed.length;
}
