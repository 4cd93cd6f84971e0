import { createHash } from 'node:crypto';
import { type Database, queryRows } from '@brigade/db';
import type { EventEnvelope, Logger } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import type { EventMetrics } from './metrics.js';
import { Pump } from './pump.js';
import type { EventTap, Transport } from './transport.js';

export interface RelayOptions {
  db: Database;
  /** Schemas that have an outbox (the modules that publish). */
  schemas: string[];
  transport: Transport;
  /** Also handed every batch, side by side with the transport. */
  taps?: EventTap[];
  metrics: EventMetrics;
  log: Logger;
  batchSize?: number;
  /** Polling fallback when no notification arrives. */
  pollIntervalMs?: number;
}

interface OutboxRow {
  id: string;
  event_id: string;
  type: string;
  tenant_id: string;
  aggregate_id: string | null;
  correlation_id: string;
  causation_id: string | null;
  occurred_at: string | Date;
  payload: unknown;
}

const lockKeyOf = (schema: string) =>
  createHash('sha256').update(`brigade-relay:${schema}`).digest().readInt32BE(0);

function envelopeOf(row: OutboxRow, source: string): EventEnvelope {
  return {
    event_id: row.event_id,
    type: row.type,
    occurred_at: new Date(row.occurred_at).toISOString(),
    tenant_id: row.tenant_id,
    correlation_id: row.correlation_id,
    causation_id: row.causation_id,
    source,
    aggregate_id: row.aggregate_id,
    payload: row.payload,
  };
}

/**
 * Moves committed outbox rows to the transport. Each batch is one transaction that takes the
 * schema's relay lock (one relay per schema at a time, across processes) as it locks the oldest
 * unsent rows in id order, publishes them, and marks them sent only once the transport
 * confirmed. It selects every unsent row rather than "rows after the last id", so a row that
 * commits late with a lower id is sent on the next pass instead of being skipped. A crash
 * after publishing but before commit resends the batch; inboxes make that harmless.
 */
export class OutboxRelay {
  readonly #options: Required<RelayOptions>;
  readonly #pump: Pump;
  #unlisten: (() => Promise<void>) | undefined;
  /**
   * Schemas to drain on the next pass: those whose outbox notified since the last pass. A
   * notification names its schema (the trigger's payload), so an order's commit costs one
   * batch of the orders outbox instead of a pass over every module's. The polling interval,
   * an explicit wake and an unknown payload drain every schema.
   */
  readonly #due = new Set<string>();
  #dueAll = true;

  constructor(options: RelayOptions) {
    this.#options = { batchSize: 2_000, pollIntervalMs: 1_000, taps: [], ...options };
    this.#pump = new Pump(
      () => this.#drain(),
      this.#options.pollIntervalMs,
      () => this.wake(),
    );
  }

  async start() {
    try {
      this.#unlisten = await this.#options.db.listen('brigade_outbox', (schema) => this.#notified(schema));
    } catch (error) {
      this.#options.log.warn({ err: error }, 'outbox notifications unavailable; polling only');
    }
    this.#pump.start();
  }

  /** Drains every schema now (or right after the current drain). */
  wake() {
    this.#dueAll = true;
    this.#pump.wake();
  }

  #notified(schema: string) {
    if (!this.#options.schemas.includes(schema)) return this.wake();
    this.#due.add(schema);
    this.#pump.wake();
  }

  /** Resolves when the relay has nothing left in flight (for tests and shutdown). */
  settled() {
    return this.#pump.settled();
  }

  async stop() {
    await this.#unlisten?.();
    await this.#pump.stop();
  }

  /** Seconds since the oldest unsent event occurred, across schemas (0 when none). */
  async lagSeconds(): Promise<number> {
    let oldest = 0;
    for (const schema of this.#options.schemas) {
      const [row] = await this.#options.db.platformTx((tx) =>
        queryRows<{ lag: number | string | null }>(
          tx,
          sql`select extract(epoch from now() - min(occurred_at)) as lag
              from ${sql.identifier(schema)}.outbox where sent_at is null`,
        ),
      );
      oldest = Math.max(oldest, Number(row?.lag ?? 0));
    }
    return oldest;
  }

  async #drain() {
    const schemas = this.#dueAll
      ? this.#options.schemas
      : this.#options.schemas.filter((schema) => this.#due.has(schema));
    this.#dueAll = false;
    this.#due.clear();
    for (const schema of schemas) {
      try {
        while (!this.#pump.stopped && (await this.#relayBatch(schema)) === this.#options.batchSize) {
          // a full batch: there may be more
        }
      } catch (error) {
        this.#options.log.warn({ err: error, schema }, 'outbox relay batch failed; will retry');
      }
    }
  }

  async #relayBatch(schema: string): Promise<number> {
    const { db, transport, taps, batchSize } = this.#options;
    const sent = await db.platformTx(async (tx) => {
      // The relay lock in the same round trip (the uncorrelated subquery runs once): no rows
      // when another relay holds it.
      const rows = await queryRows<OutboxRow>(
        tx,
        sql`select id, event_id, type, tenant_id, aggregate_id, correlation_id, causation_id, occurred_at, payload
            from ${sql.identifier(schema)}.outbox
            where sent_at is null and (select pg_try_advisory_xact_lock(${lockKeyOf(schema)}))
            order by id limit ${batchSize} for update`,
      );
      if (rows.length === 0) return rows;
      const envelopes = rows.map((row) => envelopeOf(row, schema));
      await Promise.all([transport.publish(envelopes, tx), ...taps.map((tap) => tap(envelopes))]);
      await tx.execute(
        sql`update ${sql.identifier(schema)}.outbox set sent_at = now()
            where id = any(${`{${rows.map((row) => row.id).join(',')}}`}::bigint[])`,
      );
      return rows;
    });
    if (sent.length > 0) transport.committed?.();
    for (const row of sent) this.#options.metrics.published.inc({ type: row.type });
    return sent.length;
  }
}
