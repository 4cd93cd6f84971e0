// The processes scenarios put under load, and the baseline targets they share. A scenario that
// uses these objects shares their process (started once per run) and their measurement.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const unlimited = '100000000';

/**
 * The built Brigade server (`npm run bench` builds it first) with rate limits out of the way.
 * Embedded on PGlite in a fresh data folder, or on the services named by DATABASE_URL,
 * REDIS_URL and AMQP_URL when the harness's environment sets them (it passes them through).
 * @type {import('./processes.mjs').ProcessSpec}
 */
export const brigadeServer = {
  name: 'brigade',
  argv: [process.execPath, `${root}apps/server/dist/main.js`, 'serve'],
  readyPath: '/ready',
  env: ({ scratchDir }) => ({
    DATA_DIR: scratchDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_IP_PER_MINUTE: unlimited,
    RATE_LIMIT_USER_PER_MINUTE: unlimited,
    AUTH_SIGN_IN_PER_IP_PER_MINUTE: unlimited,
    // The same demo restaurant on every topology (loading it twice is safe).
    SEED_DEMO_DATA: 'true',
    ...(process.env.DATABASE_URL ? { MIGRATE_ON_BOOT: 'true' } : {}),
  }),
};

/**
 * A script of bench/baselines/ as a process: it listens on HOST and PORT and answers GET /
 * once ready.
 * @param {string} name @param {string} script
 * @returns {import('./processes.mjs').ProcessSpec}
 */
export const baselineProcess = (name, script) => ({
  name,
  argv: [process.execPath, `${root}bench/baselines/${script}`],
  readyPath: '/',
});

export const helloFastify = baselineProcess('hello-fastify', 'hello-fastify.mjs');

/**
 * The HTTP ceiling on this machine: a bare Fastify 5 hello-world.
 * @type {import('./scenario.mjs').Target}
 */
export const helloWorld = {
  label: 'fastify hello-world GET /',
  server: helloFastify,
  request: { path: '/' },
};

/**
 * The floor of a Brigade JSON answer on this machine: node:http alone writing its headers and a
 * body of the public menu's size.
 * @type {import('./scenario.mjs').Target}
 */
export const bareAnswer = {
  label: 'bare node:http: the same headers, a 5 KB body',
  server: baselineProcess('bare-answer', 'bare-answer.mjs'),
  request: { path: '/' },
};

/**
 * The Brigade server on the embedded database whatever the harness's environment names: PGlite
 * in a fresh data folder, in-process events and cache (empty settings count as unset). The
 * same process as `brigadeServer` when nothing is named.
 * @type {import('./processes.mjs').ProcessSpec}
 */
export const embeddedBrigadeServer =
  process.env.DATABASE_URL || process.env.REDIS_URL || process.env.AMQP_URL
    ? {
        ...brigadeServer,
        name: 'brigade (embedded)',
        env: (context) => ({
          ...brigadeServer.env?.(context),
          DATABASE_URL: '',
          REDIS_URL: '',
          AMQP_URL: '',
          MIGRATE_ON_BOOT: '',
        }),
      }
    : brigadeServer;

/**
 * The raw-app ceiling of placing an order: Fastify + plain `pg` transactions writing the same
 * rows (baselines/orders-pg.mjs). Needs DATABASE_URL, migrated (by the Brigade server before it).
 */
export const ordersPgServer = baselineProcess('orders-pg', 'orders-pg.mjs');

/**
 * A process of its own for an overload: a steady rate above what a server answers leaves it
 * busy with the requests that were given up on (and their events) long after the measurement,
 * which would slow whatever target is measured next on the same process.
 * @param {import('./processes.mjs').ProcessSpec} spec
 * @returns {import('./processes.mjs').ProcessSpec}
 */
export const ownProcess = (spec) => ({ ...spec, name: `${spec.name} (own process)` });
