import { randomUUID } from 'node:crypto';
import { defineModule } from '@brigade/kernel';
import { as, createTestApp, eventually, type TestApp } from '@brigade/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModule } from './fixture.module.js';

const tenant = randomUUID();
const writer = as({ tenantId: tenant, permissions: ['notes:write', 'notes:read'] });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    modules: [fixtureModule],
    bodyLimitBytes: 2048,
    corsOrigins: ['https://pos.example'],
    slowRequestMs: 100,
  });
});
afterAll(() => t?.close());

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:brigade:problem:${code}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.request_id).toBe(response.headers['x-request-id']);
  return body;
}

describe('errors are RFC 9457 problem+json', () => {
  it('404 for an unknown route', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'route_not_found');
  });

  it('400 for malformed JSON, and nothing is written', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notes',
      headers: { ...writer, 'content-type': 'application/json' },
      payload: '{"body": "x",',
    });
    expectProblem(response, 400, 'malformed_json');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/notes', headers: writer });
    expect(list.json().data).toEqual([]);
  });

  it('413 for an oversized body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notes',
      headers: { ...writer, 'content-type': 'application/json' },
      payload: JSON.stringify({ body: 'x'.repeat(5000) }),
    });
    expectProblem(response, 413, 'payload_too_large');
  });

  it('415 for an unsupported media type', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notes',
      headers: { ...writer, 'content-type': 'text/csv' },
      payload: 'body\nx',
    });
    expectProblem(response, 415, 'unsupported_media_type');
  });

  it('400 with one entry per invalid field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notes',
      headers: writer,
      payload: { body: '', extra: true },
    });
    const body = expectProblem(response, 400, 'validation_failed');
    const fields = (body.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toContain('body');
    expect(fields.some((field) => field === '(body)' || field === 'extra')).toBe(true);
  });

  it('400 for an invalid query parameter, naming it', async () => {
    const body = expectProblem(
      await t.app.inject({ method: 'GET', url: '/api/v1/slow?ms=abc' }),
      400,
      'validation_failed',
    );
    expect(body.errors).toEqual([expect.objectContaining({ field: 'querystring.ms' })]);
  });

  it('maps a domain error through the one status table, with its details', async () => {
    const body = expectProblem(
      await t.app.inject({ method: 'GET', url: '/api/v1/rule' }),
      422,
      'table_closed',
    );
    expect(body.details).toEqual({ table: 4 });
  });

  it('500 without internals on the wire, but logged with the request id', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/boom' });
    const body = expectProblem(response, 500, 'internal_error');
    expect(response.body).not.toMatch(/hunter2|postgres:|at .*\.ts/);
    const logged = t.logs.find((line) => line.request_id === body.request_id && line.level === 'error');
    expect(logged?.err).toBeDefined();
  });

  it('401 without credentials and 403 without the permission', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/notes' }), 401, 'unauthenticated');
    const reader = as({ tenantId: tenant, permissions: ['notes:read'] });
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/v1/notes', headers: reader, payload: { body: 'x' } }),
      403,
      'forbidden',
    );
  });

  it('a route that takes any one of several permissions admits each and refuses the rest', async () => {
    const get = (permissions: string[]) =>
      t.app.inject({ method: 'GET', url: '/api/v1/either', headers: as({ tenantId: tenant, permissions }) });
    expect((await get(['notes:write'])).statusCode).toBe(200);
    expect((await get(['notes:own'])).statusCode).toBe(200);
    const refused = expectProblem(await get(['notes:read']), 403, 'forbidden');
    expect(refused.detail).toContain("'notes:write' or 'notes:own'");
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/either' }), 401, 'unauthenticated');
    const routes = (await t.app.inject({ method: 'GET', url: '/routes' })).json().routes;
    expect(routes).toContainEqual({
      method: 'GET',
      url: '/api/v1/either',
      permission: 'notes:write|notes:own',
    });
  });
});

describe('request ids', () => {
  it('generates one, echoes it, and stamps every log line of the request', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = t.logs.filter((line) => line.request_id === id);
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it('accepts a well-formed X-Request-ID and ignores a malicious one', async () => {
    const accepted = await t.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'edge-1234.abc' },
    });
    expect(accepted.headers['x-request-id']).toBe('edge-1234.abc');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'bad id\n{"level":"fatal"}' },
    });
    expect(replaced.headers['x-request-id']).not.toContain('bad');
  });
});

describe('security headers and CORS', () => {
  it('sets the OWASP REST security headers on data, and the full set on pages', async () => {
    for (const url of ['/health', '/api/v1/notes', '/api/v1/nowhere']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.headers, url).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'referrer-policy': 'no-referrer',
      });
      // Plain HTTP: RFC 6797 §7.2 forbids Strict-Transport-Security.
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('sends Strict-Transport-Security over HTTPS only, as a trusted proxy reports it', async () => {
    const behindProxy = await createTestApp({ modules: [], trustProxy: true });
    try {
      const hsts = async (headers: Record<string, string>) =>
        (await behindProxy.app.inject({ method: 'GET', url: '/health', headers })).headers[
          'strict-transport-security'
        ];
      expect(await hsts({ 'x-forwarded-proto': 'https' })).toBe('max-age=31536000; includeSubDomains');
      expect(await hsts({ 'x-forwarded-proto': 'http' })).toBeUndefined();
      expect(await hsts({})).toBeUndefined();
      // An untrusting server ignores what the client claims.
      const direct = await t.app.inject({
        method: 'GET',
        url: '/health',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(direct.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await behindProxy.close();
    }
  });

  it('answers no CORS headers at all when no origin is configured (same-origin only)', async () => {
    const sameOrigin = await createTestApp({ modules: [] });
    try {
      const response = await sameOrigin.app.inject({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://pos.example' },
      });
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect(response.headers.vary).toBeUndefined();
    } finally {
      await sameOrigin.close();
    }
  });

  it('allows configured origins only', async () => {
    const preflight = {
      method: 'OPTIONS' as const,
      url: '/api/v1/notes',
      headers: { 'access-control-request-method': 'POST' },
    };
    const allowed = await t.app.inject({
      ...preflight,
      headers: { ...preflight.headers, origin: 'https://pos.example' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://pos.example');
    const refused = await t.app.inject({
      ...preflight,
      headers: { ...preflight.headers, origin: 'https://evil.example' },
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('logging', () => {
  it('redacts passwords, tokens, Authorization and card numbers', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      headers: { authorization: 'Bearer eyJhbGciOi.secret.token' },
      payload: { card: '4111 1111 1111 1111', password: 'Password@123' },
    });
    const text = JSON.stringify(t.logs);
    expect(text).not.toContain('4111 1111 1111 1111');
    expect(text).not.toContain('Password@123');
    expect(text).not.toContain('eyJhbGciOi.secret.token');
    expect(text).toContain('[card ****1111]');
  });

  it('redacts tokens carried in URLs (WebSocket sign-in)', async () => {
    await t.app.inject({ method: 'GET', url: '/health?access_token=eyJhbGciOi.secret.sig&x=1' });
    const text = JSON.stringify(t.logs);
    expect(text).not.toContain('eyJhbGciOi.secret.sig');
    expect(text).toContain('access_token=[redacted]');
  });

  it('warns about requests slower than the threshold', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/slow?ms=150' });
    // Logged by an onResponse hook, which may run after inject() has resolved.
    const warning = await eventually(
      () =>
        t.logs.find(
          (line) => line.message === 'slow request' && line.request_id === response.headers['x-request-id'],
        ),
      (line) => line !== undefined,
      2_000,
    ).catch(() => undefined);
    expect(warning).toMatchObject({ level: 'warn', route: '/api/v1/slow' });
  });
});

describe('operations', () => {
  it('/health answers while /ready reports each dependency', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.database.status).toBe('up');
    expect(ready.json().checks.cache.status).toBe(t.redis ? 'up' : 'not_configured');
  });

  it('/metrics exposes request durations by route and status, process, event loop and pool metrics', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/rule' });
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{.*route="\/api\/v1\/rule".*status_code="422"/,
    );
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/db_pool_total_connections \d+/);
    expect(text).toMatch(/db_pool_waiting_requests \d+/);
  });

  it('/routes lists every route with its access rule', async () => {
    const { routes } = (await t.app.inject({ method: 'GET', url: '/routes' })).json();
    expect(routes).toContainEqual({ method: 'POST', url: '/api/v1/notes', permission: 'notes:write' });
    expect(routes).toContainEqual(expect.objectContaining({ method: 'GET', url: '/health', public: true }));
  });

  it('/api/openapi.json is OpenAPI 3.1 with request and response schemas', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    const post = spec.paths['/api/v1/notes'].post;
    expect(post.requestBody.content['application/json'].schema.properties.body).toBeDefined();
    expect(post.responses['201']).toBeDefined();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});

describe('readiness', () => {
  it('answers 503 naming the dependency that is down', async () => {
    const broken = await createTestApp({
      modules: [],
      checks: [
        {
          name: 'broker',
          configured: true,
          check: async () => {
            throw new Error('connection refused');
          },
        },
      ],
    });
    try {
      const ready = await broken.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'unavailable',
        checks: { database: { status: 'up' }, broker: { status: 'down', error: 'connection refused' } },
      });
    } finally {
      await broken.close();
    }
  });
});

describe('deny by default', () => {
  it('refuses to register an /api route that declares no permission', async () => {
    const careless = defineModule({
      name: 'careless',
      create: () => ({
        service: {},
        routes: async (app: FastifyInstance) => {
          app.get('/open-by-mistake', async () => ({}));
        },
      }),
    });
    await expect(createTestApp({ modules: [careless] })).rejects.toThrow(
      'Route GET /api/v1/open-by-mistake declares no permission',
    );
  });
});
