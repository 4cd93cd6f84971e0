import { randomUUID } from 'node:crypto';
import { as, createTestApp, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModule } from './fixture.module.js';

const tenant = randomUUID();
const user = (id: string) => as({ tenantId: tenant, userId: id, permissions: ['notes:read'] });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: [fixtureModule], rateLimit: { userPerWindow: 5, ipPerWindow: 12 } });
});
afterAll(() => t?.close());

const get = (url: string, headers: Record<string, string> = {}, ip = '127.0.0.1') =>
  t.app.inject({ method: 'GET', url, headers, remoteAddress: ip });

describe(`rate limits (${process.env.REDIS_URL ? 'Redis' : 'in-memory'} store)`, () => {
  it('gives each user a budget, then answers 429 problem+json with Retry-After', async () => {
    const alice = user(randomUUID());
    for (let index = 0; index < 5; index++) {
      const response = await get('/api/v1/notes', alice, '10.0.0.1');
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-limit']).toBe('5');
      expect(response.headers['ratelimit-remaining']).toBe(String(4 - index));
    }
    const refused = await get('/api/v1/notes', alice, '10.0.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json().code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another user from the same address still has a budget of their own.
    expect((await get('/api/v1/notes', user(randomUUID()), '10.0.0.1')).statusCode).toBe(200);
  });

  it('gives each client IP a budget across users and anonymous calls', async () => {
    const ip = '10.0.0.2';
    const statuses: number[] = [];
    for (let index = 0; index < 14; index++) {
      statuses.push(
        (await get('/health', {}, ip)).statusCode,
        (await get('/api/v1/rule', {}, ip)).statusCode,
      );
    }
    // /health is exempt; /api/v1/rule answers 422 until the IP's 12 are spent.
    expect(statuses.filter((_, index) => index % 2 === 0).every((status) => status === 200)).toBe(true);
    const rule = statuses.filter((_, index) => index % 2 === 1);
    expect(rule.slice(0, 12).every((status) => status === 422)).toBe(true);
    expect(rule.slice(12)).toEqual([429, 429]);
    expect((await get('/api/v1/rule', {}, '10.0.0.3')).statusCode).toBe(422);
  });

  it('honours per-route budgets', async () => {
    const ip = '10.0.0.4';
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await get('/api/v1/limited', {}, ip)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('gives each value of a path parameter (a table token) its own budget within the IP budget', async () => {
    const ip = '10.0.0.5';
    const table = (token: string) => get(`/api/v1/tables/${token}`, {}, ip);
    const first = [];
    for (let index = 0; index < 3; index++) first.push((await table('t-one')).statusCode);
    expect(first).toEqual([200, 200, 429]);
    const refused = await table('t-one');
    expect(refused.json().code).toBe('rate_limited');
    // Another table behind the same address has its own budget…
    expect((await table('t-two')).statusCode).toBe(200);
    expect((await table('t-two')).headers['ratelimit-remaining']).toBe('0');
    // …until the address's own ceiling (6) is spent.
    expect((await table('t-three')).statusCode).toBe(429);
  });
});
