// What a run measures with and on: load settings from the environment, the topology the Brigade
// server runs on, and the machine (recorded beside the results so runs can be compared).
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';

/**
 * @typedef {object} Settings
 * @property {number} duration  seconds measured per target
 * @property {number} connections  concurrent connections
 * @property {number} warmup  seconds of load sent first and discarded
 * @property {number} rounds  rounds an interleaved scenario splits each target's seconds into
 */

/**
 * @param {string} variable
 * @param {string | undefined} value
 * @param {number} fallback
 * @param {number} min
 */
function integer(variable, value, fallback, min) {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new Error(`${variable} must be an integer >= ${min} (got "${value}")`);
  }
  return parsed;
}

/**
 * @param {Record<string, string | undefined>} env
 * @returns {Settings}
 */
export function readSettings(env) {
  return {
    duration: integer('BENCH_DURATION', env.BENCH_DURATION, 10, 1),
    connections: integer('BENCH_CONNECTIONS', env.BENCH_CONNECTIONS, 50, 1),
    warmup: integer('BENCH_WARMUP', env.BENCH_WARMUP, 2, 0),
    rounds: integer('BENCH_ROUNDS', env.BENCH_ROUNDS, 5, 1),
  };
}

const services = /** @type {const} */ ([
  ['DATABASE_URL', 'postgres'],
  ['REDIS_URL', 'redis'],
  ['AMQP_URL', 'rabbitmq'],
]);

/**
 * `embedded`, or the real services the server is pointed at, e.g. `postgres+redis+rabbitmq`.
 * @param {Record<string, string | undefined>} env
 */
export function topologyOf(env) {
  const used = services.filter(([variable]) => env[variable]).map(([, service]) => service);
  return used.length === 0 ? 'embedded' : used.join('+');
}

/** The short commit of the work tree, or null outside a git checkout. */
function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return null;
  }
}

export function machineInfo() {
  return {
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    commit: gitCommit(),
  };
}
