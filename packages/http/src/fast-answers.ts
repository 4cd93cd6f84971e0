import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyBaseLogger } from 'fastify';
import { type DurationSeries, observeDuration, type RequestMetrics } from './metrics.js';
import { type Charge, type RateLimits, rateLimitHeaders } from './rate-limit.js';
import type { FastAnswer, FastAnswerer, RouteRateLimit } from './types.js';

export type { FastAnswer, FastAnswerer } from './types.js';

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Calls `then` with `value` now when it is known, or once its promise settles. */
function whenKnown<T, R>(value: T | Promise<T>, then: (known: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}

interface FastRoute {
  url: string;
  /** Matches the route's paths (one trailing slash and a query allowed), capturing its parameters. */
  pattern: RegExp;
  /** The parameters' names, in the order `pattern` captures them. */
  names: string[];
  rateLimit: RouteRateLimit | undefined;
  answer: FastAnswerer;
  /** The route's duration series for 200 and 304. */
  ok: DurationSeries;
  notModified: DurationSeries;
}

/**
 * The pattern of a route's paths: a `:name` segment captures a non-empty value without `%`
 * (percent-encoded values are left to the router, which decodes them).
 */
function pathPattern(url: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const segments = url.split('/').map((segment) => {
    if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(segment.slice(1));
    return '([^/?%]+)';
  });
  return { pattern: new RegExp(`^${segments.join('/')}/?(?:\\?.*)?$`), names };
}

/** pino's number for `info`. */
const infoLevel = 30;

export interface FastAnswersOptions {
  trustProxy: boolean;
  limits: RateLimits;
  requests: RequestMetrics;
  /** The request id the full pipeline would give this request (X-Request-ID or a new one). */
  requestIdOf: (raw: IncomingMessage) => string;
  /** The headers every data answer carries (security headers). */
  dataHeaders: Readonly<Record<string, string>>;
  strictTransport: string;
  /** Whether CORS is configured: a request with an Origin then takes the full pipeline. */
  cors: boolean;
  log: () => FastifyBaseLogger;
  closing: () => boolean;
}

/**
 * Answers from memory, before routing, the plain anonymous GETs of routes that declare a
 * `fastAnswer` (the guest menu): the same budget spent, the same headers, validators and
 * metrics as the full pipeline, without its per-request work (routing, hooks, validation,
 * serialisation). Everything else — a credential, an Origin under CORS, a body, a budget spent,
 * a 404 — goes the full way, which answers it as it always does.
 */
export function createFastAnswers(options: FastAnswersOptions) {
  const routes: FastRoute[] = [];
  const trustAll = () => true;
  const clientIp = (raw: IncomingMessage) =>
    options.trustProxy ? proxyAddr(raw, trustAll) : (raw.socket.remoteAddress ?? '');
  const overHttps = (raw: IncomingMessage) => {
    if ((raw.socket as { encrypted?: boolean }).encrypted) return true;
    const proto = raw.headers['x-forwarded-proto'];
    return options.trustProxy && typeof proto === 'string' && proto.split(',').at(-1)?.trim() === 'https';
  };

  function match(url: string): { route: FastRoute; params: Record<string, string> } | null {
    for (const route of routes) {
      const found = route.pattern.exec(url);
      if (found === null) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = found[index + 1]!;
      });
      return { route, params };
    }
    return null;
  }

  /** A header list as Node takes it straight (`[name, value]` pairs): no object built per answer. */
  type Head = [string, string][];
  const dataHead: Head = Object.entries(options.dataHeaders);
  /** The headers of an answer that do not change per request, built once per body. */
  const fixedHeads = new WeakMap<Buffer, { etag: string; ok: Head; notModified: Head }>();
  function fixedHeadsOf(found: FastAnswer) {
    let heads = fixedHeads.get(found.body);
    if (heads?.etag !== found.etag) heads = undefined;
    if (heads === undefined) {
      const validators: Head = [
        ['etag', found.etag],
        ['cache-control', found.cacheControl],
      ];
      heads = {
        etag: found.etag,
        ok: [
          ...dataHead,
          ...validators,
          ['content-type', found.contentType],
          ['content-length', String(found.body.length)],
        ],
        notModified: [...dataHead, ...validators],
      };
      fixedHeads.set(found.body, heads);
    }
    return heads;
  }

  /** Writes the answer, or returns false to leave the request to the full pipeline. */
  function send(raw: IncomingMessage, res: ServerResponse, found: FastAnswer, charge: Charge) {
    // Over budget: the full pipeline spends once more and answers 429 with its Retry-After.
    if (charge.spent.over) return false;
    const notModified = matchesEtag(raw.headers['if-none-match'], found.etag);
    const requestId = options.requestIdOf(raw);
    const head: Head = [['x-request-id', requestId], ...rateLimitHeaders(charge.limit, charge.spent)];
    if (overHttps(raw)) head.push(['strict-transport-security', options.strictTransport]);
    const fixed = fixedHeadsOf(found);
    res.writeHead(notModified ? 304 : 200, head.concat(notModified ? fixed.notModified : fixed.ok));
    res.end(notModified ? undefined : found.body);
    return requestId;
  }

  /**
   * Answers `raw` when the route has an answer and the caller budget left: synchronously when
   * both are known at once (in-process cache and counters), else once they are.
   */
  function answer(
    route: FastRoute,
    params: Record<string, string>,
    raw: IncomingMessage,
    res: ServerResponse,
  ): boolean | Promise<boolean> {
    const started = performance.now();
    const finish = (found: FastAnswer | null): boolean | Promise<boolean> => {
      if (!found) return false;
      const charge = options.limits.spend(route.rateLimit, {
        ip: clientIp(raw),
        url: route.url,
        params,
        user: null,
      });
      return whenKnown(charge, (known) => {
        const requestId = send(raw, res, found, known);
        if (requestId === false) return false;
        record(route, res.statusCode === 304, requestId, performance.now() - started);
        return true;
      });
    };
    return whenKnown(route.answer(params, raw.headers), finish);
  }

  function record(route: FastRoute, notModified: boolean, requestId: string, elapsedMs: number) {
    observeDuration(notModified ? route.notModified : route.ok, elapsedMs);
    // pino's level as a number: cheaper than isLevelEnabled, and read each time (it can change).
    const log = options.log() as FastifyBaseLogger & { levelVal: number };
    if (log.levelVal <= infoLevel) {
      log.info(
        {
          request_id: requestId,
          route: route.url,
          res: { statusCode: notModified ? 304 : 200 },
          responseTime: elapsedMs,
          fast: true,
        },
        'request completed',
      );
    }
  }

  return {
    /** Serves `url` (a route's full path, `:name` segments for parameters) from `config.fastAnswer`. */
    add(url: string, config: { rateLimit?: RouteRateLimit | false; fastAnswer: FastAnswerer }) {
      if (config.rateLimit === false) throw new Error(`A fast answer keeps a rate limit (${url})`);
      routes.push({
        url,
        ...pathPattern(url),
        rateLimit: config.rateLimit,
        answer: config.fastAnswer,
        ok: options.requests.series('GET', url, 200),
        notModified: options.requests.series('GET', url, 304),
      });
    },

    /** Answers `raw` from memory when it can; otherwise hands it to `next` (Fastify) untouched. */
    handle(
      raw: IncomingMessage,
      res: ServerResponse,
      next: (raw: IncomingMessage, res: ServerResponse) => void,
    ) {
      const { headers } = raw;
      const plain =
        raw.method === 'GET' &&
        routes.length > 0 &&
        raw.url?.startsWith('/') &&
        headers.authorization === undefined &&
        headers['x-api-key'] === undefined &&
        headers['content-length'] === undefined &&
        headers['transfer-encoding'] === undefined &&
        headers.upgrade === undefined &&
        !(options.cors && headers.origin !== undefined) &&
        !options.closing();
      const found = plain ? match(raw.url!) : null;
      if (!found) return next(raw, res);
      const failed = (error: unknown) => {
        options.log().warn({ err: error, route: found.route.url }, 'fast answer failed; answering in full');
        if (!res.headersSent) next(raw, res);
      };
      try {
        const answered = answer(found.route, found.params, raw, res);
        if (answered === false) next(raw, res);
        else if (answered !== true) answered.then((done) => done || next(raw, res), failed);
      } catch (error) {
        failed(error);
      }
    },
  };
}

export type FastAnswers = ReturnType<typeof createFastAnswers>;
