import type { FastifyInstance, FastifyReply } from 'fastify';
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
export function rateLimitHeaders(limit: number, result: Spent): [name: string, value: string][] {
  return [
    ['ratelimit-limit', String(limit)],
    ['ratelimit-remaining', String(Math.max(0, result.remainingPoints))],
    ['ratelimit-reset', String(Math.ceil(result.msBeforeNext / 1000))],
  ];
}

function setHeaders(reply: FastifyReply, limit: number, result: Spent) {
  for (const [name, value] of rateLimitHeaders(limit, result)) reply.header(name, value);
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

  /**
   * Spends one point of each budget of `route` that applies to this caller, in turn: the client
   * address's, the path parameter value's (when the route names one) and the user's (when
   * signed in). Answers the first budget found spent, or else the tightest, for the headers.
   * Synchronous with in-process counters (no promise per request); a promise with Redis.
   */
  function spend(route: RouteRateLimit | undefined, caller: Caller): Charge | Promise<Charge> {
    const { ipLimit, ipLimiter, userLimit, userLimiter, param } = budgetsOf(route);
    const steps: Step[] = [{ limit: ipLimit, limiter: ipLimiter, key: caller.ip }];
    const value = param && caller.params?.[param.name];
    if (param && value)
      steps.push({ limit: param.limit, limiter: param.limiter, key: `${caller.url}:${value}` });
    if (caller.user) steps.push({ limit: userLimit, limiter: userLimiter, key: caller.user });
    return chargeFrom(steps, 0, null);
  }
  return { budgetsOf, spend, close };
}

/** Who a request spends for: its client address, its route and path parameters, its user. */
export interface Caller {
  ip: string;
  /** The route's pattern, e.g. `/api/v1/public/tables/:token/check`: parameter budgets are per route. */
  url: string | undefined;
  params: Record<string, string> | undefined;
  /** `<kind>:<id>` of a signed-in caller, or null. */
  user: string | null;
}

/** A budget and what one request's spend left of it (`spent.over`: it was already spent). */
export interface Charge {
  limit: number;
  spent: Spent;
}

interface Step {
  limit: number;
  limiter: Limiter;
  key: string;
}

function chargeFrom(steps: Step[], index: number, tightest: Charge | null): Charge | Promise<Charge> {
  const step = steps[index];
  if (!step) return tightest!;
  const next = (charge: Charge) => {
    if (charge.spent.over) return charge;
    const tighter =
      !tightest || charge.spent.remainingPoints < tightest.spent.remainingPoints ? charge : tightest;
    return chargeFrom(steps, index + 1, tighter);
  };
  const spent = step.limiter.consume(step.key);
  // With Redis the rest continues once the counter answers; in process it continues here.
  return isPromise(spent)
    ? spent.then((answered) => next({ limit: step.limit, spent: answered }))
    : next({ limit: step.limit, spent });
}

export type RateLimits = ReturnType<typeof createRateLimits>;

/**
 * Fixed-window budgets per client IP, per value of a path parameter (when the route names one)
 * and per user. A request spends one point of each budget that applies; the tighter one decides
 * the RateLimit-* headers. Over budget → 429 problem+json with Retry-After.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, { limits }: { limits: RateLimits }) => {
    app.addHook('onClose', (_app, done) => {
      limits.close();
      done();
    });

    /** Spends the route's budgets (a callback hook: in-process counters cost no promise). */
    app.addHook('onRequest', (request, reply, done) => {
      const route = request.routeOptions.config.rateLimit;
      if (route === false) return done();
      const { actor } = request.ctx;
      const apply = ({ limit, spent }: Charge) => {
        setHeaders(reply, limit, spent);
        if (!spent.over) return done();
        reply.header('Retry-After', Math.max(1, Math.ceil(spent.msBeforeNext / 1000)));
        sendProblem(
          reply,
          problem(request, 429, 'rate_limited', 'Too many requests; retry after the time in Retry-After.'),
        );
      };
      const charge = limits.spend(route, {
        // The address the access hook read (behind a trusted proxy, request.ip parses X-Forwarded-For).
        ip: request.ctx.client?.ip ?? request.ip,
        url: request.routeOptions.url,
        params: request.params as Record<string, string> | undefined,
        user: actor.id ? `${actor.kind}:${actor.id}` : null,
      });
      if (charge instanceof Promise) charge.then(apply, done);
      else apply(charge);
    });
  },
  { name: 'brigade-rate-limit', dependencies: ['brigade-access'] },
);
