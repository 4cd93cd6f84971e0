// The orders scenarios (issue 6 points 8 and 9): the request a staff member's order is, a
// steady-rate load with exact percentiles, and pgbench running the raw transaction.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signIn } from './auth.mjs';

export const demoSlug = 'spice-route';
export const ordersPath = '/api/v1/orders';

/**
 * @typedef {{ menu_item_id: string, variant_id?: string, option_ids: string[], quantity: number }} OrderLine
 * @typedef {{ channel: 'takeout', lines: OrderLine[] }} OrderBody
 */

/**
 * Three lines of the demo restaurant's live menu, each with modifiers: items that have modifier
 * groups, every group filled with its minimum (at least one option), the first variant when the
 * item has sizes. Read from the public menu, so prices and availability are the server's.
 * @param {string} url  the Brigade server
 * @returns {Promise<OrderBody>}
 */
export async function demoOrder(url) {
  const response = await fetch(new URL(`/api/v1/public/restaurants/${demoSlug}/menu`, url));
  if (!response.ok) throw new Error(`demo menu: ${response.status} ${await response.text()}`);
  const menu =
    /** @type {{ categories: { items: { id: string, variants: { id: string }[], modifier_group_ids: string[] }[] }[], modifier_groups: { id: string, min_select: number, max_select: number, options: { id: string, opens_group_id: string | null }[] }[] }} */ (
      await response.json()
    );
  const groups = new Map(menu.modifier_groups.map((group) => [group.id, group]));
  /** @param {string[]} groupIds */
  const optionsFor = (groupIds) =>
    groupIds.flatMap((id) => {
      const group = groups.get(id);
      if (!group) return [];
      // Options that open a nested group would need that group filled too: take plain ones.
      const plain = group.options.filter((option) => option.opens_group_id === null);
      const count = Math.min(Math.max(group.min_select, 1), group.max_select || 1, plain.length);
      return plain.slice(0, count).map((option) => option.id);
    });
  const items = menu.categories.flatMap((category) => category.items);
  const withModifiers = items.filter((item) => optionsFor(item.modifier_group_ids).length > 0);
  if (withModifiers.length === 0) throw new Error('the demo menu has no item with modifiers');
  const lines = [0, 1, 2].map((n) => {
    const item = /** @type {(typeof items)[number]} */ (withModifiers[n % withModifiers.length]);
    return {
      menu_item_id: item.id,
      ...(item.variants.length > 0
        ? { variant_id: /** @type {{ id: string }} */ (item.variants[0]).id }
        : {}),
      option_ids: optionsFor(item.modifier_group_ids),
      quantity: n + 1,
    };
  });
  return { channel: 'takeout', lines };
}

/**
 * An order body of the same shape and size as `demoOrder`'s (three lines with modifiers), for
 * the raw-app baseline, which reads only its ids and quantities.
 */
export const syntheticOrder = () =>
  JSON.stringify({
    channel: 'takeout',
    lines: [1, 2, 3].map((quantity) => ({
      menu_item_id: randomUUID(),
      option_ids: [randomUUID(), randomUUID()],
      quantity,
    })),
  });

/**
 * Stocks every demo ingredient deep enough for any run: orders consume their recipes, and an
 * ingredient that ran out would 86 its dishes and turn the load into 422s.
 * @param {string} url
 * @param {string} token
 */
async function restockDemo(url, token) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const listed = await fetch(new URL('/api/v1/inventory/items?limit=200', url), { headers });
  if (!listed.ok) throw new Error(`inventory items: ${listed.status} ${await listed.text()}`);
  const { data } = /** @type {{ data: { id: string }[] }} */ (await listed.json());
  for (const ingredient of data) {
    const stocked = await fetch(new URL('/api/v1/inventory/stock-in', url), {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ ingredient_id: ingredient.id, quantity: 1_000_000, note: 'bench' }),
    });
    if (!stocked.ok) throw new Error(`stock-in: ${stocked.status} ${await stocked.text()}`);
  }
}

/**
 * What a staff order is: the demo manager's token, the three-line takeout order and a new
 * Idempotency-Key on every request (so every request places an order).
 * @param {string} url
 */
export async function orderRequest(url) {
  const token = await signIn(url);
  await restockDemo(url, token);
  const body = JSON.stringify(await demoOrder(url));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  // A trial order: a failure here names its cause instead of a table of non-2xx.
  const trial = await fetch(new URL(ordersPath, url), {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': randomUUID() },
    body,
  });
  if (trial.status !== 201) throw new Error(`POST ${ordersPath}: ${trial.status} ${await trial.text()}`);
  return { headers, body };
}

/**
 * The autocannon request for `orderRequest`: each request gets its own Idempotency-Key.
 * @param {string} url
 * @returns {Promise<import('./load.mjs').RequestSpec>}
 */
export async function orderLoad(url) {
  const { headers, body } = await orderRequest(url);
  return {
    path: ordersPath,
    requests: [
      {
        method: 'POST',
        path: ordersPath,
        headers,
        body,
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'idempotency-key': randomUUID() },
        }),
      },
    ],
  };
}

/**
 * p-th quantile of sorted values (nearest rank), or null when there are none.
 * @param {number[]} sorted @param {number} q
 */
export const quantile = (sorted, q) =>
  sorted.length === 0
    ? null
    : /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);

/**
 * @param {number[]} latencies  milliseconds
 * @returns {Pick<import('./load.mjs').Measurement, 'latencyP50' | 'latencyP95' | 'latencyP99'>}
 */
export function percentiles(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (/** @type {number | null} */ value) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    latencyP50: round(quantile(sorted, 0.5)),
    latencyP95: round(quantile(sorted, 0.95)),
    latencyP99: round(quantile(sorted, 0.99)),
  };
}

/** Orders per second of the steady runs (issue 6: p99 ≤ 25 ms at 300 orders/s). */
export function steadyRate() {
  const rate = Number(process.env.BENCH_ORDER_RATE ?? 300);
  if (!Number.isInteger(rate) || rate < 1) throw new Error('BENCH_ORDER_RATE must be a positive integer');
  return rate;
}

/**
 * An open-loop load: requests start on schedule, `rate` per second, whether or not earlier
 * ones have answered (no coordinated omission: a stall shows in the latencies), over keep-alive
 * connections (at most `settings.connections`). Latency runs from the scheduled start.
 * @param {object} options
 * @param {string} options.url
 * @param {import('./environment.mjs').Settings} options.settings
 * @param {number} options.rate
 * @param {string} options.path
 * @param {Record<string, string>} options.headers
 * @param {string} options.body
 * @param {number} [options.expectedStatus]
 * @returns {Promise<import('./load.mjs').Measurement>}
 */
export async function steadyLoad({ url, settings, rate, path, headers, body, expectedStatus = 201 }) {
  const agent = new Agent({ keepAlive: true, maxSockets: settings.connections });
  /** @param {number} seconds @param {boolean} keep */
  const run = async (seconds, keep) => {
    // A server slower than the rate falls behind without bound: 15 s after the last request
    // was due, whatever has not answered is given up (counted as errors).
    const giveUp = new AbortController();
    const send = poster(agent, new URL(path, url), headers, body, giveUp.signal);
    const count = Math.round(rate * seconds);
    const started = performance.now();
    const deadline = setTimeout(() => giveUp.abort(), seconds * 1000 + 15_000);
    /** @type {Promise<{ status: number, ms: number }>[]} */
    const inFlight = [];
    for (let n = 0; n < count; n++) {
      const due = started + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(send(due));
    }
    const results = await Promise.all(inFlight);
    clearTimeout(deadline);
    const elapsed = (performance.now() - started) / 1000;
    return keep ? { results, elapsed } : null;
  };
  try {
    if (settings.warmup > 0) await run(settings.warmup, false);
    const measured = /** @type {{ results: { status: number, ms: number }[], elapsed: number }} */ (
      await run(settings.duration, true)
    );
    return summarize(measured.results, measured.elapsed, expectedStatus);
  } finally {
    agent.destroy();
  }
}

/**
 * A closed loop: `settings.connections` clients each send the next request when the last one
 * answered, for the warm-up (discarded), then for the measured seconds; requests still running
 * when a phase ends are awaited and belong to it. Unlike autocannon's warm-up, nothing of the
 * warm-up is left queued on the server when the measured run starts (which matters for a
 * server that answers a few requests a second).
 * @param {object} options
 * @param {string} options.url
 * @param {import('./environment.mjs').Settings} options.settings
 * @param {string} options.path
 * @param {Record<string, string>} options.headers
 * @param {string} options.body
 * @param {number} [options.expectedStatus]
 * @returns {Promise<import('./load.mjs').Measurement>}
 */
export async function closedLoad({ url, settings, path, headers, body, expectedStatus = 201 }) {
  const agent = new Agent({ keepAlive: true, maxSockets: settings.connections });
  const send = poster(agent, new URL(path, url), headers, body);
  /** @param {number} seconds */
  const run = async (seconds) => {
    const started = performance.now();
    const until = started + seconds * 1000;
    /** @type {{ status: number, ms: number }[]} */
    const results = [];
    const client = async () => {
      while (performance.now() < until) results.push(await send(performance.now()));
    };
    await Promise.all(Array.from({ length: settings.connections }, client));
    return { results, elapsed: (performance.now() - started) / 1000 };
  };
  try {
    if (settings.warmup > 0) await run(settings.warmup);
    const measured = await run(settings.duration);
    return summarize(measured.results, measured.elapsed, expectedStatus);
  } finally {
    agent.destroy();
  }
}

/**
 * @param {{ status: number, ms: number }[]} results  status 0: no answer
 * @param {number} elapsed  seconds
 * @param {number} expectedStatus
 * @returns {import('./load.mjs').Measurement}
 */
function summarize(results, elapsed, expectedStatus) {
  const answered = results.filter((result) => result.status !== 0);
  const ok = answered.filter((result) => result.status === expectedStatus);
  return {
    requestsPerSecond: ok.length / elapsed,
    ...percentiles(ok.map((result) => result.ms)),
    errors: results.length - answered.length,
    non2xx: answered.length - ok.length,
  };
}

/**
 * Sends `body` to `target` with a new Idempotency-Key each time; resolves with the status (0
 * for no answer: a connection error or 10 s without one) and the milliseconds since `from`.
 * @param {Agent} agent @param {URL} target @param {Record<string, string>} headers @param {string} body
 * @param {AbortSignal} [signal]  aborts every request still running
 * @returns {(from: number) => Promise<{ status: number, ms: number }>}
 */
function poster(agent, target, headers, body, signal = new AbortController().signal) {
  const payload = Buffer.from(body);
  return (scheduled) =>
    new Promise((resolve) => {
      const request = httpRequest(
        target,
        {
          method: 'POST',
          agent,
          signal,
          headers: {
            ...headers,
            'idempotency-key': randomUUID(),
            'content-length': String(payload.length),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, ms: performance.now() - scheduled }),
          );
        },
      );
      request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
      request.on('error', () => resolve({ status: 0, ms: performance.now() - scheduled }));
      request.end(payload);
    });
}

const execFileAsync = promisify(execFile);

/**
 * The database ceiling: pgbench running `script` (one transaction) on DATABASE_URL with
 * BENCH_CONNECTIONS clients on 2 threads for BENCH_DURATION seconds. Transactions per second in
 * the req/s column; p50/p95/p99 from pgbench's per-transaction log; failed transactions as errors.
 * @param {string} script  pgbench script text
 * @param {import('./environment.mjs').Settings} settings
 * @returns {Promise<import('./load.mjs').Measurement>}
 */
export async function runPgbench(script, settings) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('pgbench needs DATABASE_URL');
  const scratch = await mkdtemp(join(tmpdir(), 'brigade-bench-pgbench-'));
  try {
    const file = join(scratch, 'order.sql');
    await writeFile(file, script);
    const common = ['-n', '-M', 'extended', '-f', file, '-c', String(settings.connections), '-j', '2'];
    const env = { ...process.env, PGOPTIONS: '-c client_min_messages=warning' };
    if (settings.warmup > 0) {
      await execFileAsync('pgbench', [...common, '-T', String(settings.warmup), url], { env });
    }
    const { stdout } = await execFileAsync(
      'pgbench',
      [...common, '-T', String(settings.duration), '-l', '--log-prefix', join(scratch, 'tx'), url],
      { env, maxBuffer: 1 << 22 },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    /** @type {number[]} */
    const latencies = [];
    for (const name of (await readdir(scratch)).filter((entry) => entry.startsWith('tx'))) {
      for (const line of (await readFile(join(scratch, name), 'utf8')).split('\n')) {
        // client_id transaction_no time_us script_no time_epoch time_us
        const fields = line.split(' ');
        if (fields.length >= 3) latencies.push(Number(fields[2]) / 1000);
      }
    }
    return { requestsPerSecond: Number(tps[1]), ...percentiles(latencies), errors: failed, non2xx: 0 };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
