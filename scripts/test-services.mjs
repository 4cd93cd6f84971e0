#!/usr/bin/env node
// Runs the integration suites (*.int.test.ts) against the real PostgreSQL, Redis and RabbitMQ
// (DESIGN.md §7). Each test file creates and drops a database of its own on that server.
// Extra arguments go to Vitest.
//
// Without file filters the run has two passes: every file but the broker-restart suite on
// two workers (the work is mostly waiting on the servers), then that suite alone, since it
// stops and starts the shared RabbitMQ under everyone's feet. A `--outputFile.json=` report is
// written per pass and merged into the file asked for.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

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
const exclusive = 'packages/messaging/test/rabbitmq.int.test.ts';
const args = process.argv.slice(2);
const jsonFlag = '--outputFile.json=';
const report = args.find((arg) => arg.startsWith(jsonFlag))?.slice(jsonFlag.length);
const passArgs = args.filter((arg) => !arg.startsWith(jsonFlag));

function run(files, extra, json) {
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', ...files, ...extra, ...passArgs, ...(json ? [`${jsonFlag}${json}`] : [])],
    { env, stdio: 'inherit' },
  );
  return result.status ?? 1;
}

if (args.some((arg) => !arg.startsWith('-'))) process.exit(run(['.int.test.ts'], [], report));

const passes = [
  { files: ['.int.test.ts'], extra: ['--maxWorkers=2', `--exclude=${exclusive}`] },
  { files: [exclusive], extra: [] },
].map((pass, index) => ({ ...pass, json: report && `${report}.pass${index + 1}` }));
const statuses = passes.map((pass) => run(pass.files, pass.extra, pass.json));

if (report) {
  const reports = passes.flatMap((pass) => {
    try {
      return [JSON.parse(readFileSync(pass.json, 'utf8'))];
    } catch {
      return []; // a pass that crashed wrote none; its exit status already fails the run
    } finally {
      rmSync(pass.json, { force: true });
    }
  });
  const sum = (key) => reports.reduce((total, part) => total + (part[key] ?? 0), 0);
  writeFileSync(
    report,
    JSON.stringify({
      numTotalTests: sum('numTotalTests'),
      numPassedTests: sum('numPassedTests'),
      numFailedTests: sum('numFailedTests'),
      numPendingTests: sum('numPendingTests'),
      numTotalTestSuites: sum('numTotalTestSuites'),
      success: reports.length === passes.length && reports.every((part) => part.success),
      testResults: reports.flatMap((part) => part.testResults ?? []),
    }),
  );
}
process.exit(statuses.find((status) => status !== 0) ?? 0);
