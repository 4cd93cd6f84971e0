// Commit → screen for orders (issue 6 point 8, scenario orders-realtime): orders placed and moved
// over HTTP at a steady rate; the events they commit are timed to their arrival on the staff
// WebSocket (what KDS and POS screens follow) and on guests' tracking sockets (`order:<id>`,
// signed in with the order's tracking token). Latency is arrival minus the event's `occurred_at`
// (set inside the committing transaction, before the commit: an upper bound on commit → screen).
import { once } from 'node:events';
import WebSocket from 'ws';
import { orderRequest, ordersPath, percentiles } from './orders.mjs';

/** Orders placed per second (each then moves one step): BENCH_ORDER_FEED_RATE, default 20. */
function feedRate() {
  const rate = Number(process.env.BENCH_ORDER_FEED_RATE ?? 20);
  if (!Number.isInteger(rate) || rate < 1)
    throw new Error('BENCH_ORDER_FEED_RATE must be a positive integer');
  return rate;
}

/** Every how many orders a guest follows one on its tracking socket. */
const guestEvery = 5;

/**
 * A socket subscribed to `channels`, timing each event whose order is one of `ours`.
 * @param {string} url  ws://…/api/v1/realtime…
 * @param {Record<string, string>} headers
 * @param {string[]} channels
 * @param {(event: { event_id: string, type: string, occurred_at: string, payload: { order_id?: string } }, at: number) => void} onEvent
 */
async function follow(url, headers, channels, onEvent) {
  const socket = new WebSocket(url, { headers });
  await once(socket, 'open');
  const subscribed = new Promise((resolve, reject) => {
    socket.on('message', (data) => {
      const at = Date.now();
      const message = JSON.parse(String(data));
      if (message.op === 'subscribed') resolve(undefined);
      else if (message.op === 'error')
        reject(new Error(`realtime ${channels.join(',')}: ${message.code} ${message.message}`));
      else if (message.op === 'event') onEvent(message.event, at);
    });
  });
  socket.send(JSON.stringify({ op: 'subscribe', channels }));
  await subscribed;
  return socket;
}

/**
 * @param {string} url
 * @param {{ method: string, headers: Record<string, string>, body: string }} init
 */
async function call(url, init) {
  const response = await fetch(url, init);
  return { status: response.status, body: response.ok ? await response.json() : await response.text() };
}

/**
 * One run per server: places the orders and returns the measurement of each family.
 * @param {import('./scenario.mjs').TargetContext} context
 */
async function runFeed({ url, settings }) {
  const base = /** @type {string} */ (url);
  const rate = feedRate();
  const count = rate * settings.duration;
  const { headers, body } = await orderRequest(base);
  const wsUrl = `${base.replace(/^http/, 'ws')}/api/v1/realtime`;
  /** @type {Set<string>} */
  const ours = new Set();
  // An event may arrive before the response that names its order: every one is kept, and
  // those of other orders (a trial, another scenario's) are left out when counting.
  /** @typedef {Map<string, { order: string, ms: number }>} Arrivals */
  /** @type {Record<'orders' | 'kitchen' | 'guest', Arrivals>} */
  const arrived = { orders: new Map(), kitchen: new Map(), guest: new Map() };
  const time =
    (/** @type {Arrivals} */ family) =>
    (
      /** @type {{ event_id: string, occurred_at: string, payload: { order_id?: string } }} */ event,
      /** @type {number} */ at,
    ) => {
      const order = event.payload.order_id;
      if (order && !family.has(event.event_id)) {
        family.set(event.event_id, { order, ms: at - Date.parse(event.occurred_at) });
      }
    };
  const ofOurs = (/** @type {Arrivals} */ family) =>
    [...family.values()].filter((arrival) => ours.has(arrival.order)).map((arrival) => arrival.ms);
  const staff = await follow(wsUrl, { authorization: headers.authorization }, ['staff'], (event, at) => {
    if (event.type.startsWith('orders.')) time(arrived.orders)(event, at);
    else if (event.type.startsWith('kitchen.')) time(arrived.kitchen)(event, at);
  });
  /** @type {WebSocket[]} */
  const guests = [];
  let expectedOrderEvents = 0;
  let expectedGuestEvents = 0;
  let failedRequests = 0;
  /** @param {number} n */
  const placeAndMove = async (n) => {
    const placed = await call(new URL(ordersPath, base).href, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
      body,
    });
    if (placed.status !== 201) {
      failedRequests++;
      return;
    }
    const order = /** @type {{ id: string, tracking_token: string }} */ (placed.body);
    ours.add(order.id);
    expectedOrderEvents += 2; // order_created, order_confirmed
    if (n % guestEvery === 0) {
      const token = encodeURIComponent(order.tracking_token);
      guests.push(
        await follow(`${wsUrl}?access_token=${token}`, {}, [`order:${order.id}`], time(arrived.guest)),
      );
    }
    const moved = await call(new URL(`${ordersPath}/${order.id}/status`, base).href, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ status: 'preparing' }),
    });
    if (moved.status !== 200) {
      failedRequests++;
      return;
    }
    expectedOrderEvents += 1;
    if (n % guestEvery === 0) expectedGuestEvents += 1;
  };
  try {
    const started = performance.now();
    /** @type {Promise<void>[]} */
    const inFlight = [];
    for (let n = 0; n < count; n++) {
      const wait = started + (n * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(placeAndMove(n));
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - started) / 1000;
    const deadline = Date.now() + 10_000;
    while (
      (ofOurs(arrived.orders).length < expectedOrderEvents ||
        ofOurs(arrived.guest).length < expectedGuestEvents) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Kitchen events follow from order events through a subscriber: give them a moment more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    /** @param {Arrivals} family @param {number | null} expected */
    const measurement = (family, expected) => {
      const latencies = ofOurs(family);
      return {
        requestsPerSecond: latencies.length / seconds,
        ...percentiles(latencies),
        errors: expected === null ? 0 : Math.max(0, expected - latencies.length) + failedRequests,
        non2xx: 0,
      };
    };
    return {
      orders: measurement(arrived.orders, expectedOrderEvents),
      kitchen:
        ofOurs(arrived.kitchen).length > 0
          ? measurement(arrived.kitchen, null)
          : new Error('no kitchen event about these orders reached the staff feed'),
      guest: measurement(arrived.guest, expectedGuestEvents),
    };
  } finally {
    staff.close();
    for (const guest of guests) guest.close();
  }
}

/** @type {Map<string, ReturnType<typeof runFeed>>} */
const runs = new Map();

/**
 * The measurement of one family of the server's run (started by whichever is asked first).
 * @param {'orders' | 'kitchen' | 'guest'} family
 * @returns {(context: import('./scenario.mjs').TargetContext) => Promise<import('./load.mjs').Measurement>}
 */
export function orderFeed(family) {
  return async (context) => {
    const key = /** @type {string} */ (context.url);
    if (!runs.has(key)) runs.set(key, runFeed(context));
    const result = (await /** @type {ReturnType<typeof runFeed>} */ (runs.get(key)))[family];
    if (result instanceof Error) throw result;
    return result;
  };
}
