import { type Database, queryRows, type Tx } from '@brigade/db';
import { type Clock, DomainError, type Logger, type RequestContext } from '@brigade/kernel';
import type { OrdersService } from '@brigade/orders';
import { sql } from 'drizzle-orm';
import type { EffectAction } from './db/tables.js';

/**
 * Sends what the kitchen owes the orders module (kitchen.order_effects, written in the same
 * transaction as the ticket change) through the orders contract, after that transaction
 * committed: the orders service opens transactions of its own, which cannot run inside the
 * kitchen's (on PGlite, one connection, it would wait forever). Effects of one order go in
 * the order they were queued; each is retried with backoff until the orders module accepts
 * it, so delivery is at least once (recordKitchenProgress and changeStatus are idempotent).
 * An answer that the order moved on (`invalid_transition`, `order_closed`, `order_not_found`,
 * a line gone) counts as done: there is nothing left to tell it. Anything else (the orders
 * module busy or not reachable) is retried with backoff, holding back that order's later effects.
 */

interface EffectRow {
  id: string;
  tenant_id: string;
  order_id: string;
  action: EffectAction;
  line_ids: string[];
  actor: string;
  correlation_id: string;
  attempts: number;
}

const settledCodes = new Set([
  'invalid_transition',
  'order_closed',
  'order_not_found',
  'line_not_found',
  'line_already_voided',
]);
const leaseMs = 30_000;
const batchSize = 50;

/** 1 s, 2 s, 4 s … up to 5 minutes. */
export const effectRetryDelayMs = (attempts: number) =>
  Math.min(300_000, 1_000 * 2 ** Math.max(0, attempts - 1));

export interface OrderEffects {
  /** Sends what is due now, in the background (after a change committed). */
  wake(): void;
  /** Sends what is due now and resolves with how many were sent (or settled); for one tenant or all. */
  drain(tenantId?: string | null): Promise<number>;
  /** Resolves once no drain is running. */
  idle(): Promise<void>;
}

export function createOrderEffects(deps: {
  db: Database;
  clock: Clock;
  log: Logger;
  orders: () => OrdersService;
}): OrderEffects {
  const { db, clock, log } = deps;
  let running: Promise<unknown> | null = null;
  let again = false;

  const scope = <T>(tenantId: string | null | undefined, fn: (tx: Tx) => Promise<T>) =>
    tenantId ? db.tenantTx(tenantId, fn) : db.platformTx(fn);

  /** Leases the first due effect of each order (never one behind another of its order). */
  async function lease(tenantId: string | null | undefined): Promise<EffectRow[]> {
    const now = clock.now();
    return scope(tenantId, (tx) =>
      queryRows<EffectRow>(
        tx,
        sql`update kitchen.order_effects set leased_until = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz
            where id in (
              select f.id from kitchen.order_effects f
              where f.next_attempt_at <= ${now.toISOString()}::timestamptz
                and (f.leased_until is null or f.leased_until < ${now.toISOString()}::timestamptz)
                and not exists (select 1 from kitchen.order_effects g where g.order_id = f.order_id and g.id < f.id)
              order by f.id
              limit ${batchSize}
              for update skip locked)
            returning id::text, tenant_id, order_id, action, line_ids, actor, correlation_id, attempts`,
      ),
    );
  }

  async function send(effect: EffectRow) {
    const ctx: RequestContext = {
      tenantId: effect.tenant_id,
      actor: { kind: 'system', id: effect.actor, role: null, permissions: new Set(['*']) },
      requestId: `kitchen-effect-${effect.id}`,
      correlationId: effect.correlation_id,
      idempotencyKey: null,
    };
    const orders = deps.orders();
    if (effect.action === 'preparing' || effect.action === 'ready') {
      await orders.changeStatus(ctx, { id: effect.order_id, status: effect.action });
    } else {
      await orders.recordKitchenProgress(ctx, {
        order_id: effect.order_id,
        line_ids: effect.line_ids,
        state: effect.action,
      });
    }
  }

  async function settle(effect: EffectRow) {
    await db.tenantTx(effect.tenant_id, (tx) =>
      tx.execute(sql`delete from kitchen.order_effects where id = ${effect.id}::bigint`),
    );
  }

  async function retryLater(effect: EffectRow, error: unknown) {
    const attempts = effect.attempts + 1;
    const next = new Date(clock.now().getTime() + effectRetryDelayMs(attempts));
    const message = error instanceof Error ? error.message : String(error);
    await db.tenantTx(effect.tenant_id, (tx) =>
      tx.execute(sql`update kitchen.order_effects
        set attempts = ${attempts}, next_attempt_at = ${next.toISOString()}::timestamptz,
            leased_until = null, last_error = ${message.slice(0, 500)}
        where id = ${effect.id}::bigint`),
    );
    log.warn(
      { err: error, order_id: effect.order_id, action: effect.action, attempts },
      'kitchen could not tell the orders module; will retry',
    );
  }

  async function drain(tenantId?: string | null): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await lease(tenantId);
      if (batch.length === 0) return sent;
      for (const effect of batch) {
        try {
          await send(effect);
          await settle(effect);
          sent++;
        } catch (error) {
          if (error instanceof DomainError && settledCodes.has(error.code)) {
            await settle(effect);
            sent++;
          } else {
            await retryLater(effect, error);
          }
        }
      }
    }
  }

  function wake() {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
        } catch (error) {
          log.warn({ err: error }, 'kitchen effects drain failed');
        }
      } while (again);
    })().finally(() => {
      running = null;
    });
  }

  return {
    wake,
    drain,
    async idle() {
      while (running) await running;
    },
  };
}
