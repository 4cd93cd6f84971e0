import { createHash } from 'node:crypto';
import type { TestApp } from '@brigade/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKey, AuditEntry, TokenResponse } from '../src/contract/index.js';
import {
  bearer,
  createIdentityApp,
  login,
  manualClock,
  password,
  platformAdminLogin,
  restaurantWithOwner,
  staffMember,
} from './support/identity-app.js';

/**
 * Issue 4 §4–§5: API keys (seed 001 §6.4) — scoped to a restaurant and to permissions, shown
 * once, stored hashed, revocable, last use tracked — and the append-only security audit log.
 */

const clock = manualClock();
let t: TestApp;
let a: Awaited<ReturnType<typeof restaurantWithOwner>>;
let b: Awaited<ReturnType<typeof restaurantWithOwner>>;
let manager: Awaited<ReturnType<typeof staffMember>>;
let waiter: Awaited<ReturnType<typeof staffMember>>;
let admin: TokenResponse;

beforeAll(async () => {
  t = await createIdentityApp({ clock });
  a = await restaurantWithOwner(t, 'keys-a');
  b = await restaurantWithOwner(t, 'keys-b');
  manager = await staffMember(t, a.ownerToken, 'manager', 'manager@keys-a.example');
  waiter = await staffMember(t, a.ownerToken, 'waiter', 'waiter@keys-a.example');
  admin = await platformAdminLogin(t);
}, 60_000);
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers,
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });
const withKey = (key: string) => ({ 'x-api-key': key });
const keyRow = async (id: string) => {
  const [row] = await t.db.admin.query<Record<string, unknown>>(
    'select * from identity.api_keys where id = $1',
    [id],
  );
  return row;
};
const keyCount = async () => {
  const [row] = await t.db.admin.query<{ n: number }>('select count(*)::int as n from identity.api_keys');
  return row!.n;
};
const createKey = async (token: string, body: Record<string, unknown>) => {
  const response = await call('POST', '/api/v1/api-keys', bearer(token), body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as ApiKey & { key: string };
};

describe('API keys', () => {
  it('the owner creates a key, shown once, stored only as a hash', async () => {
    const response = await call('POST', '/api/v1/api-keys', bearer(a.ownerToken), {
      name: 'POS integration',
      permissions: ['restaurants:read', 'menu:read', 'restaurants:read'],
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as ApiKey & { key: string };
    expect(response.headers.location).toBe(`/api/v1/api-keys/${created.id}`);
    expect(created).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{12}$/),
      tenant_id: a.tenantId,
      name: 'POS integration',
      permissions: ['menu:read', 'restaurants:read'],
      created_by: a.owner.user.id,
      created_at: clock.now().toISOString(),
      expires_at: null,
      revoked_at: null,
      last_used_at: null,
      key: expect.stringMatching(/^brg_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/),
    });
    const [, id, secret] = /^brg_([a-z0-9]{12})_(.+)$/.exec(created.key)!;
    expect(id).toBe(created.id);

    // Never shown again.
    const listed = await call('GET', '/api/v1/api-keys', bearer(a.ownerToken));
    expect(listed.statusCode).toBe(200);
    const keys = listed.json().data as Record<string, unknown>[];
    expect(keys.map((key) => key.id)).toEqual([created.id]);
    expect(keys[0]).not.toHaveProperty('key');
    expect(keys[0]).not.toHaveProperty('secret_hash');
    expect(listed.body).not.toContain(secret!);

    // Stored as SHA-256 of the secret only: no column holds the key or any part of its secret.
    const row = await keyRow(created.id);
    expect(row!.secret_hash).toBe(createHash('sha256').update(secret!).digest('base64url'));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(secret!);
    expect(stored).not.toContain(secret!.slice(0, 16));
    expect(stored).not.toContain(secret!.slice(-16));
    expect(created.key).not.toContain(String(row!.secret_hash));
    expect(JSON.stringify(t.logs)).not.toContain(secret!);
  });

  it('a key acts for its restaurant with exactly its permissions, and its last use is recorded', async () => {
    const created = await createKey(a.ownerToken, { name: 'reader', permissions: ['restaurants:read'] });
    expect((await keyRow(created.id))!.last_used_at).toBeNull();

    const restaurants = await call('GET', '/api/v1/restaurants', withKey(created.key));
    expect(restaurants.statusCode, restaurants.body).toBe(200);
    expect(restaurants.json().data.map((r: { id: string }) => r.id)).toEqual([a.tenantId]);
    const other = await call('GET', `/api/v1/restaurants/${b.tenantId}`, withKey(created.key));
    expect(other.statusCode).toBe(404);

    for (const url of ['/api/v1/users', '/api/v1/api-keys', '/api/v1/audit-log', '/api/v1/auth/me']) {
      const refused = await call('GET', url, withKey(created.key));
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().code).toBe('forbidden');
    }
    const write = await call('PATCH', `/api/v1/restaurants/${a.tenantId}`, withKey(created.key), {
      description: 'by a key',
    });
    expect(write.statusCode).toBe(403);

    const row = await keyRow(created.id);
    expect(row!.last_used_at).toEqual(clock.now());
    const listed = (await call('GET', '/api/v1/api-keys', bearer(a.ownerToken))).json().data as ApiKey[];
    expect(listed.find((key) => key.id === created.id)!.last_used_at).toBe(clock.now().toISOString());

    clock.advanceSeconds(120);
    await call('GET', '/api/v1/restaurants', withKey(created.key));
    expect((await keyRow(created.id))!.last_used_at).toEqual(clock.now());
  });

  it('only the owner manages keys, and only with permissions they hold', async () => {
    const before = await keyCount();
    for (const token of [manager.token, waiter.token]) {
      const refused = await call('POST', '/api/v1/api-keys', bearer(token), {
        name: 'sneaky',
        permissions: ['restaurants:read'],
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('forbidden');
    }
    for (const permissions of [
      ['restaurants:create'],
      ['restaurants:read', 'signing_keys:rotate'],
      ['made:up'],
    ]) {
      const refused = await call('POST', '/api/v1/api-keys', bearer(a.ownerToken), {
        name: 'too much',
        permissions,
      });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().code).toBe('permission_not_grantable');
      expect(refused.json().errors).toEqual([
        { field: 'permissions', message: `${permissions.at(-1)} not grantable` },
      ]);
    }
    const wildcard = await call('POST', '/api/v1/api-keys', bearer(a.ownerToken), {
      name: 'all',
      permissions: ['*'],
    });
    expect(wildcard.statusCode).toBe(400);
    const platform = await call('POST', '/api/v1/api-keys', bearer(admin.access_token), {
      name: 'platform',
      permissions: ['restaurants:read'],
    });
    expect(platform.statusCode).toBe(400);
    expect(platform.json().code).toBe('restaurant_required');
    expect(await keyCount()).toBe(before);
    const managerList = await call('GET', '/api/v1/api-keys', bearer(manager.token));
    expect(managerList.statusCode).toBe(403);
  });

  it('a revoked key is refused (401 invalid_api_key); only its own restaurant can revoke it', async () => {
    const created = await createKey(a.ownerToken, { name: 'to revoke', permissions: ['restaurants:read'] });
    expect((await call('GET', '/api/v1/restaurants', withKey(created.key))).statusCode).toBe(200);

    const foreign = await call('DELETE', `/api/v1/api-keys/${created.id}`, bearer(b.ownerToken));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('api_key_not_found');
    expect((await call('GET', '/api/v1/restaurants', withKey(created.key))).statusCode).toBe(200);

    const revoked = await call('DELETE', `/api/v1/api-keys/${created.id}`, bearer(a.ownerToken));
    expect(revoked.statusCode, revoked.body).toBe(204);
    const refused = await call('GET', '/api/v1/restaurants', withKey(created.key));
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('invalid_api_key');
    expect((await keyRow(created.id))!.revoked_at).toEqual(clock.now());
    const again = await call('DELETE', `/api/v1/api-keys/${created.id}`, bearer(a.ownerToken));
    expect(again.statusCode).toBe(404);
  });

  it('refuses a key that would be born expired', async () => {
    const response = await call('POST', '/api/v1/api-keys', bearer(a.ownerToken), {
      name: 'stillborn',
      permissions: ['restaurants:read'],
      expires_at: new Date(clock.now().getTime() - 1000).toISOString(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_expiry', errors: [{ field: 'expires_at' }] });
  });

  it('a wrong, garbled or expired key → 401, never anonymous', async () => {
    const created = await createKey(a.ownerToken, {
      name: 'short-lived',
      permissions: ['restaurants:read'],
      expires_at: new Date(clock.now().getTime() + 60_000).toISOString(),
    });
    const [, id, secret] = /^brg_([a-z0-9]{12})_(.+)$/.exec(created.key)!;
    const flipped = `${secret!.slice(0, -1)}${secret!.endsWith('A') ? 'B' : 'A'}`;
    const wrong = [
      'garbage',
      '',
      `brg_${id}_${flipped}`,
      `brg_zzzzzzzzzzzz_${secret}`,
      `brg_${id}_${secret}x`,
      created.key.toUpperCase(),
    ];
    for (const key of wrong) {
      const response = await call('GET', '/api/v1/restaurants', withKey(key));
      expect(response.statusCode, JSON.stringify(key)).toBe(401);
      expect(response.json().code).toBe('invalid_api_key');
    }
    // A public route with a bad key: anonymous, not an error.
    const publicRoute = await call('GET', '/api/v1/auth/oauth/providers', withKey('garbage'));
    expect(publicRoute.statusCode).toBe(200);

    expect((await call('GET', '/api/v1/restaurants', withKey(created.key))).statusCode).toBe(200);
    clock.advanceSeconds(61);
    const expired = await call('GET', '/api/v1/restaurants', withKey(created.key));
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('invalid_api_key');
  });
});

describe('audit log', () => {
  const headers = (requestId: string, token?: string) => ({
    'x-request-id': requestId,
    'user-agent': 'audit-test/1.0',
    ...(token && bearer(token)),
  });
  const auditOf = async (token: string, query = 'limit=200') => {
    const response = await call('GET', `/api/v1/audit-log?${query}`, bearer(token));
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data as AuditEntry[];
  };

  it('records sign-ins, failures, role changes and key creation, with actor, ip and request id', async () => {
    const ok = await call('POST', '/api/v1/auth/login', headers('req-login-ok'), {
      email: 'waiter@keys-a.example',
      password,
    });
    expect(ok.statusCode).toBe(200);
    const bad = await call('POST', '/api/v1/auth/login', headers('req-login-bad'), {
      email: 'waiter@keys-a.example',
      password: 'wrong password',
    });
    expect(bad.statusCode).toBe(401);
    const role = await call('PATCH', `/api/v1/users/${waiter.user.id}`, headers('req-role', a.ownerToken), {
      role: 'cashier',
    });
    expect(role.statusCode, role.body).toBe(200);
    const key = await call('POST', '/api/v1/api-keys', headers('req-key', a.ownerToken), {
      name: 'audited',
      permissions: ['menu:read'],
    });
    expect(key.statusCode).toBe(201);

    const entries = await auditOf(a.ownerToken);
    const byRequest = (id: string) => entries.filter((entry) => entry.request_id === id);
    const common = { tenant_id: a.tenantId, ip: '127.0.0.1', user_agent: 'audit-test/1.0' };
    expect(byRequest('req-login-ok')).toEqual([
      expect.objectContaining({
        ...common,
        action: 'login_succeeded',
        actor_kind: 'anonymous',
        actor_id: null,
        subject_id: waiter.user.id,
        details: { method: 'password' },
        occurred_at: clock.now().toISOString(),
      }),
    ]);
    expect(byRequest('req-login-bad')).toEqual([
      expect.objectContaining({
        ...common,
        action: 'login_failed',
        actor_kind: 'anonymous',
        subject_id: waiter.user.id,
        details: { identifier: 'waiter@keys-a.example' },
      }),
    ]);
    expect(byRequest('req-role')).toEqual([
      expect.objectContaining({
        ...common,
        action: 'role_changed',
        actor_kind: 'user',
        actor_id: a.owner.user.id,
        subject_id: waiter.user.id,
        details: { changed: ['role'], from: 'waiter', to: 'cashier' },
      }),
    ]);
    expect(byRequest('req-key')).toEqual([
      expect.objectContaining({
        ...common,
        action: 'api_key_created',
        actor_kind: 'user',
        actor_id: a.owner.user.id,
        subject_id: key.json().id,
        details: { name: 'audited', permissions: ['menu:read'] },
      }),
    ]);
    // Newest first, and the filter by action.
    expect(entries.map((entry) => entry.id)).toEqual(
      entries
        .map((entry) => entry.id)
        .sort()
        .reverse(),
    );
    const roleChanges = await auditOf(a.ownerToken, 'action=role_changed');
    expect(roleChanges.map((entry) => entry.request_id)).toEqual(['req-role']);
    const aboutWaiter = await auditOf(a.ownerToken, `subject_id=${waiter.user.id}&limit=200`);
    expect(new Set(aboutWaiter.map((entry) => entry.subject_id))).toEqual(new Set([waiter.user.id]));
    expect(aboutWaiter.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['user_created', 'login_succeeded', 'login_failed', 'role_changed']),
    );
  });

  it('records lockouts and refresh-token reuse', async () => {
    const victim = await staffMember(t, a.ownerToken, 'kitchen', 'victim@keys-a.example');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const failed = await call('POST', '/api/v1/auth/login', headers(`req-guess-${attempt}`), {
        email: 'victim@keys-a.example',
        password: `guess ${attempt}`,
      });
      expect(failed.statusCode).toBe(401);
    }
    const locked = await call('POST', '/api/v1/auth/login', headers('req-locked'), {
      email: 'victim@keys-a.example',
      password,
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'login_locked', details: { retry_after_seconds: 900 } });
    expect(locked.headers['retry-after']).toBe('900');

    const rotated = await call('POST', '/api/v1/auth/refresh-token', headers('req-rotate'), {
      refresh_token: victim.tokens.refresh_token,
    });
    expect(rotated.statusCode).toBe(200);
    const reused = await call('POST', '/api/v1/auth/refresh-token', headers('req-reuse'), {
      refresh_token: victim.tokens.refresh_token,
    });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('invalid_refresh_token');
    // The whole family ends: the token the thief or the user got by rotation is dead too.
    const successor = await call('POST', '/api/v1/auth/refresh-token', headers('req-successor'), {
      refresh_token: rotated.json().refresh_token,
    });
    expect(successor.statusCode).toBe(401);

    const entries = await auditOf(a.ownerToken, `subject_id=${victim.user.id}&limit=200`);
    const actions = (requestId: string) =>
      entries.filter((entry) => entry.request_id === requestId).map((entry) => entry.action);
    expect(actions('req-guess-4')).toEqual(['login_failed']);
    expect(actions('req-guess-5').sort()).toEqual(['account_locked', 'login_failed']);
    expect(actions('req-locked')).toEqual([]);
    expect(actions('req-reuse')).toEqual(['refresh_token_reused']);
    const reuse = entries.find((entry) => entry.request_id === 'req-reuse')!;
    expect(reuse.details).toEqual({ family_id: expect.any(String) });
  });

  it('owner and manager read their restaurant only; a waiter cannot; the platform admin sees every one', async () => {
    const failedInB = await call('POST', '/api/v1/auth/login', headers('req-b-bad'), {
      email: 'owner@keys-b.example',
      password: 'wrong password',
    });
    expect(failedInB.statusCode).toBe(401);
    const unknown = await call('POST', '/api/v1/auth/login', headers('req-nobody'), {
      email: 'nobody@nowhere.example',
      password: 'wrong password',
    });
    expect(unknown.statusCode).toBe(401);

    const ownerView = await auditOf(a.ownerToken);
    const managerView = await auditOf(manager.token);
    expect(ownerView.length).toBeGreaterThan(10);
    expect(managerView.map((entry) => entry.id)).toEqual(ownerView.map((entry) => entry.id));
    expect(new Set(ownerView.map((entry) => entry.tenant_id))).toEqual(new Set([a.tenantId]));

    const bView = await auditOf(b.ownerToken);
    expect(bView.length).toBeGreaterThan(0);
    expect(new Set(bView.map((entry) => entry.tenant_id))).toEqual(new Set([b.tenantId]));
    const aIds = new Set(ownerView.map((entry) => entry.id));
    expect(bView.filter((entry) => aIds.has(entry.id))).toEqual([]);
    expect(bView.map((entry) => entry.request_id)).toContain('req-b-bad');
    expect(ownerView.map((entry) => entry.request_id)).not.toContain('req-b-bad');
    expect(ownerView.map((entry) => entry.request_id)).not.toContain('req-nobody');

    const all = await auditOf(admin.access_token);
    const tenants = new Set(all.map((entry) => entry.tenant_id));
    expect(tenants).toEqual(new Set([a.tenantId, b.tenantId, null]));
    expect(all.find((entry) => entry.request_id === 'req-nobody')).toMatchObject({
      action: 'login_failed',
      tenant_id: null,
      subject_id: null,
      // An identifier no account has is kept only as a hint (it may be a mistyped password).
      details: { identifier: 'no…@nowhere.example' },
    });
    const [total] = await t.db.admin.query<{ n: number }>(
      'select count(*)::int as n from identity.audit_log',
    );
    expect(all.length).toBe(Math.min(total!.n, 200));

    // Pages with a cursor, newest first, without gaps or repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        'GET',
        `/api/v1/audit-log?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        bearer(a.ownerToken),
      );
      const body = page.json() as { data: AuditEntry[]; next_cursor: string | null };
      seen.push(...body.data.map((entry) => entry.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(ownerView.map((entry) => entry.id));

    // The waiter was made a cashier above: the token issued for the old role no longer works at all.
    const stale = await call('GET', '/api/v1/audit-log', bearer(waiter.token));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('invalid_token');
    const cashier = await login(t, { email: 'waiter@keys-a.example', password });
    const refused = await call('GET', '/api/v1/audit-log', bearer(cashier.access_token));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
  });

  it('is append-only: updates, deletes and truncation are refused, for the owner role and the app alike', async () => {
    const snapshot = () => t.db.admin.query('select * from identity.audit_log order by id');
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(20);

    await expect(t.db.admin.query("update identity.audit_log set action = 'x'")).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.admin.query('delete from identity.audit_log')).rejects.toThrow(/append-only/);
    await expect(t.db.admin.query('truncate identity.audit_log')).rejects.toThrow(/append-only/);
    await expect(
      t.db.platformTx((tx) => tx.execute(sql`update identity.audit_log set details = '{}'::jsonb`)),
    ).rejects.toThrow();
    await expect(
      t.db.tenantTx(a.tenantId, (tx) => tx.execute(sql`delete from identity.audit_log`)),
    ).rejects.toThrow();

    expect(await snapshot()).toEqual(before);
  });
});

describe('sign-in still works for the accounts used here', () => {
  it('the owner signs in (sanity: nothing above locked the wrong identifier)', async () => {
    expect((await login(t, { email: 'owner@keys-a.example', password })).user.role).toBe('owner');
  });
});
