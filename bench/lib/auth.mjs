// Sign-in helpers and the argon2 ceiling for the auth-* scenarios.
import { hash, verify } from '@node-rs/argon2';

export const demoRestaurantId = '11111111-1111-4111-8111-111111111111';
export const demoPassword = 'Password@123';
export const demoLogins = [
  'admin@brigade.example',
  'owner1',
  'manager1',
  'cashier1',
  'waiter1',
  'kitchen_staff1',
].map((name) => (name.includes('@') ? name : `${name}@spiceroute.example`));

/**
 * An access token of a demo staff member of Spice Route.
 * @param {string | undefined} url
 * @returns {Promise<string>}
 */
export async function signIn(url, email = 'manager1@spiceroute.example') {
  const response = await fetch(new URL('/api/v1/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: demoPassword }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return /** @type {{ access_token: string }} */ (await response.json()).access_token;
}

/**
 * A new API key of Spice Route with `permissions`, made by its demo owner.
 * @param {string | undefined} url
 * @param {string[]} permissions
 * @returns {Promise<string>}
 */
export async function apiKey(url, permissions) {
  const token = await signIn(url, 'owner1@spiceroute.example');
  const response = await fetch(new URL('/api/v1/api-keys', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: `bench-${Date.now()}`, permissions }),
  });
  if (!response.ok) throw new Error(`API key creation failed: ${response.status} ${await response.text()}`);
  return /** @type {{ key: string }} */ (await response.json()).key;
}

/**
 * argon2id verifications per second with the parameters sign-in uses (m = 19 MiB, t = 2,
 * p = 1), kept BENCH_CONNECTIONS at a time on libuv's threads: the ceiling of password sign-in.
 * @param {import('./scenario.mjs').TargetContext} context
 * @returns {Promise<import('./load.mjs').Measurement>}
 */
export async function measureArgon2({ settings }) {
  const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  const stored = await hash(demoPassword, options);
  /** @type {number[]} */
  const latencies = [];
  let running = true;
  const worker = async () => {
    while (running) {
      const started = performance.now();
      if (!(await verify(stored, demoPassword))) throw new Error('argon2 verify failed');
      latencies.push(performance.now() - started);
    }
  };
  const workers = Array.from({ length: settings.connections }, worker);
  await new Promise((resolve) => setTimeout(resolve, settings.warmup * 1000));
  latencies.length = 0;
  await new Promise((resolve) => setTimeout(resolve, settings.duration * 1000));
  const done = latencies.length;
  running = false;
  await Promise.all(workers);
  latencies.sort((a, b) => a - b);
  const at = (/** @type {number} */ q) =>
    Math.round(latencies[Math.min(done - 1, Math.floor(q * done))] ?? 0);
  return {
    requestsPerSecond: done / settings.duration,
    latencyP50: done ? at(0.5) : null,
    latencyP99: done ? at(0.99) : null,
    errors: 0,
    non2xx: 0,
  };
}
