import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { queryRows, type Tx } from '@brigade/db';
import { type RequestContext, systemContext } from '@brigade/kernel';
import { as, createTestApp, eventually, platformAdmin, type TestApp } from '@brigade/testing';
import { sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Deliver,
  EventBus,
  InProcessTransport,
  InvalidEventError,
  type Publish,
  type Subscriber,
  type Transport,
} from '../src/index.js';
import { behaviour, fixtureEventsModule, noteAdded } from './fixture-events.module.js';

let t: TestApp;
let publish: Publish;
let tenant: string;

beforeAll(async () => {
  t = await createTestApp({ modules: [fixtureEventsModule] });
  publish = (t.modules.get('fixture_events')!.service as { publish: Publish }).publish;
});
afterAll(() => t?.close());
beforeEach(() => {
  tenant = randomUUID();
  behaviour.refuse.clear();
  behaviour.calls.clear();
});

const ctxOf = (tenantId: string): RequestContext => ({ ...systemContext(tenantId, `corr-${tenantId}`) });

async function publishNotes(
  notes: { body: string; seq: number }[],
  aggregateId: string | null = null,
  inTx?: (tx: Tx) => Promise<void>,
) {
  return t.db.tenantTx(tenant, async (tx) => {
    const envelopes = [];
    for (const note of notes)
      envelopes.push(await publish(tx, ctxOf(tenant), noteAdded, note, { aggregateId }));
    await inTx?.(tx);
    return envelopes;
  });
}

const effects = (subscriber: string) =>
  t.db.tenantTx(tenant, (tx) =>
    queryRows<{ event_id: string; body: string; seq: number }>(
      tx,
      sql`select event_id, body, seq from fixture_events.effects where subscriber = ${subscriber} order by id`,
    ),
  );

const notes = (count: number, prefix = 'n') =>
  Array.from({ length: count }, (_, seq) => ({ body: `${prefix}${seq}`, seq }));

describe('outbox and in-process transport', () => {
  it('delivers a committed event once to each subscriber, in its tenant, with the envelope', async () => {
    const [envelope] = await publishNotes([{ body: 'hello', seq: 1 }], 'agg-1');
    expect(envelope).toMatchObject({
      type: 'fixture_events.note_added.v1',
      tenant_id: tenant,
      correlation_id: `corr-${tenant}`,
      causation_id: null,
      source: 'fixture_events',
      aggregate_id: 'agg-1',
      payload: { body: 'hello', seq: 1 },
    });
    expect(envelope?.event_id).toMatch(/^[0-9a-f-]{36}$/);
    const applied = await eventually(
      () => effects('recorder'),
      (rows) => rows.length === 1,
    );
    expect(applied[0]?.event_id).toBe(envelope?.event_id);
    await eventually(
      () => effects('picky'),
      (rows) => rows.length === 1,
    );
    const inbox = await t.db.tenantTx(tenant, (tx) =>
      queryRows(
        tx,
        sql`select subscriber_id from messaging.inbox where event_id = ${envelope!.event_id} order by 1`,
      ),
    );
    expect(inbox).toEqual([
      { subscriber_id: 'fixture_events.picky' },
      { subscriber_id: 'fixture_events.recorder' },
    ]);
  });

  it('sends nothing when the publishing transaction rolls back', async () => {
    await expect(
      publishNotes([{ body: 'never', seq: 1 }], null, async () => {
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    t.events.flush();
    await sleep(300);
    expect(await effects('recorder')).toEqual([]);
  });

  it('refuses a payload that breaks its schema, and another module’s event type', async () => {
    await expect(
      t.db.tenantTx(tenant, (tx) => publish(tx, ctxOf(tenant), noteAdded, { body: 42 } as never)),
    ).rejects.toThrow(InvalidEventError);
    const foreign = { ...noteAdded, type: 'orders.order_created.v1', producer: 'orders' };
    await expect(
      t.db.tenantTx(tenant, (tx) => publish(tx, ctxOf(tenant), foreign, { body: 'x', seq: 1 })),
    ).rejects.toThrow(/cannot publish/);
  });

  it('applies a redelivered event once (inbox)', async () => {
    const [envelope] = await publishNotes([{ body: 'twice', seq: 1 }]);
    await eventually(
      () => effects('recorder'),
      (rows) => rows.length === 1,
    );
    await t.db.platformTx((tx) =>
      tx.execute(sql`insert into messaging.deliveries (subscriber_id, event_id, type, tenant_id, envelope)
                     values ('fixture_events.recorder', ${envelope!.event_id}, ${envelope!.type}, ${tenant},
                             ${JSON.stringify(envelope)}::jsonb)`),
    );
    t.events.transport.committed?.();
    await eventually(
      () =>
        t.db.platformTx((tx) =>
          queryRows(tx, sql`select 1 from messaging.deliveries where event_id = ${envelope!.event_id}`),
        ),
      (rows) => rows.length === 0,
    );
    expect(await effects('recorder')).toHaveLength(1);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /events_consumed_total\{type="fixture_events.note_added.v1",subscriber="fixture_events.recorder",outcome="duplicate"\} [1-9]/,
    );
  });

  it('keeps the events of one aggregate in order', async () => {
    for (const note of notes(25, 'ordered-')) await publishNotes([note], 'aggregate-7');
    const rows = await eventually(
      () => effects('recorder'),
      (found) => found.length === 25,
    );
    expect(rows.map((row) => row.seq)).toEqual(notes(25).map((note) => note.seq));
  });

  it('dead-letters a poison event after the retries, and a replay after the fix applies it once', async () => {
    behaviour.refuse.add('poison');
    await publishNotes([{ body: 'poison', seq: 1 }]);
    const [dead] = await eventually(
      () => t.events.transport.deadLetters.list(),
      (letters) => letters.length === 1,
    );
    expect(behaviour.calls.get('poison')).toBe(4); // the first attempt and three retries
    expect(dead).toMatchObject({
      subscriber_id: 'fixture_events.picky',
      attempts: 4,
      last_error: 'refusing poison',
    });
    expect(await effects('picky')).toEqual([]); // every failed attempt rolled back its effect
    expect(await effects('recorder')).toHaveLength(1); // the other subscriber was not held up
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /events_dead_lettered_total\{type="fixture_events.note_added.v1",subscriber="fixture_events.picky"\} 1/,
    );
    expect(
      t.logs.some((line) => line.message === 'event dead-lettered' && line.event_id === dead?.event_id),
    ).toBe(true);

    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/dead-letters',
      headers: platformAdmin(),
    });
    expect(listed.json().data).toEqual([expect.objectContaining({ id: dead?.id, event_id: dead?.event_id })]);
    const forbidden = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/dead-letters/${dead?.id}/replay`,
      headers: as({ tenantId: tenant, permissions: ['notes:read'] }),
    });
    expect(forbidden.statusCode).toBe(403);

    behaviour.refuse.delete('poison');
    const replay = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/dead-letters/${dead?.id}/replay`,
      headers: platformAdmin(),
    });
    expect(replay.json()).toEqual({ count: 1 });
    await eventually(
      () => effects('picky'),
      (rows) => rows.length === 1,
    );
    expect(await t.events.transport.deadLetters.list()).toEqual([]);
    const missing = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/dead-letters/${dead?.id}`,
      headers: platformAdmin(),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('purges dead letters', async () => {
    behaviour.refuse.add('doomed');
    await publishNotes([{ body: 'doomed', seq: 1 }]);
    await eventually(
      () => t.events.transport.deadLetters.list(),
      (letters) => letters.length === 1,
    );
    const purged = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/admin/dead-letters',
      headers: platformAdmin(),
    });
    expect(purged.json()).toEqual({ count: 1 });
    expect(await t.events.transport.deadLetters.list()).toEqual([]);
  });

  it('delivers every event when long and short transactions interleave', async () => {
    const long = publishNotes([{ body: 'long', seq: 0 }], null, () => sleep(400));
    await sleep(20);
    const shorts = await Promise.all(
      notes(20, 'short-').map((note) => publishNotes([{ ...note, seq: note.seq + 1 }])),
    );
    await long;
    const rows = await eventually(
      () => effects('recorder'),
      (found) => found.length === 21,
    );
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(21);
    expect(shorts).toHaveLength(20);
  });
});

describe('failures between the relay and the transport', () => {
  it('a relay crash between publishing and marking sent delivers again, with a single effect', async () => {
    let crashes = 1;
    const crashing = await createTestApp({
      modules: [fixtureEventsModule],
      createTransport: (deps) => {
        const inner = new InProcessTransport(deps);
        let consumers: Subscriber[] = [];
        let consume: Deliver | undefined;
        const transport: Transport = {
          name: inner.name,
          deliveryBatch: inner.deliveryBatch,
          deadLetters: inner.deadLetters,
          register(subscribers) {
            consumers = subscribers;
            inner.register(subscribers);
          },
          start(deliver) {
            consume = deliver;
            return inner.start(deliver);
          },
          close: () => inner.close(),
          committed: () => inner.committed(),
          async publish(envelopes, tx) {
            if (crashes-- <= 0) return inner.publish(envelopes, tx);
            // Like a broker, the first publication is accepted and consumed on its own…
            setImmediate(async () => {
              for (const envelope of envelopes) {
                for (const consumer of consumers) await consume?.(consumer, envelope);
              }
            });
            // …but the relay dies before it marks the rows sent, and sends them again later.
            throw new Error('relay crashed');
          },
        };
        return transport;
      },
    });
    try {
      const crashPublish = (crashing.modules.get('fixture_events')!.service as { publish: Publish }).publish;
      const [envelope] = await crashing.db.tenantTx(tenant, async (tx) => [
        await crashPublish(tx, ctxOf(tenant), noteAdded, { body: 'crash', seq: 1 }),
      ]);
      const rows = await eventually(
        () =>
          crashing.db.tenantTx(tenant, (tx) =>
            queryRows(
              tx,
              sql`select subscriber from fixture_events.effects where event_id = ${envelope!.event_id}`,
            ),
          ),
        (found) => found.length === 2,
      );
      const metrics = await eventually(
        async () => (await crashing.app.inject({ method: 'GET', url: '/metrics' })).body,
        (text) => /outcome="duplicate"\} [1-9]/.test(text),
      );
      expect(metrics).toMatch(/subscriber="fixture_events.recorder",outcome="duplicate"\} 1/);
      await sleep(300);
      expect(rows).toHaveLength(2);
      expect(
        await crashing.db.tenantTx(tenant, (tx) =>
          queryRows(tx, sql`select 1 from fixture_events.effects where event_id = ${envelope!.event_id}`),
        ),
      ).toHaveLength(2);
    } finally {
      await crashing.close();
    }
  });

  it('2,000 events survive the process stopping mid-stream: each applied exactly once per subscriber', async () => {
    const batches = Array.from({ length: 20 }, (_, batch) =>
      notes(100, `bulk-${batch}-`).map((note) => ({ ...note, seq: batch * 100 + note.seq })),
    );
    const publishing = (async () => {
      for (const batch of batches) await publishNotes(batch);
    })();
    await sleep(150);
    await t.events.close(); // the process goes away with work in flight
    await publishing;
    const restarted = new EventBus({
      db: t.db,
      clock: { now: () => new Date() },
      log: t.app.log,
      registry: new Registry(),
      createTransport: (deps) => new InProcessTransport({ ...deps, retry: { delaysMs: [20, 40, 80] } }),
    });
    restarted.register([
      {
        name: 'fixture_events',
        events: [noteAdded],
        subscribers: t.modules.get('fixture_events')!.subscribers ?? [],
      },
    ]);
    await restarted.start();
    try {
      for (const subscriber of ['recorder', 'picky']) {
        const rows = await eventually(
          () => effects(subscriber),
          (found) => found.length >= 2000,
          60_000,
        );
        expect(rows).toHaveLength(2000);
        expect(new Set(rows.map((row) => row.event_id)).size).toBe(2000);
      }
    } finally {
      await restarted.close();
    }
  }, 90_000);
});

describe('relay wake-ups', () => {
  it("relays a commit at once on its outbox's notification, polling out of the way", async () => {
    const quiet = await createTestApp({ modules: [fixtureEventsModule], startEvents: false });
    const relayed: string[] = [];
    const bus = new EventBus({
      db: quiet.db,
      clock: { now: () => new Date() },
      log: quiet.app.log,
      registry: new Registry(),
      createTransport: (deps) => new InProcessTransport(deps),
      relay: { pollIntervalMs: 600_000 },
    });
    bus.tap(async (envelopes) => {
      relayed.push(...envelopes.map((envelope) => envelope.event_id));
    });
    bus.register([{ name: 'fixture_events', events: [noteAdded], subscribers: [] }]);
    await bus.start();
    try {
      const quietPublish = (quiet.modules.get('fixture_events')!.service as { publish: Publish }).publish;
      for (const seq of [1, 2, 3]) {
        // Each commit notifies `fixture_events`: the relay drains that outbox, not waiting for a poll.
        const envelope = await quiet.db.tenantTx(tenant, (tx) =>
          quietPublish(tx, ctxOf(tenant), noteAdded, { body: `woken-${seq}`, seq }),
        );
        await eventually(
          async () => relayed,
          (ids) => ids.includes(envelope.event_id),
          5_000,
        );
      }
      expect(relayed).toHaveLength(3);
    } finally {
      await bus.close();
      await quiet.close();
    }
  });
});

describe('catalogue', () => {
  it('lists every type with producer, consumers and payload schema', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/events/catalog' });
    const entry = response
      .json()
      .data.find((item: { type: string }) => item.type === 'fixture_events.note_added.v1');
    expect(entry).toMatchObject({
      producer: 'fixture_events',
      consumers: ['fixture_events.picky', 'fixture_events.recorder'],
      schema: { type: 'object', properties: { body: { type: 'string' }, seq: { type: 'integer' } } },
    });
  });
});
