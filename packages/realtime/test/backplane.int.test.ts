import { randomBytes, randomUUID } from 'node:crypto';
import { type EventEnvelope, type Logger, newId } from '@brigade/kernel';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backplane, FeedMessage } from '../src/backplane.js';
import { MemoryBackplane } from '../src/memory-backplane.js';
import { RedisBackplane } from '../src/redis-backplane.js';

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

// Larger than a Redis stream node (100 entries), so that `MAXLEN ~` trims whole nodes.
const window = { eventsPerChannel: 150, retentionMs: 60_000 };
const redis = process.env.REDIS_URL
  ? new Redis(process.env.REDIS_URL, { keyPrefix: `test:${randomBytes(6).toString('hex')}:` })
  : undefined;
afterAll(() => redis?.disconnect());

const kinds: [string, () => Backplane][] = [
  ['memory', () => new MemoryBackplane(window)],
  ...(redis
    ? [
        ['redis', () => new RedisBackplane(redis, { window, prefix: 'realtime:', log: silent })] as [
          string,
          () => Backplane,
        ],
      ]
    : []),
];

const envelope = (tenantId: string, seq: number): EventEnvelope => ({
  event_id: newId(),
  type: 'fixture.thing_happened.v1',
  occurred_at: new Date().toISOString(),
  tenant_id: tenantId,
  correlation_id: 'test',
  causation_id: null,
  source: 'fixture',
  aggregate_id: null,
  payload: { seq },
});

describe.each(kinds)('%s backplane', (_kind, create) => {
  it('hands every event to listeners once, with its channels, in cursor order', async () => {
    const backplane = create();
    const received: FeedMessage[] = [];
    await backplane.listen({
      message: (message) => received.push(message),
      live: () => {},
      interrupted: () => {},
    });
    const tenant = randomUUID();
    const cursors = [];
    for (let seq = 0; seq < 5; seq++)
      cursors.push(await backplane.publish(envelope(tenant, seq), ['staff', 'order:1']));
    await expect.poll(() => received.filter((m) => m.envelope.tenant_id === tenant).length).toBe(5);
    const mine = received.filter((m) => m.envelope.tenant_id === tenant);
    expect(mine.map((m) => m.cursor)).toEqual(cursors);
    expect(mine.every((m) => m.channels.join() === 'staff,order:1')).toBe(true);
    await backplane.close();
  });

  it('replays exactly the events after a cursor while the window still holds all of them', async () => {
    const backplane = create();
    const tenant = randomUUID();
    const start = await backplane.head(tenant);
    const cursors = [];
    for (let seq = 1; seq <= 250; seq++)
      cursors.push(await backplane.publish(envelope(tenant, seq), ['staff']));

    // A client that missed a whole window (150) or more must resync…
    expect(await backplane.replay(tenant, 'staff', start)).toEqual({ events: [], complete: false });
    expect((await backplane.replay(tenant, 'staff', cursors[94]!)).complete).toBe(false);
    expect((await backplane.replay(tenant, 'staff', cursors[99]!)).complete).toBe(false);
    expect((await backplane.replay(tenant, 'staff', cursors[100]!)).events).toHaveLength(149);
    // …one that missed fewer gets them, in order.
    const replay = await backplane.replay(tenant, 'staff', cursors[199]!);
    expect(replay.complete).toBe(true);
    expect(replay.events.map((event) => (event.envelope.payload as { seq: number }).seq)).toEqual(
      Array.from({ length: 50 }, (_, index) => 201 + index),
    );
    expect(replay.events.map((event) => event.cursor)).toEqual(cursors.slice(200));
    // Nothing after the newest cursor; a channel that never had an event is complete and empty.
    expect(await backplane.replay(tenant, 'staff', cursors[249]!)).toEqual({ events: [], complete: true });
    expect(await backplane.replay(tenant, 'order:9', start)).toEqual({ events: [], complete: true });
    await backplane.close();
  });

  it('refuses cursors of another era, and keeps each tenant’s channels apart', async () => {
    const backplane = create();
    const [tenantA, tenantB] = [randomUUID(), randomUUID()];
    const startA = await backplane.head(tenantA);
    const startB = await backplane.head(tenantB);
    await backplane.publish(envelope(tenantA, 1), ['staff']);
    expect((await backplane.replay(tenantA, 'staff', startA)).events).toHaveLength(1);
    expect(await backplane.replay(tenantB, 'staff', startB)).toEqual({ events: [], complete: true });
    expect((await backplane.replay(tenantA, 'staff', '1-0')).complete).toBe(false);
    await backplane.close();
  });
});
