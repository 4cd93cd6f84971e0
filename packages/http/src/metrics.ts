import type { PoolStats } from '@brigade/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface MetricsOptions {
  registry: Registry;
  requests: RequestMetrics;
  poolStats?: (() => PoolStats) | undefined;
  /** Requests slower than this many milliseconds are logged as warnings. */
  slowRequestMs: number;
}

export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}

const durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** One series of the request-duration histogram: its labels and what it has counted. */
export interface DurationSeries {
  labels: { method: string; route: string; status_code: string };
  /** Observations per bucket (not cumulative); the last counts those above every bound. */
  counts: number[];
  sum: number;
  count: number;
}

function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let found = map.get(key);
  if (found === undefined) {
    found = make();
    map.set(key, found);
  }
  return found;
}

/** Counts one request that took `elapsedMs` in `series`. */
export function observeDuration(series: DurationSeries, elapsedMs: number) {
  const seconds = elapsedMs / 1000;
  let bucket = 0;
  while (bucket < durationBuckets.length && seconds > durationBuckets[bucket]!) bucket += 1;
  series.counts[bucket]! += 1;
  series.sum += seconds;
  series.count += 1;
}

/**
 * Request durations by method, route and status, exposed as the Prometheus histogram
 * `http_request_duration_seconds` in the registry. Counted here rather than by prom-client's
 * Histogram, which builds a label key string and walks a label object on every observation:
 * each request costs a few array increments, the exposition is built when scraped.
 */
export function createRequestMetrics(registry: Registry) {
  const name = 'http_request_duration_seconds';
  const help = 'HTTP request duration by method, route and status';
  /** route → method → status → series: found without building a key per request. */
  let routes = new Map<string, Map<string, Map<number, DurationSeries>>>();
  function series(method: string, route: string, status: number): DurationSeries {
    const statuses = entryOf(
      entryOf(routes, route, () => new Map()),
      method,
      () => new Map(),
    );
    return entryOf(statuses, status, () => ({
      labels: { method, route, status_code: String(status) },
      counts: new Array<number>(durationBuckets.length + 1).fill(0),
      sum: 0,
      count: 0,
    }));
  }
  function values() {
    const all: { value: number; labels: Record<string, string | number>; metricName: string }[] = [];
    for (const methods of routes.values()) {
      for (const statuses of methods.values()) {
        for (const { labels, counts, sum, count } of statuses.values()) {
          let cumulative = 0;
          durationBuckets.forEach((le, bucket) => {
            cumulative += counts[bucket]!;
            all.push({ value: cumulative, labels: { le, ...labels }, metricName: `${name}_bucket` });
          });
          all.push({ value: count, labels: { le: '+Inf', ...labels }, metricName: `${name}_bucket` });
          all.push({ value: sum, labels, metricName: `${name}_sum` });
          all.push({ value: count, labels, metricName: `${name}_count` });
        }
      }
    }
    return all;
  }
  // The registry takes any metric that answers get() and reset() (prom-client's own duck type).
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: values() }),
    reset: () => {
      routes = new Map();
    },
  };
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
  return {
    /** The series of one method, route and status, to count into with `observeDuration`. */
    series,
    observe(method: string, route: string, status: number, elapsedMs: number) {
      observeDuration(series(method, route, status), elapsedMs);
    },
  };
}

export type RequestMetrics = ReturnType<typeof createRequestMetrics>;

/** Request duration by route and status, DB pool gauges, and slow-request warnings. */
export const metricsPlugin = fp(
  async (app: FastifyInstance, options: MetricsOptions) => {
    const { registry, requests } = options;
    const { poolStats } = options;
    if (poolStats) {
      for (const [field, help] of [
        ['total', 'Connections open in the database pool'],
        ['idle', 'Idle connections in the database pool'],
        ['waiting', 'Requests waiting for a database connection'],
      ] as const) {
        new Gauge({
          name: `db_pool_${field}_connections`.replace('_waiting_connections', '_waiting_requests'),
          help,
          registers: [registry],
          collect() {
            this.set(poolStats()[field]);
          },
        });
      }
    }

    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const elapsedMs = reply.elapsedTime;
      requests.observe(request.method, route, reply.statusCode, elapsedMs);
      if (elapsedMs > options.slowRequestMs) {
        request.log.warn(
          { route, elapsed_ms: Math.round(elapsedMs), status_code: reply.statusCode },
          'slow request',
        );
      }
      done();
    });
  },
  { name: 'brigade-metrics' },
);
