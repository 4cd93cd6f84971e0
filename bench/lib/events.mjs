// In-process measurements of the event backbone (scenarios events-*): events per second from
// committed outbox rows to the transport, and on to a subscriber's effect, each beside the raw
// client doing the same work.
import { randomUUID } from 'node:crypto';
import { platformMigrations } from '@brigade/db';
import { defineEvent } from '@brigade/kernel';
import {
  AmqpConnection,
  defineSubscriber,
  EventBus,
  InProcessTransport,
  messagingMigrations,
  RabbitMqTransport,
} from '@brigade/messaging';
import { openTestDatabase } from '@brigade/testing';
import amqp from 'amqplib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { Registry } from 'prom-client';
import { z } from 'zod';

export const fixture = {
  schema: 'bench_events',
  dir: new URL('../fixtures/events-migrations/', import.meta.url),
};
export const itemRecorded = defineEvent(
  'bench_events.item_recorded.v1',
  z.object({ n: z.number().int() }),
  'benchmark',
);
const tenant = randomUUID();
const quietLog = { debug() {}, info() {}, warn() {}, error() {}, child: () => quietLog };

/** How many events each measurement moves (BENCH_EVENTS, default 3000). */
export function eventCount() {
  const value = Number(process.env.BENCH_EVENTS ?? 3000);
  if (!Number.isInteger(value) || value < 1) throw new Error('BENCH_EVENTS must be a positive integer');
  return value;
}

/** @param {number} count @param {number} seconds */
const rate = (count, seconds) => ({
  requestsPerSecond: count / seconds,
  latencyP50: null,
  latencyP99: null,
  errors: 0,
  non2xx: 0,
});

/** @param {() => Promise<boolean>} done */
async function until(done, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not finished within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A fresh database (PostgreSQL when DATABASE_URL is set, PGlite otherwise) with `count` committed, unsent events.
 * @param {number} count
 */
async function databaseWithOutbox(count) {
  const database = await openTestDatabase([platformMigrations, messagingMigrations, fixture], {
    poolMax: 10,
  });
  await database.db.tenantTx(tenant, (tx) =>
    tx.execute(sql`
      insert into bench_events.outbox (event_id, type, tenant_id, correlation_id, occurred_at, payload)
      select gen_random_uuid(), ${itemRecorded.type}, ${tenant}, 'bench', now(), jsonb_build_object('n', g)
      from generate_series(1, ${count}) g`),
  );
  return database;
}

/**
 * The sum of a counter's values: read in process, so finding out whether the run is done
 * costs the database nothing.
 * @param {import('prom-client').Counter<string>} counter
 */
const total = async (counter) => (await counter.get()).values.reduce((sum, { value }) => sum + value, 0);

const recordEffect = defineSubscriber({
  subscriberId: 'bench_events.record',
  event: itemRecorded,
  async handle(event, tx) {
    await tx.execute(
      sql`insert into bench_events.effects (tenant_id, event_id, n) values (${event.tenant_id}, ${event.event_id}, ${event.payload.n})`,
    );
  },
});

/**
 * A RabbitMQ transport under a prefix of its own (when AMQP_URL is set), and the clean-up that
 * deletes its exchange and queues afterwards.
 */
export function benchBroker() {
  const url = process.env.AMQP_URL;
  if (!url) return { createTransport: undefined, opened: async () => {}, remove: async () => {} };
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const connection = new AmqpConnection({ url, name: prefix });
  return {
    /** @param {import('@brigade/messaging').TransportDeps} deps */
    createTransport: (deps) => new RabbitMqTransport({ ...deps, connection, prefix }),
    opened: () => connection.opened(),
    /** @param {string[]} subscriberIds */
    async remove(subscriberIds) {
      const channel = await connection.current()?.createChannel();
      await channel?.deleteExchange(`${prefix}.events`);
      for (const id of subscriberIds) {
        for (const suffix of ['', '.dlq', '.retry.1', '.retry.2', '.retry.3']) {
          await channel?.deleteQueue(`${prefix}.${id}${suffix}`);
        }
      }
      await channel?.close();
      await connection.close();
    },
  };
}

/**
 * Starts an event bus over `db` (RabbitMQ when `broker`, in process otherwise), times how long
 * `finished` takes to hold, and tears everything down.
 * @param {{ db: import('@brigade/db').Database, broker: boolean, subscribers: import('@brigade/messaging').Subscriber[], finished: (bus: EventBus) => Promise<boolean> }} run
 */
async function timeBus({ db, broker, subscribers, finished }) {
  const rabbit = broker ? benchBroker() : null;
  const bus = new EventBus({
    db,
    clock: { now: () => new Date() },
    log: quietLog,
    registry: new Registry(),
    relay: { pollIntervalMs: 100 },
    createTransport: rabbit?.createTransport ?? ((deps) => new InProcessTransport(deps)),
  });
  bus.register([{ name: 'bench_events', events: [itemRecorded], subscribers }]);
  await rabbit?.opened();
  const started = performance.now();
  await bus.start();
  await until(() => finished(bus));
  const seconds = (performance.now() - started) / 1000;
  await bus.close();
  await rabbit?.remove(subscribers.map((subscriber) => subscriber.subscriberId));
  return seconds;
}

/**
 * Events per second from `count` committed outbox rows until `done`'s counter reaches `count`.
 * @param {{ broker: boolean, subscribers: import('@brigade/messaging').Subscriber[], done: (bus: EventBus) => import('prom-client').Counter<string> }} run
 */
async function measureBus({ broker, subscribers, done }) {
  const count = eventCount();
  const database = await databaseWithOutbox(count);
  try {
    const seconds = await timeBus({
      db: database.db,
      broker,
      subscribers,
      finished: async (bus) => (await total(done(bus))) >= count,
    });
    return rate(count, seconds);
  } finally {
    await database.close();
  }
}

/** Committed outbox rows → RabbitMQ, confirmed. */
export const measureRelay = () =>
  measureBus({ broker: true, subscribers: [], done: (bus) => bus.metrics.published });

/** The same number of messages of the same size with amqplib alone, confirms awaited in bulk. */
export async function measureRawAmqp() {
  const count = eventCount();
  const connection = await amqp.connect(/** @type {string} */ (process.env.AMQP_URL));
  const exchange = `bench-raw-${randomUUID().slice(0, 8)}`;
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const body = Buffer.from(
      JSON.stringify({
        event_id: randomUUID(),
        type: itemRecorded.type,
        occurred_at: new Date().toISOString(),
        tenant_id: tenant,
        correlation_id: 'bench',
        causation_id: null,
        source: 'bench_events',
        aggregate_id: null,
        payload: { n: 1 },
      }),
    );
    const started = performance.now();
    for (let sent = 0; sent < count; sent += 1000) {
      for (let index = sent; index < Math.min(count, sent + 1000); index++) {
        channel.publish(exchange, `${tenant}.${itemRecorded.type}`, body, {
          persistent: true,
          messageId: randomUUID(),
        });
      }
      await channel.waitForConfirms();
    }
    const seconds = (performance.now() - started) / 1000;
    await channel.deleteExchange(exchange);
    return rate(count, seconds);
  } finally {
    await connection.close();
  }
}

/** Committed outbox rows → transport → a subscriber that writes its inbox row and a one-row effect. */
export const measureDelivery = () =>
  measureBus({
    broker: Boolean(process.env.AMQP_URL),
    subscribers: [recordEffect],
    done: (bus) => bus.metrics.consumed,
  });

/** A plain loop doing the same writes per event: one transaction with the inbox row and the effect. */
export async function measureRawInserts() {
  const count = eventCount();
  const database = await openTestDatabase([platformMigrations, messagingMigrations, fixture], { poolMax: 1 });
  const client = database.url ? new pg.Client({ connectionString: database.url }) : null;
  await client?.connect();
  /** @type {(text: string, params?: unknown[]) => Promise<unknown>} */
  const query = client
    ? (text, params) => client.query(text, params)
    : (text, params) => database.db.admin.query(text, params);
  try {
    const started = performance.now();
    for (let n = 1; n <= count; n++) {
      const eventId = randomUUID();
      await query('begin');
      await query('insert into messaging.inbox (subscriber_id, event_id, tenant_id) values ($1, $2, $3)', [
        'bench_events.record',
        eventId,
        tenant,
      ]);
      await query('insert into bench_events.effects (tenant_id, event_id, n) values ($1, $2, $3)', [
        tenant,
        eventId,
        n,
      ]);
      await query('commit');
    }
    return rate(count, (performance.now() - started) / 1000);
  } finally {
    await client?.end();
    await database.close();
  }
}
