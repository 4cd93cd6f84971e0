import { type Database, queryRows, type Tx } from '@brigade/db';
import { type Clock, DomainError, type Logger } from '@brigade/kernel';
import { sql } from 'drizzle-orm';

/**
 * What a module owes another module's contract, queued in its own table in the same
 * transaction as the change that owes it, and sent after that transaction committed: a
 * subscriber's or a service's transaction must never wait on another module's (on PGlite, one
 * connection, it would wait forever). Delivery is at least once, in queue order per key (an
 * effect is never sent before an earlier one of the same order, target …), retried with
 * backoff; an answer that there is nothing left to tell (`settledCodes`) counts as done.
 *
 * The table needs: `id bigserial`, `tenant_id`, the key column, `attempts int`,
 * `next_attempt_at timestamptz`, `leased_until timestamptz`, `last_error text`.
 */
export interface EffectQueue {
  /** Sends what is due, in the background (after a change committed). */
  wake(): void;
  /** Sends what is due now; resolves with how many were sent (or settled). One tenant or all. */
  drain(tenantId?: string | null): Promise<number>;
  /** Resolves once no drain is running. */
  idle(): Promise<void>;
  /** Stops sending (the module is closing) and resolves once no drain is running. */
  stop(): Promise<void>;
}

export interface EffectRowBase {
  id: string;
  tenant_id: string;
  attempts: number;
}

export interface EffectQueueOptions<Row extends EffectRowBase> {
  db: Database;
  clock: Clock;
  log: Logger;
  /** Schema-qualified table, e.g. `kitchen.order_effects`. */
  table: string;
  /** The column that orders effects: one is sent only after every earlier one with its value. */
  key: string;
  /** Further columns each leased row carries to `send`. */
  columns: string[];
  send(effect: Row): Promise<void>;
  /** Domain error codes that mean the other module has nothing left to hear. */
  settledCodes: ReadonlySet<string>;
  /** What a failed attempt's warning says, e.g. "kitchen could not tell the orders module". */
  failure: string;
  /** Fields naming the effect in that warning. */
  describe(effect: Row): Record<string, unknown>;
}

const leaseMs = 30_000;
const batchSize = 50;
const identifier = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/** 1 s, 2 s, 4 s … up to 5 minutes. */
export const effectRetryDelayMs = (attempts: number) =>
  Math.min(300_000, 1_000 * 2 ** Math.max(0, attempts - 1));

export function createEffectQueue<Row extends EffectRowBase>(options: EffectQueueOptions<Row>): EffectQueue {
  const { db, clock, log } = options;
  for (const name of [options.table, options.key, ...options.columns]) {
    if (!identifier.test(name)) throw new Error(`Invalid identifier for an effect queue: ${name}`);
  }
  const table = sql.raw(options.table);
  const key = sql.raw(options.key);
  const returning = sql.raw(
    ['id::text', 'tenant_id', 'attempts', options.key, ...options.columns].join(', '),
  );
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;

  const scope = <T>(tenantId: string | null | undefined, fn: (tx: Tx) => Promise<T>) =>
    tenantId ? db.tenantTx(tenantId, fn) : db.platformTx(fn);

  function lease(tenantId: string | null | undefined): Promise<Row[]> {
    const now = clock.now().toISOString();
    const until = new Date(clock.now().getTime() + leaseMs).toISOString();
    return scope(tenantId, (tx) =>
      queryRows<Row>(
        tx,
        sql`update ${table} set leased_until = ${until}::timestamptz
            where id in (
              select f.id from ${table} f
              where f.next_attempt_at <= ${now}::timestamptz
                and (f.leased_until is null or f.leased_until < ${now}::timestamptz)
                and not exists (select 1 from ${table} g where g.${key} = f.${key} and g.id < f.id)
              order by f.id limit ${batchSize} for update skip locked)
            returning ${returning}`,
      ),
    );
  }

  const settle = (effect: Row) =>
    db.tenantTx(effect.tenant_id, (tx) =>
      tx.execute(sql`delete from ${table} where id = ${effect.id}::bigint`),
    );

  async function retryLater(effect: Row, error: unknown) {
    const attempts = effect.attempts + 1;
    const next = new Date(clock.now().getTime() + effectRetryDelayMs(attempts)).toISOString();
    const message = error instanceof Error ? error.message : String(error);
    await db.tenantTx(effect.tenant_id, (tx) =>
      tx.execute(sql`update ${table}
        set attempts = ${attempts}, next_attempt_at = ${next}::timestamptz, leased_until = null,
            last_error = ${message.slice(0, 500)}
        where id = ${effect.id}::bigint`),
    );
    log.warn({ err: error, ...options.describe(effect), attempts }, `${options.failure}; will retry`);
  }

  async function drain(tenantId?: string | null): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await lease(tenantId);
      if (batch.length === 0) return sent;
      for (const effect of batch) {
        try {
          await options.send(effect);
          await settle(effect);
          sent++;
        } catch (error) {
          if (error instanceof DomainError && options.settledCodes.has(error.code)) {
            await settle(effect);
            sent++;
          } else {
            await retryLater(effect, error);
          }
        }
      }
    }
  }

  async function idle() {
    while (running) await running;
  }

  return {
    wake() {
      if (stopped) return;
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
            log.warn({ err: error, table: options.table }, 'effects drain failed');
          }
        } while (again && !stopped);
      })().finally(() => {
        running = null;
      });
    },
    drain,
    idle,
    async stop() {
      stopped = true;
      await idle();
    },
  };
}
