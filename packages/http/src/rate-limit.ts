import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { problem, sendProblem } from './problem.js';
import type { RouteRateLimit } from './types.js';

export interface RateLimitOptions {
  /** Default budgets (seed 001 §6.3: 100/min per user, 1000/min per IP). */
  userPerWindow: number;
  ipPerWindow: number;
  windowSeconds: number;
  /** Shared counters across processes; in-process counters when absent. */
  redis?: Redis | undefined;
}

type Limiter = RateLimiterMemory | RateLimiterRedis;

function limiterFactory(redis: Redis | undefined) {
  const cache = new Map<string, Limiter>();
  return (scope: 'user' | 'ip', points: number, duration: number): Limiter => {
    const keyPrefix = `rl:${scope}:${points}:${duration}`;
    let limiter = cache.get(keyPrefix);
    if (!limiter) {
      const memory = new RateLimiterMemory({ points, duration, keyPrefix });
      // When Redis is unreachable the in-process limiter stands in rather than failing requests.
      limiter = redis
        ? new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, insuranceLimiter: memory })
        : memory;
      cache.set(keyPrefix, limiter);
    }
    return limiter;
  };
}

function setHeaders(reply: FastifyReply, limit: number, result: RateLimiterRes) {
  reply.header('RateLimit-Limit', limit);
  reply.header('RateLimit-Remaining', Math.max(0, result.remainingPoints));
  reply.header('RateLimit-Reset', Math.ceil(result.msBeforeNext / 1000));
}

/**
 * Fixed-window budgets per user and per client IP. A request spends one point of each budget
 * that applies; the tighter one decides the RateLimit-* headers. Over budget → 429
 * problem+json with Retry-After.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, options: RateLimitOptions) => {
    const limiter = limiterFactory(options.redis);

    async function spend(request: FastifyRequest, reply: FastifyReply, route: RouteRateLimit) {
      const window = route.windowSeconds ?? options.windowSeconds;
      const budgets: { limit: number; limiter: Limiter; key: string }[] = [
        {
          limit: route.ip ?? options.ipPerWindow,
          limiter: limiter('ip', route.ip ?? options.ipPerWindow, window),
          key: request.ip,
        },
      ];
      const { actor } = request.ctx;
      if (actor.id) {
        const limit = route.user ?? options.userPerWindow;
        budgets.push({ limit, limiter: limiter('user', limit, window), key: `${actor.kind}:${actor.id}` });
      }
      let tightest: { limit: number; result: RateLimiterRes } | undefined;
      for (const budget of budgets) {
        try {
          const result = await budget.limiter.consume(budget.key);
          if (!tightest || result.remainingPoints < tightest.result.remainingPoints) {
            tightest = { limit: budget.limit, result };
          }
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          setHeaders(reply, budget.limit, rejection);
          reply.header('Retry-After', Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
          return sendProblem(
            reply,
            problem(request, 429, 'rate_limited', 'Too many requests; retry after the time in Retry-After.'),
          );
        }
      }
      if (tightest) setHeaders(reply, tightest.limit, tightest.result);
    }

    app.addHook('onRequest', async (request, reply) => {
      const route = request.routeOptions.config.rateLimit;
      if (route === false) return;
      return spend(request, reply, route ?? {});
    });
  },
  { name: 'brigade-rate-limit', dependencies: ['brigade-access'] },
);
