import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerOptions } from 'node:http';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import { type Authenticator, accessPlugin } from './access.js';
import { createFastAnswers, type FastAnswers } from './fast-answers.js';
import { type IdempotencyStore, idempotencyPlugin } from './idempotency.js';
import { loggerOptions, requestChildLogger } from './logger.js';
import { createRegistry, createRequestMetrics, metricsPlugin } from './metrics.js';
import { opsRoutes, type ReadinessCheck, type RouteInfo } from './ops.js';
import { problem, sendProblem, toProblem } from './problem.js';
import { createRateLimits, type RateLimitOptions, rateLimitPlugin } from './rate-limit.js';
import './types.js';
import type { PoolStats } from '@brigade/db';

export interface HttpServerOptions {
  version: string;
  logLevel: string;
  /** Custom log destination (tests); stdout when absent. */
  logStream?: NodeJS.WritableStream | undefined;
  bodyLimitBytes: number;
  /** Allowed CORS origins; `*` allows any. Empty: same-origin only. */
  corsOrigins: string[];
  trustProxy: boolean;
  slowRequestMs: number;
  authenticate: Authenticator;
  idempotencyStore: IdempotencyStore;
  rateLimit: RateLimitOptions;
  checks: ReadinessCheck[];
  poolStats?: (() => PoolStats) | undefined;
  registry?: Registry;
}

const requestIdPattern = /^[\w.:-]{1,128}$/;

/** A request's id: the caller's X-Request-ID when it is a plain token, else a new UUID. */
function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
}

const pagePrefix = '/api/docs';

/**
 * OWASP REST Security Cheat Sheet: the headers a JSON API answer needs. Strict-Transport-Security
 * goes only on answers over HTTPS (`strictTransport`): RFC 6797 §7.2 forbids it over plain HTTP.
 */
export const dataHeaders = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
});
export const strictTransport = 'max-age=31536000; includeSubDomains';

/**
 * The Fastify instance every process serves: shared hooks for access, rate limits,
 * idempotency, errors as problem+json, metrics and operations routes. Modules add their
 * routes to it before `ready()`.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const logger: FastifyServerOptions['logger'] = {
    ...loggerOptions(options.logLevel),
    ...(options.logStream ? { stream: options.logStream } : {}),
  };
  const registry = options.registry ?? createRegistry();
  const requests = createRequestMetrics(registry);
  const limits = createRateLimits(options.rateLimit);
  // While shutting down, answer what is in flight and close each connection after its
  // response, so keep-alive clients cannot hold the process open.
  let closing = false;
  // Set once the app exists; the server only takes requests after that.
  let fast: FastAnswers | undefined;
  const app = Fastify({
    logger,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    childLoggerFactory: requestChildLogger,
    genReqId: requestIdOf,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    // Fastify's own HTTP server, with the fast answers in front of its router.
    serverFactory: (handler, settings) => {
      // Fastify's defaults, filled in by now; set on the server as Fastify does for its own.
      const timeouts = settings as unknown as {
        http?: ServerOptions;
        keepAliveTimeout: number;
        requestTimeout: number;
        connectionTimeout: number;
        maxRequestsPerSocket: number;
      };
      const server = createServer(timeouts.http ?? {}, (raw, res) =>
        fast ? fast.handle(raw, res, handler) : handler(raw, res),
      );
      server.keepAliveTimeout = timeouts.keepAliveTimeout;
      server.requestTimeout = timeouts.requestTimeout;
      server.setTimeout(timeouts.connectionTimeout);
      if (timeouts.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = timeouts.maxRequestsPerSocket;
      return server;
    },
  });
  fast = createFastAnswers({
    trustProxy: options.trustProxy,
    limits,
    requests,
    requestIdOf,
    dataHeaders,
    strictTransport,
    cors: options.corsOrigins.length > 0,
    log: () => app.log,
    closing: () => closing,
  });
  // Headers are checked, never rewritten: once a validator returns a value, Fastify's
  // `request.headers` copies every header into a new object on each read. No header schema
  // transforms (they only check `if-match`, `if-none-match`), so the raw headers are the same.
  app.setValidatorCompiler((route) => {
    const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
    if (route.httpPart !== 'headers') return validate;
    return (data: unknown) => {
      const result = validate(data) as { error?: Error };
      return result.error === undefined ? true : { error: result.error };
    };
  });
  app.setSerializerCompiler(serializerCompiler);

  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    if (route.config?.fastAnswer && [route.method].flat().includes('GET')) {
      fast!.add(route.url, { rateLimit: route.config.rateLimit, fastAnswer: route.config.fastAnswer });
    }
    if (route.method === 'HEAD' || route.url.startsWith('/api/docs/')) return;
    const config = route.config as { permission?: string | readonly string[]; public?: boolean } | undefined;
    // Any one of several permissions reads `a|b` in the route list.
    const permission = config?.permission === undefined ? undefined : [config.permission].flat().join('|');
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, permission, public: config?.public });
    }
  });

  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('Connection', 'close');
    done(null, payload);
  });

  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error, request);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status: body.status }, 'request rejected');
    const retryAfter = body.details?.retry_after_seconds;
    if (body.status === 429 && typeof retryAfter === 'number') reply.header('Retry-After', retryAfter);
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(
        request,
        404,
        'route_not_found',
        `No route for ${request.method} ${request.url.split('?')[0]}.`,
      ),
    ),
  );

  // Pages (the API docs, later the web app) get helmet's full set, built once: @fastify/helmet
  // rebuilds helmet's middleware on every request. Everything else is data (JSON, metrics) and
  // gets the OWASP REST set, precomputed: fewer bytes and calls on every answer (bench `health`).
  const pageHeaders = helmet({
    strictTransportSecurity: false,
    // The API docs page brings its own scripts and styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-ID', request.id);
    // HTTPS to this process, or to the trusted proxy in front of it (X-Forwarded-Proto).
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', strictTransport);
    if (!request.url.startsWith(pagePrefix)) {
      reply.headers(dataHeaders);
      return done();
    }
    pageHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  // No origins configured: same-origin only, so no CORS headers at all (not even Vary), and no
  // CORS hook on every request (a preflight is then answered 404 like any unknown route).
  if (options.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: options.corsOrigins.includes('*') ? true : options.corsOrigins,
      exposedHeaders: [
        'X-Request-ID',
        'Location',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'Retry-After',
      ],
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Brigade API',
        version: options.version,
        description: 'Multi-tenant restaurant platform. Errors are RFC 9457 application/problem+json.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(metricsPlugin, {
    registry,
    requests,
    poolStats: options.poolStats,
    slowRequestMs: options.slowRequestMs,
  });
  await app.register(accessPlugin, { authenticate: options.authenticate });
  await app.register(rateLimitPlugin, { limits });
  await app.register(idempotencyPlugin, { store: options.idempotencyStore });
  await app.register(opsRoutes, {
    checks: options.checks,
    registry,
    version: options.version,
    routes: () => routes,
  });
  return app;
}
