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

/** @type {import('./processes.mjs').ProcessSpec} */
export const helloFastify = {
  name: 'hello-fastify',
  argv: [process.execPath, `${root}bench/baselines/hello-fastify.mjs`],
  readyPath: '/',
};

/**
 * The HTTP ceiling on this machine: a bare Fastify 5 hello-world.
 * @type {import('./scenario.mjs').Target}
 */
export const helloWorld = {
  label: 'fastify hello-world GET /',
  server: helloFastify,
  request: { path: '/' },
};
