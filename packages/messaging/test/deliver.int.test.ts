import { type Database, platformMigrations, queryRows, type Tx } from '@brigade/db';
import { defineEvent, type EventEnvelope, type Logger, newId } from '@brigade/kernel';
import { openTestDatabase, type TestDatabase } from '@brigade/testing';
import { sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDeliver } from '../src/deliver.js';
import { createEventMetrics } from '../src/metrics.js';
import { messagingMigrations } from '../src/outbox.js';
import type { Subscriber } from '../src/transport.js';
import { envelopeOf } from './support/envelopes.js';

const counted = defineEvent('fixture.thing_counted.v1', z.object({ n: z.number().int() }), 'A test event.');
const fixtureMigrations = {
  schema: 'fixture_rabbitmq',
  dir: new URL('./fixtures/rabbitmq-migrations/', import.meta.url),
};
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/** The database as the deliverer sees it, counting the tenant transactions it opens. */
function countingTransactions(db: Database) {
  const counter = { transactions: 0, db: db as Database };
  counter.db = Object.create(db, {
    tenantTx: {
      value: <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) => {
        counter.transactions += 1;
        return db.tenantTx(tenantId, fn);
      },
    },
  });
  return counter;
}

const envelope = (tenantId: string, n: number) => envelopeOf(counted, tenantId, n, `order-${n}`);

describe('delivering events to a subscriber', () => {
  let database: TestDatabase;
  /** Events whose `n` is listed here make the handler throw. */
  const poisoned = new Set<number>();
  const handledOrder: number[] = [];
  const subscriber: Subscriber = {
    subscriberId: 'fixture.batch_counter',
    event: counted,
    async handle(event, tx) {
      const { n } = event.payload as { n: number };
      if (poisoned.has(n)) throw new Error(`event ${n} is poisoned`);
      handledOrder.push(n);
      await tx.execute(sql`
        insert into fixture_rabbitmq.effects (tenant_id, subscriber, event_id)
        values (${event.tenant_id}, ${subscriber.subscriberId}, ${event.event_id})`);
    },
  };
  const deliverer = () => {
    const counter = countingTransactions(database.db);
    const deliver = createDeliver(counter.db, createEventMetrics(new Registry()), quiet);
    return { counter, deliver: (event: EventEnvelope) => deliver(subscriber, event) };
  };
  const effectsOf = async (tenantId: string) =>
    (
      await database.db.tenantTx(tenantId, (tx) =>
        queryRows<{ event_id: string }>(tx, sql`select event_id from fixture_rabbitmq.effects`),
      )
    ).map((row) => row.event_id);

  beforeAll(async () => {
    database = await openTestDatabase([platformMigrations, messagingMigrations, fixtureMigrations]);
  });
  afterAll(() => database?.close());

  it('handles events handed over together in one transaction, in the order they came', async () => {
    const { counter, deliver } = deliverer();
    const tenantId = newId();
    const events = Array.from({ length: 10 }, (_, n) => envelope(tenantId, n));
    handledOrder.length = 0;

    const outcomes = await Promise.all(events.map(deliver));

    expect(outcomes).toEqual(events.map(() => 'applied'));
    expect(counter.transactions).toBe(1);
    expect(handledOrder).toEqual(events.map((_, n) => n));
    expect((await effectsOf(tenantId)).sort()).toEqual(events.map((event) => event.event_id).sort());

    // Delivered again (a broker redelivery): recognised by the inbox, no second effect.
    expect(await Promise.all(events.map(deliver))).toEqual(events.map(() => 'duplicate'));
    expect(await effectsOf(tenantId)).toHaveLength(10);
  });

  it('gives each tenant its own transaction', async () => {
    const { counter, deliver } = deliverer();
    const [first, second] = [newId(), newId()];
    const events = [envelope(first, 1), envelope(second, 2), envelope(first, 3), envelope(second, 4)];

    expect(await Promise.all(events.map(deliver))).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(counter.transactions).toBe(2);
    expect(await effectsOf(first)).toHaveLength(2);
    expect(await effectsOf(second)).toHaveLength(2);
  });

  it('fails only the bad event of a batch: the others are applied on their own', async () => {
    const { deliver } = deliverer();
    const tenantId = newId();
    const events = Array.from({ length: 5 }, (_, n) => envelope(tenantId, 100 + n));
    poisoned.add(102);
    try {
      const settled = await Promise.allSettled(events.map(deliver));
      expect(settled.map((result) => result.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
      ]);
      const applied = events.filter((_, n) => n !== 2).map((event) => event.event_id);
      expect((await effectsOf(tenantId)).sort()).toEqual(applied.sort());
      // The failed event left no inbox row: its redelivery runs it.
      poisoned.delete(102);
      expect(await deliver(events[2]!)).toBe('applied');
    } finally {
      poisoned.delete(102);
    }
  });

  it('fails an event whose payload does not parse, alone', async () => {
    const { deliver } = deliverer();
    const tenantId = newId();
    const good = envelope(tenantId, 200);
    const bad = { ...envelope(tenantId, 201), payload: { n: 'not a number' } };
    const settled = await Promise.allSettled([deliver(good), deliver(bad)]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    expect(await effectsOf(tenantId)).toEqual([good.event_id]);
  });

  it('runs an event handed over twice in one batch once', async () => {
    const { deliver } = deliverer();
    const tenantId = newId();
    const once = envelope(tenantId, 300);
    expect(await Promise.all([deliver(once), deliver({ ...once })])).toEqual(['applied', 'duplicate']);
    expect(await effectsOf(tenantId)).toEqual([once.event_id]);
  });

  it('with a batch of one (the in-process worker), gives every event its own transaction', async () => {
    const counter = countingTransactions(database.db);
    const deliver = createDeliver(counter.db, createEventMetrics(new Registry()), quiet, 1);
    const tenantId = newId();
    const events = Array.from({ length: 3 }, (_, n) => envelope(tenantId, 500 + n));
    expect(await Promise.all(events.map((event) => deliver(subscriber, event)))).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    expect(counter.transactions).toBe(3);
  });

  it('keeps a batch to the size it is given', async () => {
    const counter = countingTransactions(database.db);
    const deliver = createDeliver(counter.db, createEventMetrics(new Registry()), quiet, 4);
    const tenantId = newId();
    const events = Array.from({ length: 10 }, (_, n) => envelope(tenantId, 400 + n));
    await Promise.all(events.map((event) => deliver(subscriber, event)));
    expect(counter.transactions).toBe(3);
    expect(await effectsOf(tenantId)).toHaveLength(10);
  });
});
