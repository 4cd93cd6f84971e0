import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Authenticator } from '@brigade/http';
import { as, createTestApp, type TestApp, type TestPrincipal, testAuthenticator } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { compareCursors } from '../src/cursor.js';
import type { ServerMessage } from '../src/index.js';
import { fixtureRealtimeModule, type NoteOrder } from './fixture-realtime.module.js';
import { TestClient } from './ws-client.js';

const principalHeader = 'x-test-principal';
const tokenOf = (principal: TestPrincipal) => as(principal)[principalHeader]!;

/** The test authenticator, which also reads its principal from a Bearer token (as identity will). */
const headerOrBearer: Authenticator = async (request) => {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) request.headers[principalHeader] = bearer;
  return testAuthenticator(request);
};

const eventsPerChannel = 10;
let t: TestApp;
let url: string;
let noteOrder: NoteOrder;
const clients: TestClient[] = [];

async function listen(app: TestApp) {
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  return `ws://127.0.0.1:${(app.app.server.address() as AddressInfo).port}/api/v1/realtime`;
}

beforeAll(async () => {
  t = await createTestApp({
    modules: [fixtureRealtimeModule],
    authenticate: headerOrBearer,
    realtime: { heartbeatMs: 100, eventsPerChannel },
  });
  url = await listen(t);
  noteOrder = (t.modules.get('realtime_fixture')!.service as { noteOrder: NoteOrder }).noteOrder;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await t?.close();
});

const staff = (tenantId: string, permissions = ['realtime:staff', 'orders:read', 'kitchen:read']) =>
  as({ tenantId, role: 'manager', permissions });

async function connect(headers: Record<string, string>, at = url) {
  const client = await TestClient.connect(at, { headers });
  clients.push(client);
  return client;
}

async function subscribed(client: TestClient, channels: string[], resumeFrom?: string) {
  const reply = await client.request({ op: 'subscribe', channels, resume_from: resumeFrom });
  expect(reply).toMatchObject({ op: 'subscribed', channels });
  return (reply as Extract<ServerMessage, { op: 'subscribed' }>).cursor;
}

type EventMessage = Extract<ServerMessage, { op: 'event' }>;
const seqOf = (message: ServerMessage) => ((message as EventMessage).event.payload as { seq: number }).seq;

async function refusedUpgrade(target: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(target, { headers });
  socket.on('error', () => undefined); // the aborted handshake
  const [request, response] = (await once(socket, 'unexpected-response')) as [ClientRequest, IncomingMessage];
  let body = '';
  for await (const chunk of response) body += chunk;
  request.destroy();
  return { status: response.statusCode, type: response.headers['content-type'], body: JSON.parse(body) };
}

describe('connecting', () => {
  it('refuses an upgrade without a valid credential with 401 problem+json', async () => {
    const anonymous = await refusedUpgrade(url);
    expect(anonymous).toMatchObject({ status: 401, body: { status: 401, code: 'unauthenticated' } });
    expect(anonymous.type).toMatch(/^application\/problem\+json/);
    expect((await refusedUpgrade(`${url}?access_token=not-a-principal`)).status).toBe(401);
    expect((await refusedUpgrade(url, { [principalHeader]: 'garbage' })).status).toBe(401);
  });

  it('takes the credential from the headers or, for browsers, from ?access_token=', async () => {
    const tenant = randomUUID();
    const byHeader = await connect(staff(tenant));
    await subscribed(byHeader, ['staff']);
    const token = tokenOf({ tenantId: tenant, permissions: ['realtime:staff'] });
    const byQuery = await connect({}, `${url}?access_token=${token}`);
    await subscribed(byQuery, ['staff']);
  });
});

describe('live events', () => {
  it('pushes a committed event to the channels it names, with its event id and a cursor', async () => {
    const tenant = randomUUID();
    const order = randomUUID();
    const client = await connect(staff(tenant));
    const start = await subscribed(client, ['staff', `order:${order}`]);

    const eventId = await noteOrder(tenant, order, 1);
    const frames = (await client.take(2)) as EventMessage[];
    expect(frames.map((frame) => frame.channel).sort()).toEqual([`order:${order}`, 'staff']);
    for (const frame of frames) {
      expect(frame).toMatchObject({
        op: 'event',
        event: { event_id: eventId, type: 'realtime_fixture.order_noted.v1', tenant_id: tenant },
      });
      expect(compareCursors(frame.cursor, start)).toBeGreaterThan(0);
    }
    expect(frames[0]!.cursor).toBe(frames[1]!.cursor);
    await client.expectNothingMore();

    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/realtime_connections [1-9]/);
    expect(metrics).toMatch(/realtime_messages_sent_total\{op="event"\} [1-9]/);
  });

  it('refuses channels the caller may not follow, and sends it nothing from them', async () => {
    const tenant = randomUUID();
    const order = randomUUID();
    const waiter = await connect(as({ tenantId: tenant, role: 'waiter', permissions: ['orders:read'] }));
    expect(await waiter.request({ op: 'subscribe', channels: ['staff', 'table:t1'] })).toEqual({
      op: 'error',
      code: 'forbidden_channel',
      message: expect.any(String),
      channels: ['staff', 'table:t1'],
    });
    expect(await waiter.request({ op: 'subscribe', channels: ['bar:1'] })).toMatchObject({
      code: 'unknown_channel',
      channels: ['bar:1'],
    });
    await subscribed(waiter, [`order:${order}`]);

    await noteOrder(tenant, order, 1);
    expect(await waiter.next()).toMatchObject({ op: 'event', channel: `order:${order}` });
    await waiter.expectNothingMore();

    const platformAdmin = await connect(as({ tenantId: null, role: 'platform_admin', permissions: ['*'] }));
    expect(await platformAdmin.request({ op: 'subscribe', channels: ['staff'] })).toMatchObject({
      op: 'error',
      code: 'tenant_required',
    });
  });

  it('a credential scoped to channels follows exactly those, whatever it asks', async () => {
    const tenant = randomUUID();
    const [order, other] = [randomUUID(), randomUUID()];
    const guest = await connect({}, `${url}?access_token=guest-order.${tenant}.${order}`);
    expect(await guest.request({ op: 'subscribe', channels: [`order:${other}`, 'staff'] })).toMatchObject({
      op: 'error',
      code: 'forbidden_channel',
      channels: [`order:${other}`, 'staff'],
    });
    await subscribed(guest, [`order:${order}`]);
    await noteOrder(tenant, other, 1);
    await noteOrder(tenant, order, 2);
    const event = (await guest.next()) as EventMessage;
    expect(event).toMatchObject({ op: 'event', channel: `order:${order}` });
    expect(seqOf(event)).toBe(2);
    await guest.expectNothingMore();
    // Other credentials still go to the process's authenticator.
    const waiter = await connect(as({ tenantId: tenant, role: 'waiter', permissions: ['orders:read'] }));
    await subscribed(waiter, [`order:${other}`]);
  });

  it('never sends one tenant’s events to another', async () => {
    const [tenantA, tenantB] = [randomUUID(), randomUUID()];
    const order = randomUUID();
    const clientA = await connect(staff(tenantA));
    const clientB = await connect(staff(tenantB));
    await subscribed(clientA, ['staff', `order:${order}`]);
    await subscribed(clientB, ['staff', `order:${order}`]);

    await noteOrder(tenantA, order, 1);
    await clientA.take(2);
    await clientB.expectNothingMore();
    await noteOrder(tenantB, order, 2);
    const [first] = await clientB.take(2);
    expect(first).toMatchObject({ op: 'event', event: { tenant_id: tenantB, payload: { seq: 2 } } });
  });
});

describe('resuming', () => {
  it('a client that reconnects with its last cursor receives exactly what it missed, in order', async () => {
    const tenant = randomUUID();
    const order = randomUUID();
    const observer = await connect(staff(tenant));
    await subscribed(observer, ['staff']);
    const client = await connect(staff(tenant));
    await subscribed(client, ['staff']);
    await noteOrder(tenant, order, 0);
    const seen = (await client.next()) as EventMessage;
    await observer.next();
    await client.close();

    for (let seq = 1; seq <= 5; seq++) await noteOrder(tenant, order, seq);
    expect((await observer.take(5)).map(seqOf)).toEqual([1, 2, 3, 4, 5]);

    const resumed = await connect(staff(tenant));
    expect(await subscribed(resumed, ['staff'], seen.cursor)).toBe(seen.cursor);
    const missed = (await resumed.take(5)) as EventMessage[];
    expect(missed.map(seqOf)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(missed.map((message) => message.cursor)).size).toBe(5);
    await noteOrder(tenant, order, 6);
    expect(seqOf(await resumed.next())).toBe(6);
    await resumed.expectNothingMore();
  });

  it('asks for a resync when the cursor is older than the window', async () => {
    const tenant = randomUUID();
    const order = randomUUID();
    const observer = await connect(staff(tenant));
    await subscribed(observer, [`order:${order}`]);
    const cursor = await subscribed(await connect(staff(tenant)), [`order:${order}`]);

    for (let seq = 1; seq <= eventsPerChannel + 2; seq++) await noteOrder(tenant, order, seq);
    await observer.take(eventsPerChannel + 2);

    const resumed = await connect(staff(tenant));
    await subscribed(resumed, [`order:${order}`], cursor);
    const resync = await resumed.next();
    expect(resync).toMatchObject({ op: 'resync_required', channel: `order:${order}` });
    await noteOrder(tenant, order, 100);
    expect(seqOf(await resumed.next())).toBe(100);

    // A cursor from before the feed's current era (a restart, a lost Redis) cannot resume either.
    const stale = await connect(staff(tenant));
    await subscribed(stale, ['staff'], '1-0');
    expect(await stale.next()).toMatchObject({ op: 'resync_required', channel: 'staff' });
  });
});

describe('robustness', () => {
  it('drops a client that stops answering pings, and keeps one that answers', async () => {
    const tenant = randomUUID();
    const silent = new WebSocket(url, { headers: staff(tenant), autoPong: false });
    await once(silent, 'open');
    const started = Date.now();
    const healthy = await connect(staff(tenant));
    const [code] = await once(silent, 'close');
    expect(code).toBe(1006); // terminated without a closing handshake
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(healthy.socket.readyState).toBe(WebSocket.OPEN);
    await healthy.expectNothingMore();
  });

  it('answers invalid messages with an error frame and stays usable', async () => {
    const client = await connect(staff(randomUUID()));
    for (const bad of [
      'not json',
      { op: 'dance' },
      { op: 'subscribe', channels: 'staff' },
      { op: 'subscribe', channels: ['staff'], resume_from: 'yesterday' },
    ]) {
      expect(await client.request(bad)).toMatchObject({ op: 'error', code: 'invalid_message' });
    }
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.next()).toMatchObject({ op: 'error', code: 'invalid_message' });
    const many = Array.from({ length: 101 }, (_, index) => `kitchen:station-${index}`);
    expect(await client.request({ op: 'subscribe', channels: many })).toMatchObject({
      code: 'too_many_channels',
    });
    expect(await client.request({ op: 'ping' })).toEqual({ op: 'pong' });
    await subscribed(client, ['staff']);
    expect(await client.request({ op: 'unsubscribe', channels: ['staff'] })).toEqual({
      op: 'unsubscribed',
      channels: ['staff'],
    });
  });

  it('closes a connection that sends an oversized message (1009), and the server carries on', async () => {
    const tenant = randomUUID();
    const client = await connect(staff(tenant));
    client.send({ op: 'subscribe', channels: ['x'.repeat(20_000)] });
    const [code] = await once(client.socket, 'close');
    expect(code).toBe(1009);
    await subscribed(await connect(staff(tenant)), ['staff']);
  });

  it('closes a connection that floods the server with messages (1008), and the server carries on', async () => {
    const tenant = randomUUID();
    const client = await connect(staff(tenant));
    for (let index = 0; index < 1_000; index++) client.send({ op: 'subscribe', channels: ['staff'] });
    const [code] = await once(client.socket, 'close');
    expect(code).toBe(1008);
    await subscribed(await connect(staff(tenant)), ['staff']);
  });
});

describe.runIf(process.env.REDIS_URL)('several processes (Redis)', () => {
  it('a client on one process receives events committed on another, and resumes on either', async () => {
    // Process A relays and consumes nothing itself: whatever its client sees came through Redis.
    const processA = await createTestApp({
      modules: [fixtureRealtimeModule],
      authenticate: headerOrBearer,
      peerOf: t,
      startEvents: false,
    });
    try {
      const urlA = await listen(processA);
      const tenant = randomUUID();
      const order = randomUUID();
      const onA = await connect(staff(tenant), urlA);
      await subscribed(onA, [`order:${order}`]);

      const eventId = await noteOrder(tenant, order, 1);
      const received = (await onA.next()) as EventMessage;
      expect(received.event.event_id).toBe(eventId);
      await onA.close();

      await noteOrder(tenant, order, 2);
      await noteOrder(tenant, order, 3);
      const onB = await connect(staff(tenant));
      await subscribed(onB, [`order:${order}`], received.cursor);
      expect((await onB.take(2)).map(seqOf)).toEqual([2, 3]);
    } finally {
      await processA.close();
    }
  });

  it('when the feed drops, clients are told to resume (1012) and miss nothing', async () => {
    const tenant = randomUUID();
    const order = randomUUID();
    const client = await connect(staff(tenant));
    const cursor = await subscribed(client, [`order:${order}`]);

    const feed = `feed:${t.redis!.options.keyPrefix}realtime:feed`;
    const clientList = String(await t.redis!.call('CLIENT', 'LIST'));
    const id = clientList
      .split('\n')
      .find((line) => line.includes(` name=${feed} `))
      ?.match(/^id=(\d+)/)?.[1];
    expect(id).toBeDefined();
    await t.redis!.call('CLIENT', 'KILL', 'ID', id!);
    const [code] = await once(client.socket, 'close');
    expect(code).toBe(1012);
    await noteOrder(tenant, order, 1);

    // Until the feed is back, new connections are turned away (1013); then the client resumes.
    for (;;) {
      const resumed = await connect(staff(tenant));
      const closed = once(resumed.socket, 'close').then(() => null);
      resumed.send({ op: 'subscribe', channels: [`order:${order}`], resume_from: cursor });
      const reply = await Promise.race([resumed.next().catch(() => null), closed]);
      if (reply === null) {
        await sleep(20);
        continue;
      }
      expect(reply).toMatchObject({ op: 'subscribed', cursor });
      expect(seqOf(await resumed.next())).toBe(1);
      break;
    }
  });
});
