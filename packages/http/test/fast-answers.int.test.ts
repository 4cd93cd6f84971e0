import { PassThrough } from 'node:stream';
import { anonymousActor } from '@brigade/kernel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Authenticator } from '../src/access.js';
import type { FastAnswer } from '../src/fast-answers.js';
import type { IdempotencyStore } from '../src/idempotency.js';
import { problem, sendProblem } from '../src/problem.js';
import { createHttpServer } from '../src/server.js';

const route = '/api/v1/public/things/:name';
const ready: FastAnswer = {
  etag: '"thing-1"',
  cacheControl: 'public, no-cache',
  contentType: 'application/json; charset=utf-8',
  body: Buffer.from(JSON.stringify({ name: 'known', size: 'x'.repeat(2000) })),
};
/** A caller sending `Authorization: Bearer staff` is a signed-in user; anyone else is anonymous. */
const authenticate: Authenticator = async (request) =>
  request.headers.authorization === 'Bearer staff'
    ? { tenantId: null, actor: { ...anonymousActor, kind: 'user', id: 'staff-1', role: 'manager' } }
    : null;
const unusedIdempotency: IdempotencyStore = {
  claim: async () => ({ outcome: 'claimed' }),
  complete: async () => {},
  release: async () => {},
};

describe('fast answers: plain public GETs answered before routing', () => {
  let app: FastifyInstance;
  let base: string;
  let handled = 0;
  const logLines: Record<string, unknown>[] = [];
  let address = 0;
  /** A new client address per test, so that budgets do not carry over. */
  const newClient = () => `10.9.0.${++address}`;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

  beforeAll(async () => {
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
    });
    app = await createHttpServer({
      version: 'test',
      logLevel: 'info',
      logStream,
      bodyLimitBytes: 1_000_000,
      corsOrigins: [],
      trustProxy: true,
      slowRequestMs: 10_000,
      authenticate,
      idempotencyStore: unusedIdempotency,
      rateLimit: { userPerWindow: 1_000, ipPerWindow: 1_000, windowSeconds: 60 },
      checks: [],
    });
    app.get<{ Params: { name: string } }>(
      route,
      {
        config: {
          public: true,
          rateLimit: { ip: 5, windowSeconds: 60 },
          fastAnswer: ({ name }) => (name === 'known' ? ready : null),
        },
      },
      async (request, reply) => {
        handled += 1;
        if (request.params.name !== 'known') {
          return sendProblem(reply, problem(request, 404, 'thing_not_found', 'No such thing.'));
        }
        reply.header('ETag', ready.etag).header('Cache-Control', ready.cacheControl);
        if (request.headers['if-none-match'] === ready.etag) return reply.code(304).send();
        return reply.type(ready.contentType).send(ready.body);
      },
    );
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app?.close());

  it('answers a plain GET without the route handler, as the handler would', async () => {
    const client = newClient();
    const before = handled;
    const fast = await get('/api/v1/public/things/known', {
      'x-forwarded-for': client,
      'x-request-id': 'fast-1',
    });
    expect(handled).toBe(before);
    // A signed-in caller takes the full pipeline: the same answer from the handler.
    const full = await get('/api/v1/public/things/known', {
      'x-forwarded-for': client,
      authorization: 'Bearer staff',
    });
    expect(handled).toBe(before + 1);

    expect(fast.status).toBe(200);
    expect(full.status).toBe(200);
    expect(Buffer.from(await fast.arrayBuffer())).toEqual(ready.body);
    expect(Buffer.from(await full.arrayBuffer())).toEqual(ready.body);
    for (const name of [
      'content-type',
      'content-length',
      'etag',
      'cache-control',
      'content-security-policy',
      'x-content-type-options',
      'x-frame-options',
      'referrer-policy',
      'cross-origin-resource-policy',
      'ratelimit-limit',
      'ratelimit-reset',
    ]) {
      expect(fast.headers.get(name), name).toBe(full.headers.get(name));
    }
    expect(fast.headers.get('x-request-id')).toBe('fast-1');
    expect(fast.headers.get('strict-transport-security')).toBeNull();
    expect(fast.headers.get('ratelimit-remaining')).toBe('4');
  });

  it('answers 304 to a current If-None-Match, and serves a path with a query or a trailing slash', async () => {
    const client = newClient();
    const before = handled;
    const revalidated = await get('/api/v1/public/things/known', {
      'x-forwarded-for': client,
      'if-none-match': ready.etag,
    });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(ready.etag);
    expect((await get('/api/v1/public/things/known/?lang=es', { 'x-forwarded-for': client })).status).toBe(
      200,
    );
    expect(handled).toBe(before);
  });

  it('spends the route budget shared with the full pipeline, which answers 429 once it is spent', async () => {
    const client = newClient();
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++)
      statuses.push((await get('/api/v1/public/things/known', { 'x-forwarded-for': client })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await get('/api/v1/public/things/known', { 'x-forwarded-for': client });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address has its own budget.
    expect((await get('/api/v1/public/things/known', { 'x-forwarded-for': newClient() })).status).toBe(200);
  });

  it('leaves what it has no answer for to the route: 404 problem+json', async () => {
    const before = handled;
    const missing = await get('/api/v1/public/things/unknown', { 'x-forwarded-for': newClient() });
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe('thing_not_found');
    expect(handled).toBe(before + 1);
  });

  it('sends Strict-Transport-Security when the trusted proxy reports HTTPS', async () => {
    const secure = await get('/api/v1/public/things/known', {
      'x-forwarded-for': newClient(),
      'x-forwarded-proto': 'https',
    });
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('counts its answers in the request metrics and logs them at info', async () => {
    const count = async () => {
      const text = await (await get('/metrics')).text();
      const line = text
        .split('\n')
        .find(
          (entry) =>
            entry.startsWith('http_request_duration_seconds_count') &&
            entry.includes(`route="${route}"`) &&
            entry.includes('status_code="200"'),
        );
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const before = await count();
    await get('/api/v1/public/things/known', {
      'x-forwarded-for': newClient(),
      'x-request-id': 'fast-logged',
    });
    expect(await count()).toBe(before + 1);
    expect(logLines).toContainEqual(
      expect.objectContaining({ request_id: 'fast-logged', route, fast: true, message: 'request completed' }),
    );
  });
});
