import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { platformMigrations, queryRows, type Tx } from '@brigade/db';
import { defineEvent, type EventEnvelope, type Logger, newId } from '@brigade/kernel';
import { eventually, openTestDatabase, type TestDatabase } from '@brigade/testing';
import amqp from 'amqplib';
import { sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AmqpConnection } from '../src/amqp-connection.js';
import { createDeliver } from '../src/deliver.js';
import { createEventMetrics } from '../src/metrics.js';
import { messagingMigrations } from '../src/outbox.js';
import { RabbitMqTransport } from '../src/rabbitmq.js';
import { rabbitMqNames } from '../src/rabbitmq-topology.js';
import type { Deliver, RetryPolicy, Subscriber, Transport } from '../src/transport.js';
import { envelopeOf } from './support/envelopes.js';

const amqpUrl = process.env.AMQP_URL;
const run = promisify(execFile);
const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', ['-q', ...args]);

const thingHappened = defineEvent(
  'fixture.thing_happened.v1',
  z.object({ n: z.number().int() }),
  'A test event.',
);
const poisonArrived = defineEvent(
  'fixture.poison_arrived.v1',
  z.object({ n: z.number().int() }),
  'A test event.',
);
const fixtureMigrations = {
  schema: 'fixture_rabbitmq',
  dir: new URL('./fixtures/rabbitmq-migrations/', import.meta.url),
};
const retry: RetryPolicy = { delaysMs: [20, 40, 80] };
// Unique per run, so parallel runs on one broker never share an exchange or a queue.
const prefix = `brigade_t_${randomBytes(4).toString('hex')}`;

const recordEffect = async (subscriberId: string, event: EventEnvelope, tx: Tx) => {
  await tx.execute(sql`
    insert into fixture_rabbitmq.effects (tenant_id, subscriber, event_id)
    values (${event.tenant_id}, ${subscriberId}, ${event.event_id})`);
};

const recorder = (subscriberId: string): Subscriber => ({
  subscriberId,
  event: thingHappened,
  handle: (event, tx) => recordEffect(subscriberId, event, tx),
});

/** Throws while `broken`, counting every attempt per event. */
const poison = {
  broken: true,
  attempts: new Map<string, number>(),
  subscriber: {
    subscriberId: 'fixture.poison_taster',
    event: poisonArrived,
    async handle(event, tx) {
      poison.attempts.set(event.event_id, (poison.attempts.get(event.event_id) ?? 0) + 1);
      if (poison.broken) throw new Error(`cannot digest ${event.event_id}`);
      await recordEffect('fixture.poison_taster', event, tx);
    },
  } satisfies Subscriber,
};

const subscribers = [recorder('fixture.recorder_a'), recorder('fixture.recorder_b'), poison.subscriber];

interface LogEntry {
  level: string;
  message: string | undefined;
  fields: Record<string, unknown>;
}

function recordingLogger(entries: LogEntry[]): Logger {
  const at =
    (level: string) =>
    (fields: object, message?: string): void => {
      entries.push({ level, message, fields: { ...fields } });
    };
  const log: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => log,
  };
  return log;
}

/** Closes this run's broker connections, as a network cut would. Returns how many. */
async function cutConnections(connectionName: string): Promise<number> {
  // One line per connection: `<pid>\t[{"connection_name","…"},…]`.
  const { stdout } = await rabbitmqctl('list_connections', '--no-table-headers', 'pid', 'client_properties');
  const ours = stdout
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","${connectionName}"}`))
    .map((line) => line.split('\t')[0]!);
  for (const pid of ours) await rabbitmqctl('close_connection', pid, 'rabbitmq.int.test: connection cut');
  return ours.length;
}

describe.runIf(amqpUrl)('RabbitMQ transport', () => {
  const logs: LogEntry[] = [];
  const log = recordingLogger(logs);
  const metrics = createEventMetrics(new Registry());
  const outcomes: { subscriber: string; event_id: string; outcome: 'applied' | 'duplicate' }[] = [];
  let database: TestDatabase;
  let connection: AmqpConnection;
  // Typed as the interface the relay and the bus use.
  let transport: Transport;

  const sessionsOpened = () => logs.filter((entry) => entry.message === 'broker session opened').length;
  const outcomesOf = (eventIds: Set<string>) => outcomes.filter((entry) => eventIds.has(entry.event_id));

  /** Publishes in batches like the outbox relay: a batch that is not confirmed is sent again. */
  async function publishLikeTheRelay(envelopes: EventEnvelope[], { batchSize = 200, pauseMs = 0 } = {}) {
    for (let start = 0; start < envelopes.length; start += batchSize) {
      const batch = envelopes.slice(start, start + batchSize);
      const confirmed = () =>
        database.db
          .platformTx((tx) => transport.publish(batch, tx))
          .then(
            () => true,
            () => false,
          );
      await eventually(confirmed, (done) => done);
      await sleep(pauseMs);
    }
  }

  /** Effect rows per subscriber for these tenants: how many, and for how many distinct events. */
  async function effects(tenants: string[]) {
    const totals = new Map<string, { rows: number; events: number }>();
    for (const tenant of tenants) {
      const rows = await database.db.tenantTx(tenant, (tx) =>
        queryRows<{ subscriber: string; rows: number; events: number }>(
          tx,
          sql`select subscriber, count(*)::int as rows, count(distinct event_id)::int as events
              from fixture_rabbitmq.effects group by subscriber`,
        ),
      );
      for (const row of rows) {
        const total = totals.get(row.subscriber) ?? { rows: 0, events: 0 };
        totals.set(row.subscriber, { rows: total.rows + row.rows, events: total.events + row.events });
      }
    }
    return Object.fromEntries(totals);
  }

  beforeAll(async () => {
    database = await openTestDatabase([platformMigrations, messagingMigrations, fixtureMigrations], {
      poolMax: 8,
    });
    connection = new AmqpConnection({ url: amqpUrl!, name: prefix, maxDelayMs: 1_000 });
    transport = new RabbitMqTransport({ connection, metrics, log, retry, prefix, confirmTimeoutMs: 5_000 });
    const deliver = createDeliver(database.db, metrics, log);
    const recordingDeliver: Deliver = async (subscriber, envelope) => {
      const outcome = await deliver(subscriber, envelope);
      outcomes.push({ subscriber: subscriber.subscriberId, event_id: envelope.event_id, outcome });
      return outcome;
    };
    transport.register(subscribers);
    await transport.start(recordingDeliver);
  });

  afterAll(async () => {
    await transport?.close();
    await connection?.close();
    await database?.close();
    const admin = await amqp.connect(amqpUrl!);
    const channel = await admin.createChannel();
    const names = rabbitMqNames(prefix);
    for (const { subscriberId } of subscribers) {
      await channel.deleteQueue(names.queue(subscriberId));
      await channel.deleteQueue(names.deadLetterQueue(subscriberId));
      for (let retryNumber = 1; retryNumber <= retry.delaysMs.length; retryNumber++) {
        await channel.deleteQueue(names.retryQueue(subscriberId, retryNumber));
      }
    }
    await channel.deleteExchange(names.exchange);
    await admin.close();
  });

  it('applies 2,000 events exactly once per subscriber across a connection cut mid-stream', async () => {
    const tenants = [newId(), newId(), newId()];
    const envelopes = Array.from({ length: 2_000 }, (_, n) =>
      envelopeOf(thingHappened, tenants[n % tenants.length]!, n, `aggregate-${n % 50}`),
    );
    const eventIds = new Set(envelopes.map((envelope) => envelope.event_id));
    const applied = () => outcomesOf(eventIds).filter((entry) => entry.outcome === 'applied').length;
    const sessionsBefore = sessionsOpened();

    const publishing = publishLikeTheRelay(envelopes, { batchSize: 100, pauseMs: 60 });
    await eventually(applied, (count) => count >= 300);
    expect(await cutConnections(prefix)).toBeGreaterThan(0);
    const appliedAtCut = applied();
    await publishing;

    await eventually(applied, (count) => count === 4_000, 40_000);
    expect(appliedAtCut).toBeLessThan(4_000);
    expect(sessionsOpened()).toBeGreaterThan(sessionsBefore);
    expect(await effects(tenants)).toEqual({
      'fixture.recorder_a': { rows: 2_000, events: 2_000 },
      'fixture.recorder_b': { rows: 2_000, events: 2_000 },
    });
  }, 50_000);

  it('applies an event delivered twice once', async () => {
    const tenant = newId();
    const envelope = envelopeOf(thingHappened, tenant, 1);
    await publishLikeTheRelay([envelope]);
    await publishLikeTheRelay([envelope]);

    const handled = await eventually(
      () => outcomesOf(new Set([envelope.event_id])),
      (entries) => entries.length === 4,
    );
    expect(handled.map(({ subscriber, outcome }) => `${subscriber} ${outcome}`).sort()).toEqual([
      'fixture.recorder_a applied',
      'fixture.recorder_a duplicate',
      'fixture.recorder_b applied',
      'fixture.recorder_b duplicate',
    ]);
    expect(await effects([tenant])).toEqual({
      'fixture.recorder_a': { rows: 1, events: 1 },
      'fixture.recorder_b': { rows: 1, events: 1 },
    });
  });

  it('retries a poison event, dead-letters it after the last retry, and replays it once fixed', async () => {
    const { deadLetters } = transport;
    const { subscriberId } = poison.subscriber;
    const tenant = newId();
    const envelope = envelopeOf(poisonArrived, tenant, 7);
    poison.broken = true;
    await publishLikeTheRelay([envelope]);

    const [deadLetter] = await eventually(
      () => deadLetters.list({ subscriberId }),
      (found) => found.length > 0,
    );
    expect(poison.attempts.get(envelope.event_id)).toBe(retry.delaysMs.length + 1);
    expect(deadLetter).toMatchObject({
      id: `${subscriberId}:${envelope.event_id}`,
      subscriber_id: subscriberId,
      event_id: envelope.event_id,
      type: poisonArrived.type,
      tenant_id: tenant,
      attempts: retry.delaysMs.length + 1,
      last_error: `cannot digest ${envelope.event_id}`,
      envelope,
    });
    expect(await deadLetters.show(deadLetter!.id)).toEqual(deadLetter);
    expect(await deadLetters.list()).toEqual([deadLetter]);
    expect(logs.find((entry) => entry.message === 'event dead-lettered')?.fields).toMatchObject({
      event_id: envelope.event_id,
      type: poisonArrived.type,
      subscriber: subscriberId,
      attempts: retry.delaysMs.length + 1,
      error: `cannot digest ${envelope.event_id}`,
    });
    const [counted] = (await metrics.deadLettered.get()).values;
    expect(counted).toMatchObject({
      value: 1,
      labels: { type: poisonArrived.type, subscriber: subscriberId },
    });

    poison.broken = false;
    expect(await deadLetters.replay([`${subscriberId}:${newId()}`, 'not-an-id'])).toBe(0);
    expect(await deadLetters.replay([deadLetter!.id])).toBe(1);
    await eventually(
      () => effects([tenant]),
      (found) => found[subscriberId]?.events === 1,
    );
    expect(poison.attempts.get(envelope.event_id)).toBe(retry.delaysMs.length + 2);
    expect(await deadLetters.list()).toEqual([]);
    expect(await deadLetters.show(deadLetter!.id)).toBeNull();
  });

  it('purges dead letters for good', async () => {
    const { deadLetters } = transport;
    const { subscriberId } = poison.subscriber;
    poison.broken = true;
    const envelopes = [envelopeOf(poisonArrived, newId(), 1), envelopeOf(poisonArrived, newId(), 2)];
    await publishLikeTheRelay(envelopes);
    const found = await eventually(
      () => deadLetters.list({ subscriberId }),
      (letters) => letters.length === 2,
    );

    const [first, second] = found.map((letter) => letter.id);
    expect(await deadLetters.purge([first!])).toBe(1);
    expect((await deadLetters.list()).map((letter) => letter.id)).toEqual([second]);
    expect(await deadLetters.purge('all')).toBe(1);
    expect(await deadLetters.list()).toEqual([]);
  });

  it('publishes and consumes again after a broker restart', async () => {
    const tenant = newId();
    const sessionsBefore = sessionsOpened();
    const whileDown = envelopeOf(thingHappened, tenant, 1);
    await rabbitmqctl('stop_app');
    try {
      await eventually(
        () =>
          database.db
            .platformTx((tx) => transport.publish([whileDown], tx))
            .then(
              () => 'confirmed',
              () => 'rejected',
            ),
        (outcome) => outcome === 'rejected',
        5_000,
      );
    } finally {
      await rabbitmqctl('start_app');
      await rabbitmqctl('await_startup', '--timeout', '60');
    }

    const afterwards = envelopeOf(thingHappened, tenant, 2);
    await publishLikeTheRelay([whileDown, afterwards]);
    await eventually(
      () => effects([tenant]),
      (found) => found['fixture.recorder_a']?.events === 2 && found['fixture.recorder_b']?.events === 2,
    );
    expect(sessionsOpened()).toBeGreaterThan(sessionsBefore);
    expect(await effects([tenant])).toEqual({
      'fixture.recorder_a': { rows: 2, events: 2 },
      'fixture.recorder_b': { rows: 2, events: 2 },
    });
  }, 40_000);
});
