#!/usr/bin/env node
// Runs the integration suites (*.int.test.ts) against the real PostgreSQL, Redis and RabbitMQ
// (DESIGN.md §7). Each test file creates and drops a database of its own on that server.
// Extra arguments go to Vitest.
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  AMQP_URL: process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
};
console.log(
  `integration suites on ${env.DATABASE_URL} · ${env.REDIS_URL} · ${env.AMQP_URL.replace(/\/\/.*@/, '//…@')}`,
);
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const result = spawnSync(process.execPath, [vitest, 'run', '.int.test.ts', ...process.argv.slice(2)], {
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
