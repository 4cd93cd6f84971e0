import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { z } from 'zod';

/** A dependency the process needs to serve: `check` resolves when it is usable. */
export interface ReadinessCheck {
  name: 'database' | 'broker' | 'cache' | (string & {});
  /** When false the dependency is not used in this topology and is reported as such. */
  configured: boolean;
  check(): Promise<void>;
}

export interface RouteInfo {
  method: string;
  url: string;
  permission?: string | undefined;
  public?: boolean | undefined;
}

const checkTimeoutMs = 2_000;

async function probe(check: ReadinessCheck) {
  if (!check.configured) return { status: 'not_configured' as const };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
      }),
    ]);
    return { status: 'up' as const, latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: 'down' as const, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const dependencyStatus = z.object({
  status: z.enum(['up', 'down', 'not_configured']),
  latency_ms: z.number().optional(),
  error: z.string().optional(),
});

const ops = { public: true, rateLimit: false } as const;

/** /health, /ready, /metrics and /routes. */
export async function opsRoutes(
  app: FastifyInstance,
  options: { checks: ReadinessCheck[]; registry: Registry; version: string; routes: () => RouteInfo[] },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/health',
    {
      config: ops,
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process is up',
        response: { 200: z.object({ status: z.literal('ok'), version: z.string(), uptime_s: z.number() }) },
      },
    },
    async () => ({ status: 'ok' as const, version: options.version, uptime_s: Math.round(process.uptime()) }),
  );

  typed.get(
    '/ready',
    {
      config: ops,
      schema: {
        tags: ['operations'],
        summary: 'Readiness: every dependency answers (503 otherwise)',
        response: {
          '2xx': z.object({ status: z.literal('ready'), checks: z.record(z.string(), dependencyStatus) }),
          503: z.object({ status: z.literal('unavailable'), checks: z.record(z.string(), dependencyStatus) }),
        },
      },
    },
    async (_request, reply) => {
      const results = await Promise.all(
        options.checks.map(async (check) => [check.name, await probe(check)] as const),
      );
      const checks = Object.fromEntries(results);
      if (results.some(([, result]) => result.status === 'down')) {
        return reply.code(503).send({ status: 'unavailable' as const, checks });
      }
      return { status: 'ready' as const, checks };
    },
  );

  app.get('/metrics', { config: ops, schema: { hide: true } }, async (_request, reply) => {
    reply.type(options.registry.contentType);
    return options.registry.metrics();
  });

  typed.get(
    '/routes',
    {
      config: ops,
      schema: {
        tags: ['operations'],
        summary: 'Every route this process serves',
        response: {
          200: z.object({
            routes: z.array(
              z.object({
                method: z.string(),
                url: z.string(),
                permission: z.string().optional(),
                public: z.boolean().optional(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ routes: options.routes() }),
  );
}
