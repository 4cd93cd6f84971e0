// Commit → WebSocket latency (scenario events-realtime): events committed at a steady rate
// through the outbox reach a client subscribed to the staff feed; beside a bare `ws` server
// pushing the same number of frames at the same rate (the loopback floor).

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { defineModule, systemContext } from '@brigade/kernel';
import { as, createTestApp } from '@brigade/testing';
import WebSocket, { WebSocketServer } from 'ws';
import { benchBroker, fixture, itemRecorded } from './events.mjs';

/**
 * The rate and length of a run: BENCH_EVENT_RATE events/s (default 200) for BENCH_DURATION seconds.
 * @param {import('./environment.mjs').Settings} settings
 */
function pace(settings) {
  const rate = Number(process.env.BENCH_EVENT_RATE ?? 200);
  if (!Number.isInteger(rate) || rate < 1) throw new Error('BENCH_EVENT_RATE must be a positive integer');
  return { rate, count: rate * settings.duration };
}

/**
 * @param {number[]} latencies  milliseconds, one per event that arrived
 * @param {number} seconds  how long sending took
 * @param {number} expected  events sent
 */
function summary(latencies, seconds, expected) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (/** @type {number} */ q) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
  return {
    requestsPerSecond: latencies.length / seconds,
    latencyP50: at(0.5),
    latencyP99: at(0.99),
    errors: expected - latencies.length,
    non2xx: 0,
  };
}

/**
 * Calls `tick(n)` `count` times at `rate` per second, on schedule (not after each other).
 * @param {number} count @param {number} rate @param {(n: number) => Promise<void>} tick
 */
async function steady(count, rate, tick) {
  const started = performance.now();
  const inFlight = [];
  for (let n = 0; n < count; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(tick(n));
  }
  await Promise.all(inFlight);
  return (performance.now() - started) / 1000;
}

/** @param {WebSocket} socket @param {(message: any) => void} onMessage */
function listen(socket, onMessage) {
  socket.on('message', (data) => onMessage(JSON.parse(String(data))));
}

/** @param {import('../lib/scenario.mjs').TargetContext} context */
export async function measureCommitToWebSocket({ settings }) {
  const { rate, count } = pace(settings);
  const benchModule = defineModule({
    name: 'bench_events',
    migrations: fixture.dir,
    events: [itemRecorded],
    create: ({ publish }) => ({ service: { publish } }),
  });
  const broker = benchBroker();
  const app = await createTestApp({
    modules: [benchModule],
    ...(broker.createTransport && { createTransport: broker.createTransport }),
  });
  const tenant = randomUUID();
  try {
    await broker.opened();
    await app.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = /** @type {import('node:net').AddressInfo} */ (app.app.server.address());
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime`, {
      headers: as({ tenantId: tenant, permissions: ['realtime:staff'] }),
    });
    await once(socket, 'open');
    /** @type {Map<string, number>} */
    const committedAt = new Map();
    /** @type {number[]} */
    const latencies = [];
    let subscribed = () => {};
    const ready = new Promise((resolve) => {
      subscribed = () => resolve(undefined);
    });
    listen(socket, (message) => {
      if (message.op === 'subscribed') subscribed();
      if (message.op !== 'event') return;
      const at = committedAt.get(message.event.event_id);
      if (at !== undefined) latencies.push(performance.now() - at);
    });
    socket.send(JSON.stringify({ op: 'subscribe', channels: ['staff'] }));
    await ready;
    const { publish } = /** @type {{ publish: import('@brigade/messaging').Publish }} */ (
      /** @type {import('@brigade/http').ModuleInstance} */ (app.modules.get('bench_events')).service
    );
    const ctx = systemContext(tenant, 'bench');
    const seconds = await steady(count, rate, async (n) => {
      const envelope = await app.db.tenantTx(tenant, (tx) => publish(tx, ctx, itemRecorded, { n }));
      committedAt.set(envelope.event_id, performance.now());
    });
    const deadline = Date.now() + 10_000;
    while (latencies.length < count && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    socket.close();
    return summary(latencies, seconds, count);
  } finally {
    await app.close();
    await broker.remove([`realtime.${itemRecorded.type}`]);
  }
}

/** @param {import('../lib/scenario.mjs').TargetContext} context */
export async function measureBareWebSocket({ settings }) {
  const { rate, count } = pace(settings);
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const serverSide = /** @type {Promise<[WebSocket]>} */ (once(server, 'connection'));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await once(client, 'open');
  const [connection] = await serverSide;
  /** @type {number[]} */
  const latencies = [];
  listen(client, (message) => latencies.push(performance.now() - message.sent_at));
  try {
    const seconds = await steady(count, rate, async (n) => {
      connection.send(
        JSON.stringify({ op: 'event', n, sent_at: performance.now(), event: { event_id: randomUUID() } }),
      );
    });
    const deadline = Date.now() + 5_000;
    while (latencies.length < count && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return summary(latencies, seconds, count);
  } finally {
    client.close();
    server.close();
  }
}
