import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyBaseLogger } from 'fastify';
import type { RequestMetrics } from './metrics.js';
import { type RateLimits, rateLimitHeaders } from './rate-limit.js';
import type { FastAnswerer, RouteRateLimit } from './types.js';

export type { FastAnswer, FastAnswerer } from './types.js';

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

interface FastRoute {
  url: string;
  /** The path's segments; a `:name` segment captures that parameter. */
  segments: string[];
  rateLimit: RouteRateLimit | undefined;
  answer: FastAnswerer;
}

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
    const query = url.indexOf('?');
    let path = query === -1 ? url : url.slice(0, query);
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const segments = path.split('/');
    for (const route of routes) {
      if (route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matched = route.segments.every((expected, index) => {
        const actual = segments[index]!;
        if (!expected.startsWith(':')) return expected === actual;
        // Percent-encoded values are left to the router, which decodes them.
        if (actual === '' || actual.includes('%')) return false;
        params[expected.slice(1)] = actual;
        return true;
      });
      if (matched) return { route, params };
    }
    return null;
  }

  async function answer(
    route: FastRoute,
    params: Record<string, string>,
    raw: IncomingMessage,
    res: ServerResponse,
  ) {
    const started = performance.now();
    const found = await route.answer(params, raw.headers);
    if (!found) return false;
    const budget = await options.limits.spend(route.rateLimit, {
      ip: clientIp(raw),
      url: route.url,
      params,
      user: null,
    });
    // Over budget: the full pipeline spends once more and answers 429 with its Retry-After.
    if (budget.spent.over) return false;
    const notModified = matchesEtag(raw.headers['if-none-match'], found.etag);
    const requestId = options.requestIdOf(raw);
    res.writeHead(notModified ? 304 : 200, {
      'x-request-id': requestId,
      ...(overHttps(raw) ? { 'strict-transport-security': options.strictTransport } : {}),
      ...options.dataHeaders,
      ...rateLimitHeaders(budget.limit, budget.spent),
      etag: found.etag,
      'cache-control': found.cacheControl,
      ...(notModified ? {} : { 'content-type': found.contentType, 'content-length': found.body.length }),
    });
    res.end(notModified ? undefined : found.body);
    const elapsedMs = performance.now() - started;
    options.requests.observe('GET', route.url, res.statusCode, elapsedMs);
    const log = options.log() as FastifyBaseLogger & { isLevelEnabled(level: string): boolean };
    if (log.isLevelEnabled('info')) {
      log.info(
        {
          request_id: requestId,
          route: route.url,
          res: { statusCode: res.statusCode },
          responseTime: elapsedMs,
          fast: true,
        },
        'request completed',
      );
    }
    return true;
  }

  return {
    /** Serves `url` (a route's full path, `:name` segments for parameters) from `config.fastAnswer`. */
    add(url: string, config: { rateLimit?: RouteRateLimit | false; fastAnswer: FastAnswerer }) {
      if (config.rateLimit === false) throw new Error(`A fast answer keeps a rate limit (${url})`);
      routes.push({ url, segments: url.split('/'), rateLimit: config.rateLimit, answer: config.fastAnswer });
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
      answer(found.route, found.params, raw, res).then(
        (answered) => {
          if (!answered) next(raw, res);
        },
        (error: unknown) => {
          options.log().warn({ err: error, route: found.route.url }, 'fast answer failed; answering in full');
          if (!res.headersSent) next(raw, res);
        },
      );
    },
  };
}

export type FastAnswers = ReturnType<typeof createFastAnswers>;
