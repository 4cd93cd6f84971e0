import { type Database, queryRows, type Tx } from '@brigade/db';
import type { EventEnvelope, Logger } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import type { EventMetrics } from './metrics.js';
import { Pump } from './pump.js';
import {
  assertDistinctIds,
  type DeadLetter,
  type DeadLetters,
  type Deliver,
  defaultRetryPolicy,
  type RetryPolicy,
  retryDelay,
  type Subscriber,
  type Transport,
} from './transport.js';

export interface InProcessOptions {
  db: Database;
  metrics: EventMetrics;
  log: Logger;
  retry?: RetryPolicy;
  /** How often due retries are looked for when nothing wakes the worker. */
  pollIntervalMs?: number;
  /** How long a claimed delivery is hidden from other workers while it runs. */
  leaseMs?: number;
  batchSize?: number;
}

interface DeliveryRow {
  id: string;
  subscriber_id: string;
  envelope: EventEnvelope;
  attempts: number;
}

/** Dead-letter ids here are the deliveries' bigint keys; anything else names no dead letter. */
const isDeliveryId = (id: string) => /^\d{1,18}$/.test(id);

const idArray = (ids: string[]) => `{${ids.map((id) => Number.parseInt(id, 10)).join(',')}}`;

/**
 * The embedded transport, with the broker's semantics on the database: publishing writes one
 * delivery row per subscriber in the relay's transaction (durable once it commits); a worker
 * claims due rows, runs each through its subscriber in the event's tenant transaction and
 * deletes the row in that same transaction; a failure schedules a retry with backoff and
 * jitter, and after the last retry the row stays as a dead letter.
 */
export class InProcessTransport implements Transport {
  readonly name = 'in-process' as const;
  /** One event at a time, in claim order (batching moved when the demo seed's orders reach inventory). */
  readonly deliveryBatch = 1;
  readonly deadLetters: DeadLetters;
  readonly #db: Database;
  readonly #options: Required<Omit<InProcessOptions, 'db' | 'metrics' | 'log'>> & InProcessOptions;
  #byType = new Map<string, Subscriber[]>();
  #byId = new Map<string, Subscriber>();
  #deliver: Deliver | undefined;
  readonly #pump: Pump;

  constructor(options: InProcessOptions) {
    this.#db = options.db;
    this.#options = {
      retry: defaultRetryPolicy,
      pollIntervalMs: 500,
      leaseMs: 30_000,
      batchSize: 100,
      ...options,
    };
    this.deadLetters = databaseDeadLetters(options.db, () => this.wake());
    this.#pump = new Pump(() => this.#drain(), this.#options.pollIntervalMs);
  }

  async publish(envelopes: EventEnvelope[], tx: Tx) {
    const deliveries = envelopes.flatMap((envelope) =>
      (this.#byType.get(envelope.type) ?? []).map((subscriber) => ({
        subscriber_id: subscriber.subscriberId,
        envelope,
      })),
    );
    if (deliveries.length === 0) return;
    // One statement for the whole batch: per-row inserts dominated the embedded relay's time.
    await tx.execute(sql`
      insert into messaging.deliveries (subscriber_id, event_id, type, tenant_id, envelope)
      select d.subscriber_id, (d.envelope->>'event_id')::uuid, d.envelope->>'type', (d.envelope->>'tenant_id')::uuid, d.envelope
      from jsonb_to_recordset(${JSON.stringify(deliveries)}::jsonb) as d(subscriber_id text, envelope jsonb)
      on conflict on constraint deliveries_once do nothing`);
  }

  committed() {
    this.wake();
  }

  register(subscribers: Subscriber[]) {
    assertDistinctIds(subscribers);
    this.#byId = new Map(subscribers.map((subscriber) => [subscriber.subscriberId, subscriber]));
    this.#byType = new Map();
    for (const subscriber of subscribers) {
      this.#byType.set(subscriber.event.type, [
        ...(this.#byType.get(subscriber.event.type) ?? []),
        subscriber,
      ]);
    }
  }

  async start(deliver: Deliver) {
    this.#deliver = deliver;
    this.#pump.start();
  }

  wake() {
    this.#pump.wake();
  }

  /** Resolves once no delivery is being worked on. */
  settled() {
    return this.#pump.settled();
  }

  close() {
    return this.#pump.stop();
  }

  async #drain() {
    try {
      for (;;) {
        const claimed = await this.#claim();
        if (claimed.length === 0) return;
        if (this.#pump.stopped) {
          await this.#release(claimed);
          return;
        }
        // Each subscriber's events in order; different subscribers side by side.
        const queues = new Map<string, DeliveryRow[]>();
        for (const row of claimed)
          queues.set(row.subscriber_id, [...(queues.get(row.subscriber_id) ?? []), row]);
        const done: string[] = [];
        await Promise.all(
          [...queues.values()].map(async (rows) => {
            for (const row of rows) if (await this.#run(row)) done.push(row.id);
          }),
        );
        await this.#remove(done);
      }
    } catch (error) {
      this.#options.log.warn({ err: error }, 'in-process delivery worker failed; will retry');
    }
  }

  async #claim(): Promise<DeliveryRow[]> {
    const { leaseMs, batchSize } = this.#options;
    const rows = await this.#db.platformTx((tx) =>
      queryRows<DeliveryRow>(
        tx,
        sql`update messaging.deliveries d
            set next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
            where d.id in (
              select id from messaging.deliveries
              where dead_at is null and next_attempt_at <= now()
              order by id limit ${batchSize} for update skip locked)
            returning d.id, d.subscriber_id, d.envelope, d.attempts`,
      ),
    );
    // RETURNING has no order: restore the queue's.
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Hands claimed rows back at once instead of letting their lease run out. */
  async #release(rows: DeliveryRow[]) {
    const ids = idArray(rows.map((row) => row.id));
    await this.#db.platformTx((tx) =>
      tx.execute(
        sql`update messaging.deliveries set next_attempt_at = now() where id = any(${ids}::bigint[])`,
      ),
    );
  }

  /** Resolves true when the subscriber committed (or had committed) the event. */
  async #run(row: DeliveryRow): Promise<boolean> {
    const subscriber = this.#byId.get(row.subscriber_id);
    if (!subscriber || !this.#deliver) return false;
    try {
      await this.#deliver(subscriber, row.envelope);
      return true;
    } catch (error) {
      await this.#failed(row, error);
      return false;
    }
  }

  /**
   * Deletes handled deliveries, one statement per batch. Outside the subscribers' transactions
   * on purpose: a crash before this runs redelivers them, and their inbox rows absorb that.
   */
  async #remove(ids: string[]) {
    if (ids.length === 0) return;
    await this.#db.platformTx((tx) =>
      tx.execute(sql`delete from messaging.deliveries where id = any(${idArray(ids)}::bigint[])`),
    );
  }

  async #failed(row: DeliveryRow, error: unknown) {
    const attempts = row.attempts + 1;
    const delay = retryDelay(this.#options.retry, attempts);
    const message = error instanceof Error ? error.message : String(error);
    await this.#db.platformTx((tx) =>
      delay === null
        ? tx.execute(sql`update messaging.deliveries
            set attempts = ${attempts}, last_error = ${message}, dead_at = now() where id = ${row.id}`)
        : tx.execute(sql`update messaging.deliveries
            set attempts = ${attempts}, last_error = ${message},
                next_attempt_at = now() + make_interval(secs => ${delay / 1000})
            where id = ${row.id}`),
    );
    if (delay === null) {
      this.#options.metrics.deadLettered.inc({ type: row.envelope.type, subscriber: row.subscriber_id });
      this.#options.log.error(
        {
          event_id: row.envelope.event_id,
          type: row.envelope.type,
          subscriber: row.subscriber_id,
          attempts,
          error: message,
        },
        'event dead-lettered',
      );
    } else {
      setTimeout(() => this.wake(), delay + 5).unref();
    }
  }
}

function databaseDeadLetters(db: Database, wake: () => void): DeadLetters {
  const selection = (ids: string[] | 'all') =>
    ids === 'all'
      ? sql`dead_at is not null`
      : sql`dead_at is not null and id = any(${idArray(ids)}::bigint[])`;
  const columns = sql`id::text as id, subscriber_id, event_id, type, tenant_id, attempts, last_error, dead_at, envelope`;
  const toDeadLetter = (row: DeadLetter): DeadLetter => ({
    ...row,
    dead_at: new Date(row.dead_at).toISOString(),
  });
  return {
    async list(options = {}) {
      const rows = await db.platformTx((tx) =>
        queryRows<DeadLetter>(
          tx,
          sql`select ${columns} from messaging.deliveries
              where dead_at is not null
              ${options.subscriberId ? sql`and subscriber_id = ${options.subscriberId}` : sql``}
              order by id limit ${options.limit ?? 100}`,
        ),
      );
      return rows.map(toDeadLetter);
    },
    async show(id) {
      if (!isDeliveryId(id)) return null;
      const [row] = await db.platformTx((tx) =>
        queryRows<DeadLetter>(
          tx,
          sql`select ${columns} from messaging.deliveries where dead_at is not null and id = ${id}`,
        ),
      );
      return row ? toDeadLetter(row) : null;
    },
    async replay(ids) {
      if (ids !== 'all' && !ids.every(isDeliveryId)) return 0;
      const rows = await db.platformTx((tx) =>
        queryRows(
          tx,
          sql`update messaging.deliveries set dead_at = null, attempts = 0, next_attempt_at = now()
              where ${selection(ids)} returning 1`,
        ),
      );
      if (rows.length > 0) wake();
      return rows.length;
    },
    async purge(ids) {
      if (ids !== 'all' && !ids.every(isDeliveryId)) return 0;
      const rows = await db.platformTx((tx) =>
        queryRows(tx, sql`delete from messaging.deliveries where ${selection(ids)} returning 1`),
      );
      return rows.length;
    },
  };
}
