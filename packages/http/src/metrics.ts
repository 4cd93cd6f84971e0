import type { PoolStats } from '@brigade/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

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

/**
 * Request durations by method, route and status: one labelled child per series, looked up by a
 * plain key (prom-client checks a label object on every observe). Shared by the metrics hook and
 * the fast answers.
 */
export function createRequestMetrics(registry: Registry) {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const series = new Map<string, ReturnType<typeof duration.labels>>();
  return {
    observe(method: string, route: string, status: number, elapsedMs: number) {
      const key = `${method} ${status} ${route}`;
      let found = series.get(key);
      if (found === undefined) {
        found = duration.labels({ method, route, status_code: String(status) });
        series.set(key, found);
      }
      found.observe(elapsedMs / 1000);
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
