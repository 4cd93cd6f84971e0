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

/** One request's spend against a budget: what the RateLimit-* headers say. */
export interface Spent {
  remainingPoints: number;
  msBeforeNext: number;
  over: boolean;
}

/** A budget of `points` per `duration` seconds per key. */
interface Limiter {
  /** Synchronous in process, a promise when the counters are in Redis. */
  consume(key: string): Spent | Promise<Spent>;
  close(): void;
}

/**
 * Fixed windows in process: a window starts with a key's first request and lasts `duration`
 * seconds (rate-limiter-flexible's memory semantics), counted synchronously — no promise, no
 * timer per key: expired windows are swept once per window.
 */
export function memoryLimiter(points: number, duration: number, now: () => number = Date.now): Limiter {
  const windows = new Map<string, { consumed: number; endsAt: number }>();
  const windowMs = duration * 1000;
  const sweep = setInterval(() => {
    const at = now();
    for (const [key, window] of windows) if (window.endsAt <= at) windows.delete(key);
  }, windowMs);
  sweep.unref();
  return {
    consume(key) {
      const at = now();
      let window = windows.get(key);
      if (window === undefined || window.endsAt <= at) {
        window = { consumed: 0, endsAt: at + windowMs };
        windows.set(key, window);
      }
      window.consumed += 1;
      return {
        remainingPoints: Math.max(points - window.consumed, 0),
        msBeforeNext: window.endsAt - at,
        over: window.consumed > points,
      };
    },
    close: () => clearInterval(sweep),
  };
}

function redisLimiter(redis: Redis, points: number, duration: number, keyPrefix: string): Limiter {
  // When Redis is unreachable the in-process limiter stands in rather than failing requests.
  const insuranceLimiter = new RateLimiterMemory({ points, duration, keyPrefix });
  const limiter = new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, insuranceLimiter });
  const spent = (result: RateLimiterRes, over: boolean): Spent => ({
    remainingPoints: result.remainingPoints,
    msBeforeNext: result.msBeforeNext,
    over,
  });
  return {
    consume: (key) =>
      limiter.consume(key).then(
        (result) => spent(result, false),
        (rejection: unknown) => {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          return spent(rejection, true);
        },
      ),
    close() {},
  };
}

function limiterFactory(redis: Redis | undefined) {
  const cache = new Map<string, Limiter>();
  const limiter = (scope: 'user' | 'ip' | `param:${string}`, points: number, duration: number): Limiter => {
    const keyPrefix = `rl:${scope}:${points}:${duration}`;
    let found = cache.get(keyPrefix);
    if (!found) {
      found = redis ? redisLimiter(redis, points, duration, keyPrefix) : memoryLimiter(points, duration);
      cache.set(keyPrefix, found);
    }
    return found;
  };
  const close = () => {
    for (const found of cache.values()) found.close();
  };
  return { limiter, close };
}

/** The RateLimit-* headers of a spend against a budget of `limit`. */
export function rateLimitHeaders(limit: number, result: Spent) {
  return {
    'ratelimit-limit': limit,
    'ratelimit-remaining': Math.max(0, result.remainingPoints),
    'ratelimit-reset': Math.ceil(result.msBeforeNext / 1000),
  };
}

function setHeaders(reply: FastifyReply, limit: number, result: Spent) {
  reply.headers(rateLimitHeaders(limit, result));
}

const isPromise = (value: Spent | Promise<Spent>): value is Promise<Spent> => value instanceof Promise;

/** Codes (tables, orders) one address may serve at their full rate: a restaurant's Wi-Fi is one IP. */
export const guestCodesPerAddress = 20;

/**
 * The config of a public route named by a guest's code (its `:token` parameter): a budget per
 * code, so that guests sharing an address do not share a budget, and a ceiling per address of
 * `guestCodesPerAddress` codes' worth.
 */
export function guestRouteConfig(perCodePerMinute: number) {
  return {
    public: true,
    rateLimit: {
      ip: perCodePerMinute * guestCodesPerAddress,
      param: { name: 'token', limit: perCodePerMinute },
      windowSeconds: 60,
    },
  };
}

/**
 * The budgets of every route, and the counters behind them: one set per server, shared by the
 * rate-limit hook and the fast answers (so that both spend the same budget).
 */
export function createRateLimits(options: RateLimitOptions) {
  const { limiter, close } = limiterFactory(options.redis);
  /** The budgets of a route (or the defaults), looked up once per route rather than per request. */
  const defaults: RouteRateLimit = {};
  const budgets = new WeakMap<RouteRateLimit, ReturnType<typeof budgetsFor>>();
  function budgetsFor(route: RouteRateLimit) {
    const window = route.windowSeconds ?? options.windowSeconds;
    const ipLimit = route.ip ?? options.ipPerWindow;
    const userLimit = route.user ?? options.userPerWindow;
    return {
      ipLimit,
      ipLimiter: limiter('ip', ipLimit, window),
      userLimit,
      userLimiter: limiter('user', userLimit, window),
      param: route.param && {
        name: route.param.name,
        limit: route.param.limit,
        limiter: limiter(`param:${route.param.name}`, route.param.limit, window),
      },
    };
  }
  function budgetsOf(route: RouteRateLimit | undefined) {
    const key = route ?? defaults;
    let found = budgets.get(key);
    if (!found) {
      found = budgetsFor(key);
      budgets.set(key, found);
    }
    return found;
  }
  return { budgetsOf, close };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

/**
 * Fixed-window budgets per client IP, per value of a path parameter (when the route names one)
 * and per user. A request spends one point of each budget that applies; the tighter one decides
 * the RateLimit-* headers. Over budget → 429 problem+json with Retry-After.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, { limits }: { limits: RateLimits }) => {
    const { budgetsOf } = limits;
    app.addHook('onClose', (_app, done) => {
      limits.close();
      done();
    });

    /** Answers 429 when the budget is spent; returns whether it was. */
    function refused(request: FastifyRequest, reply: FastifyReply, limit: number, spent: Spent) {
      if (!spent.over) return false;
      setHeaders(reply, limit, spent);
      reply.header('Retry-After', Math.max(1, Math.ceil(spent.msBeforeNext / 1000)));
      sendProblem(
        reply,
        problem(request, 429, 'rate_limited', 'Too many requests; retry after the time in Retry-After.'),
      );
      return true;
    }

    /**
     * Spends one point of the IP budget, then of the user's (when signed in): the tighter one
     * decides the headers. A callback hook, so that in-process counters cost no promise.
     */
    app.addHook('onRequest', (request, reply, done) => {
      const route = request.routeOptions.config.rateLimit;
      if (route === false) return done();
      const { ipLimit, ipLimiter, userLimit, userLimiter, param } = budgetsOf(route);
      const { actor } = request.ctx;
      /** The tightest budget spent so far, for the headers. */
      let tightest: { limit: number; spent: Spent } | null = null;
      const note = (limit: number, spent: Spent) => {
        if (!tightest || spent.remainingPoints < tightest.spent.remainingPoints) tightest = { limit, spent };
      };
      const finish = () => {
        if (tightest) setHeaders(reply, tightest.limit, tightest.spent);
        done();
      };
      const afterUser = (user: Spent) => {
        if (refused(request, reply, userLimit, user)) return;
        note(userLimit, user);
        finish();
      };
      const spendUser = () => {
        if (!actor.id) return finish();
        const user = userLimiter.consume(`${actor.kind}:${actor.id}`);
        if (isPromise(user)) user.then(afterUser, done);
        else afterUser(user);
      };
      const afterParam = (spent: Spent) => {
        if (refused(request, reply, param!.limit, spent)) return;
        note(param!.limit, spent);
        spendUser();
      };
      const afterIp = (ip: Spent) => {
        if (refused(request, reply, ipLimit, ip)) return;
        note(ipLimit, ip);
        const value = param && (request.params as Record<string, string> | undefined)?.[param.name];
        if (!param || !value) return spendUser();
        const spent = param.limiter.consume(`${request.routeOptions.url}:${value}`);
        if (isPromise(spent)) spent.then(afterParam, done);
        else afterParam(spent);
      };
      // The address the access hook read (behind a trusted proxy, request.ip parses X-Forwarded-For).
      const ip = ipLimiter.consume(request.ctx.client?.ip ?? request.ip);
      if (isPromise(ip)) ip.then(afterIp, done);
      else afterIp(ip);
    });
  },
  { name: 'brigade-rate-limit', dependencies: ['brigade-access'] },
);
