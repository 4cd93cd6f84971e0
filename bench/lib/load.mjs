// Sends load with autocannon: a discarded warm-up, then the measured run.
import autocannon from 'autocannon';

/**
 * What autocannon sends. Fields other than `path` go to autocannon as they are.
 * @typedef {object} RequestSpec
 * @property {string} [path]  default `/`
 * @property {import('autocannon').Request['method']} [method]
 * @property {Record<string, string>} [headers]
 * @property {string} [body]
 * @property {import('autocannon').Request[]} [requests]  a sequence each connection loops over
 * @property {(client: import('autocannon').Client) => void} [setupClient]  customises each connection
 * @property {number[]} [expectedStatuses]  statuses outside 2xx that are the point of the target
 *   (a 304 revalidation, say): not counted as non-2xx
 */

/**
 * @typedef {object} Measurement
 * @property {number} requestsPerSecond  mean over the measured seconds
 * @property {number | null} latencyP50  milliseconds
 * @property {number | null} [latencyP95]  milliseconds, from measurements that keep every latency
 * @property {number | null} latencyP99  milliseconds
 * @property {number} errors  connection errors and timeouts
 * @property {number} non2xx  responses outside 2xx
 * @property {number[]} [rounds]  req/s of each round, when measured in interleaved rounds
 * @property {{ metric: string, unit: string, value: number, limit: number, met: boolean }[]} [budget]
 *   page-load metrics against their limits (the web scenarios)
 */

/**
 * @param {string} baseUrl
 * @param {RequestSpec} request
 * @param {import('./environment.mjs').Settings} settings
 * @returns {Promise<Measurement>}
 */
export async function runAutocannon(baseUrl, request, settings) {
  const { path = '/', expectedStatuses = [], ...options } = request;
  const { connections, duration, warmup } = settings;
  const result = await autocannon({
    ...options,
    url: new URL(path, baseUrl).href,
    connections,
    duration,
    ...(warmup > 0 ? { warmup: { connections, duration: warmup } } : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    errors: result.errors,
    non2xx:
      result.non2xx -
      expectedStatuses.reduce(
        (sum, status) =>
          sum + (result.statusCodeStats?.[/** @type {`${number}`} */ (String(status))]?.count ?? 0),
        0,
      ),
  };
}

/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? /** @type {number} */ (sorted[middle])
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/**
 * One measurement of a target measured in several rounds: the median round's req/s and p50
 * (a round that a noisy neighbour slowed does not move it), the worst round's p99, and every
 * error and non-2xx response of every round.
 * @param {Measurement[]} rounds
 * @returns {Measurement}
 */
export function combineRounds(rounds) {
  const known = (/** @type {(number | null)[]} */ values) => values.filter((value) => value !== null);
  const p50s = known(rounds.map((round) => round.latencyP50));
  const p99s = known(rounds.map((round) => round.latencyP99));
  return {
    requestsPerSecond: median(rounds.map((round) => round.requestsPerSecond)),
    latencyP50: p50s.length > 0 ? median(p50s) : null,
    latencyP99: p99s.length > 0 ? Math.max(...p99s) : null,
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    rounds: rounds.map((round) => round.requestsPerSecond),
  };
}
