import { randomUUID } from 'node:crypto';
import { as, createTestApp, platformAdmin, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModule } from './fixture.module.js';

const tenantA = randomUUID();
const tenantB = randomUUID();
const writerA = as({ tenantId: tenantA, permissions: ['notes:write', 'notes:read'] });
const writerB = as({ tenantId: tenantB, permissions: ['notes:write', 'notes:read'] });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: [fixtureModule] });
});
afterAll(() => t?.close());

const post = (headers: Record<string, string>, key: string | undefined, payload: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/notes',
    headers: { ...headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    payload,
  });

const notesOf = async (headers: Record<string, string>) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/notes', headers })).json().data as {
    id: string;
    body: string;
  }[];

describe(`Idempotency-Key (${process.env.REDIS_URL ? 'Redis' : 'database'} store)`, () => {
  it('50 parallel identical requests with one key create one resource', async () => {
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => post(writerA, key, { body: 'parallel', delay_ms: 50 })),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    for (const conflict of responses.filter((response) => response.statusCode === 409)) {
      expect(conflict.json().code).toBe('idempotency_in_progress');
    }
    const created = (await notesOf(writerA)).filter((note) => note.body === 'parallel');
    expect(created).toHaveLength(1);
    // Every 201 is the one creation or a replay of it.
    for (const response of responses.filter((r) => r.statusCode === 201)) {
      expect(response.json().id).toBe(created[0]?.id);
    }
  });

  it('replays the stored response for the same key and body', async () => {
    const key = randomUUID();
    const first = await post(writerA, key, { body: 'once' });
    const second = await post(writerA, key, { body: 'once' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect((await notesOf(writerA)).filter((note) => note.body === 'once')).toHaveLength(1);
  });

  it('answers 422 for the same key with another body, and writes nothing', async () => {
    const key = randomUUID();
    expect((await post(writerA, key, { body: 'first' })).statusCode).toBe(201);
    const reused = await post(writerA, key, { body: 'second' });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect((await notesOf(writerA)).some((note) => note.body === 'second')).toBe(false);
  });

  it('keeps keys per tenant: the same key in two tenants creates two resources', async () => {
    const key = randomUUID();
    expect((await post(writerA, key, { body: 'shared-key' })).statusCode).toBe(201);
    const other = await post(writerB, key, { body: 'shared-key' });
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await notesOf(writerB)).toHaveLength(1);
  });

  it('does not consume a key on a request that fails validation', async () => {
    const key = randomUUID();
    expect((await post(writerA, key, { body: '' })).statusCode).toBe(400);
    expect((await post(writerA, key, { body: 'valid now' })).statusCode).toBe(201);
  });

  it('rejects a malformed key', async () => {
    const response = await post(writerA, 'x'.repeat(300), { body: 'long key' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid_idempotency_key');
  });

  it('frees the key after a server error so the client can retry', async () => {
    const key = randomUUID();
    // The platform admin has no tenant, so the insert breaks the NOT NULL tenant column: a 500.
    const failed = await post(platformAdmin(), key, { body: 'fails' });
    expect(failed.statusCode).toBe(500);
    const again = await post(platformAdmin(), key, { body: 'fails' });
    expect(again.statusCode).toBe(500);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });
});
