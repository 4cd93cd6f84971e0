import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse, User } from '../src/contract/index.js';
import {
  bearer,
  createIdentityApp,
  login,
  manualClock,
  password,
  restaurantWithOwner,
  staffMember,
} from './support/identity-app.js';

/**
 * Issue 4 §3: /auth/register, /login, /refresh-token, /logout, /validate-token, /me, users
 * CRUD under /users, password change and the administrator's reset.
 */

const clock = manualClock();
let t: TestApp;
let a: Awaited<ReturnType<typeof restaurantWithOwner>>;
let b: Awaited<ReturnType<typeof restaurantWithOwner>>;
let manager: Awaited<ReturnType<typeof staffMember>>;

beforeAll(async () => {
  t = await createIdentityApp({ clock });
  a = await restaurantWithOwner(t, 'users-a');
  b = await restaurantWithOwner(t, 'users-b');
  manager = await staffMember(t, a.ownerToken, 'manager', 'manager@users-a.example');
}, 60_000);
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, token?: string, payload?: unknown, headers = {}) =>
  t.app.inject({
    method,
    url,
    headers: { ...(token && bearer(token)), ...headers },
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });

const attemptLogin = (body: Record<string, unknown>) => call('POST', '/api/v1/auth/login', undefined, body);
const refresh = (token: string) =>
  call('POST', '/api/v1/auth/refresh-token', undefined, { refresh_token: token });

const row = async (id: string) => {
  const [found] = await t.db.admin.query<Record<string, unknown>>(
    'select * from identity.users where id = $1',
    [id],
  );
  return found!;
};

describe('users CRUD', () => {
  it('creates (201 + Location) and reads a user', async () => {
    const created = await call('POST', '/api/v1/users', a.ownerToken, {
      role: 'waiter',
      email: 'Nina@Users-A.example',
      phone: '+33 6 00 00 00 01',
      display_name: '  Nina  ',
      password,
    });
    expect(created.statusCode, created.body).toBe(201);
    const user = created.json() as User;
    expect(created.headers.location).toBe(`/api/v1/users/${user.id}`);
    expect(user).toEqual({
      id: expect.any(String),
      tenant_id: a.tenantId,
      role: 'waiter',
      username: null,
      email: 'nina@users-a.example',
      phone: '+33600000001',
      display_name: 'Nina',
      email_verified: false,
      is_active: true,
      must_change_password: false,
      last_login_at: null,
      version: 1,
      created_at: clock.now().toISOString(),
      updated_at: clock.now().toISOString(),
    });
    expect(JSON.stringify(user)).not.toContain('password_hash');

    const read = await call('GET', `/api/v1/users/${user.id}`, manager.token);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(user);
    const stored = await row(user.id);
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.password_hash).not.toContain(password);

    const missing = await call('GET', '/api/v1/users/01900000-0000-7000-8000-000000000000', a.ownerToken);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('user_not_found');
    const duplicate = await call('POST', '/api/v1/users', a.ownerToken, {
      role: 'kitchen',
      email: 'nina@users-a.example',
      display_name: 'Other Nina',
      password,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('email_taken');
    const noPassword = await call('POST', '/api/v1/users', a.ownerToken, {
      role: 'kitchen',
      email: 'nopassword@users-a.example',
      display_name: 'No password',
    });
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json().errors).toEqual([
      { field: 'password', message: 'staff accounts need a password' },
    ]);
  });

  it('lists with role and q filters, and pages with a cursor', async () => {
    // Customers need no password: cheap to make in numbers.
    for (const [i, name] of ['Ana Percent 100%', 'Bruno', 'Chloé', 'Dmitri', 'Elif'].entries()) {
      const made = await call('POST', '/api/v1/users', a.ownerToken, {
        role: 'customer',
        phone: `+4917000000${i}0`,
        display_name: name,
      });
      expect(made.statusCode, made.body).toBe(201);
    }
    const all = await call('GET', '/api/v1/users?limit=200', a.ownerToken);
    const everyone = all.json().data as User[];
    expect(all.json().next_cursor).toBeNull();
    expect(everyone.every((user) => user.tenant_id === a.tenantId)).toBe(true);
    expect(everyone.map((user) => user.id)).toEqual(everyone.map((user) => user.id).sort());

    const customers = await call('GET', '/api/v1/users?role=customer', a.ownerToken);
    expect((customers.json().data as User[]).map((user) => user.display_name)).toEqual([
      'Ana Percent 100%',
      'Bruno',
      'Chloé',
      'Dmitri',
      'Elif',
    ]);
    const managers = await call('GET', '/api/v1/users?role=manager', a.ownerToken);
    expect((managers.json().data as User[]).map((user) => user.id)).toEqual([manager.user.id]);

    const byName = await call('GET', '/api/v1/users?q=CHLO', a.ownerToken);
    expect((byName.json().data as User[]).map((user) => user.display_name)).toEqual(['Chloé']);
    const byEmail = await call(
      'GET',
      `/api/v1/users?q=${encodeURIComponent('manager@users-a')}`,
      a.ownerToken,
    );
    expect((byEmail.json().data as User[]).map((user) => user.id)).toEqual([manager.user.id]);
    // LIKE wildcards in q are literal.
    const percent = await call('GET', `/api/v1/users?q=${encodeURIComponent('%')}`, a.ownerToken);
    expect((percent.json().data as User[]).map((user) => user.display_name)).toEqual(['Ana Percent 100%']);
    const underscore = await call('GET', '/api/v1/users?q=_', a.ownerToken);
    expect(underscore.json().data).toEqual([]);
    const combined = await call('GET', '/api/v1/users?role=waiter&q=bruno', a.ownerToken);
    expect(combined.json().data).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await call('GET', `/api/v1/users?limit=2${query}`, a.ownerToken);
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json() as { data: User[]; next_cursor: string | null };
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((user) => user.id));
      cursor = body.next_cursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toEqual(everyone.map((user) => user.id));
    expect(pages).toBe(Math.ceil(everyone.length / 2));

    const bad = await call('GET', '/api/v1/users?cursor=not-a-cursor', a.ownerToken);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_cursor');
    const fromB = await call('GET', '/api/v1/users?limit=200', b.ownerToken);
    expect((fromB.json().data as User[]).map((user) => user.id)).toEqual([b.owner.user.id]);
  });

  it('PATCH with If-Match: the current version wins, a stale one → 409 version_conflict', async () => {
    const { user } = await staffMember(t, a.ownerToken, 'cashier', 'cashier@users-a.example');
    const first = await call(
      'PATCH',
      `/api/v1/users/${user.id}`,
      a.ownerToken,
      { display_name: 'Till 1' },
      {
        'if-match': '"1"',
      },
    );
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json()).toMatchObject({ display_name: 'Till 1', version: 2 });

    const stale = await call(
      'PATCH',
      `/api/v1/users/${user.id}`,
      manager.token,
      { display_name: 'Till X' },
      {
        'if-match': '"1"',
      },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', details: { current_version: 2 } });
    expect(await row(user.id)).toMatchObject({ display_name: 'Till 1', version: 2 });

    const unconditional = await call('PATCH', `/api/v1/users/${user.id}`, manager.token, {
      phone: '+33 7 00 00 00 02',
      username: 'Till.Two',
    });
    expect(unconditional.statusCode, unconditional.body).toBe(200);
    expect(unconditional.json()).toMatchObject({ phone: '+33700000002', username: 'till.two', version: 3 });
    const empty = await call('PATCH', `/api/v1/users/${user.id}`, manager.token, {});
    expect(empty.statusCode).toBe(400);

    // Two editors holding version 3 at once: exactly one wins.
    const racing = await Promise.all(
      ['Till A', 'Till B'].map((display_name) =>
        call('PATCH', `/api/v1/users/${user.id}`, a.ownerToken, { display_name }, { 'if-match': '3' }),
      ),
    );
    expect(racing.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const winner = racing.find((response) => response.statusCode === 200)!.json() as User;
    expect(await row(user.id)).toMatchObject({ display_name: winner.display_name, version: 4 });
  });

  it('DELETE deactivates (204): the user can no longer sign in or refresh, and is kept for the record', async () => {
    const waiter = await staffMember(t, a.ownerToken, 'waiter', 'leaving@users-a.example');
    const deleted = await call('DELETE', `/api/v1/users/${waiter.user.id}`, manager.token);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(deleted.body).toBe('');

    const read = await call('GET', `/api/v1/users/${waiter.user.id}`, a.ownerToken);
    expect(read.json()).toMatchObject({ is_active: false, version: 2 });
    const inactive = await call('GET', '/api/v1/users?is_active=false', a.ownerToken);
    expect((inactive.json().data as User[]).map((user) => user.id)).toEqual([waiter.user.id]);

    const refused = await attemptLogin({ email: 'leaving@users-a.example', password });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('account_disabled');
    const refreshed = await refresh(waiter.tokens.refresh_token);
    expect(refreshed.statusCode).toBe(401);
    expect(refreshed.json().code).toBe('invalid_refresh_token');
    // Introspection (a gateway's question) checks the account itself, not only the signature.
    const introspected = await call('POST', '/api/v1/auth/validate-token', undefined, {
      token: waiter.token,
    });
    expect(introspected.json()).toEqual({ active: false });
    // And the API refuses the disabled user's unexpired access token at once (same process).
    const stillSignedIn = await call('GET', '/api/v1/auth/me', waiter.token);
    expect(stillSignedIn.statusCode).toBe(401);
    expect(stillSignedIn.json().code).toBe('invalid_token');

    const back = await call('PATCH', `/api/v1/users/${waiter.user.id}`, a.ownerToken, { is_active: true });
    expect(back.json()).toMatchObject({ is_active: true, version: 3 });
    expect((await login(t, { email: 'leaving@users-a.example', password })).user.id).toBe(waiter.user.id);
  });
});

describe('sign-in and tokens', () => {
  it('a username signs in only with its restaurant named', async () => {
    for (const [owner, slug] of [
      [a, 'users-a'],
      [b, 'users-b'],
    ] as const) {
      const created = await call('POST', '/api/v1/users', owner.ownerToken, {
        role: 'kitchen',
        username: 'chef.luc',
        display_name: `Luc of ${slug}`,
        password,
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const bySlug = await login(t, { username: 'chef.luc', password, restaurant: 'users-a' });
    expect(bySlug.user).toMatchObject({ username: 'chef.luc', tenant_id: a.tenantId, role: 'kitchen' });
    const byId = await login(t, { username: 'Chef.Luc', password, tenant_id: b.tenantId });
    expect(byId.user).toMatchObject({ username: 'chef.luc', tenant_id: b.tenantId });

    const noRestaurant = await attemptLogin({ username: 'chef.luc', password });
    expect(noRestaurant.statusCode).toBe(401);
    expect(noRestaurant.json().code).toBe('invalid_credentials');
    const unknownRestaurant = await attemptLogin({ username: 'chef.luc', password, restaurant: 'nowhere' });
    expect(unknownRestaurant.statusCode).toBe(401);
    expect(unknownRestaurant.json().code).toBe('invalid_credentials');
    const wrongPassword = await attemptLogin({
      username: 'chef.luc',
      password: 'nope',
      restaurant: 'users-a',
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.json()).toMatchObject({
      code: 'invalid_credentials',
      detail: unknownRestaurant.json().detail,
    });
    const both = await attemptLogin({ username: 'chef.luc', email: 'x@y.example', password });
    expect(both.statusCode).toBe(400);
  });

  it('/auth/me, /validate-token and token expiry', async () => {
    const me = await call('GET', '/api/v1/auth/me', manager.token);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: manager.user.id, role: 'manager', tenant_id: a.tenantId });

    const fresh = await login(t, { email: 'manager@users-a.example', password });
    const info = await call('POST', '/api/v1/auth/validate-token', undefined, { token: fresh.access_token });
    expect(info.statusCode).toBe(200);
    const now = Math.floor(clock.now().getTime() / 1000);
    expect(info.json()).toEqual({
      active: true,
      sub: manager.user.id,
      tenant_id: a.tenantId,
      role: 'manager',
      iss: 'brigade',
      aud: 'brigade-api',
      iat: now,
      exp: now + 900,
    });
    for (const garbage of ['garbage', `${fresh.access_token.slice(0, -4)}AAAA`, fresh.refresh_token]) {
      const inactive = await call('POST', '/api/v1/auth/validate-token', undefined, { token: garbage });
      expect(inactive.statusCode).toBe(200);
      expect(inactive.json()).toEqual({ active: false });
    }
    const tampered = await call('GET', '/api/v1/auth/me', `${fresh.access_token.slice(0, -4)}AAAA`);
    expect(tampered.statusCode).toBe(401);

    clock.advanceSeconds(900 + 6); // past exp and the 5 s clock tolerance
    const expired = await call('POST', '/api/v1/auth/validate-token', undefined, {
      token: fresh.access_token,
    });
    expect(expired.json()).toEqual({ active: false });
    const meExpired = await call('GET', '/api/v1/auth/me', fresh.access_token);
    expect(meExpired.statusCode).toBe(401);
    // The refresh token outlives the access token.
    const renewed = await refresh(fresh.refresh_token);
    expect(renewed.statusCode, renewed.body).toBe(200);
    manager = { ...manager, tokens: renewed.json(), token: renewed.json().access_token };
    a = { ...a, ownerToken: (await login(t, { email: 'owner@users-a.example', password })).access_token };
    b = { ...b, ownerToken: (await login(t, { email: 'owner@users-b.example', password })).access_token };
  });

  it('refresh rotates the token; logout ends one session, logout all ends every one', async () => {
    const one = await login(t, { email: 'manager@users-a.example', password });
    const two = await login(t, { email: 'manager@users-a.example', password });
    const three = await login(t, { email: 'manager@users-a.example', password });

    const rotated = await refresh(one.refresh_token);
    expect(rotated.statusCode).toBe(200);
    const next = rotated.json() as TokenResponse;
    expect(next.refresh_token).not.toBe(one.refresh_token);
    expect(next.user.id).toBe(manager.user.id);

    const out = await call('POST', '/api/v1/auth/logout', undefined, { refresh_token: next.refresh_token });
    expect(out.statusCode).toBe(204);
    expect((await refresh(next.refresh_token)).statusCode).toBe(401);
    expect((await refresh(two.refresh_token)).statusCode).toBe(200);

    const all = await call('POST', '/api/v1/auth/logout', three.access_token, { all: true });
    expect(all.statusCode).toBe(204);
    const [live] = await t.db.admin.query<{ n: number }>(
      'select count(*)::int as n from identity.refresh_tokens where user_id = $1 and revoked_at is null',
      [manager.user.id],
    );
    expect(live!.n).toBe(0);
    expect((await refresh(three.refresh_token)).statusCode).toBe(401);
    manager = { ...manager, tokens: three, token: three.access_token };
  });
});

describe('passwords', () => {
  it('change password: the old one stops working, the new one works, other sessions end', async () => {
    const member = await staffMember(t, a.ownerToken, 'waiter', 'changer@users-a.example');
    const other = await login(t, { email: 'changer@users-a.example', password });
    const newPassword = 'a whole new passphrase';

    const wrong = await call('POST', '/api/v1/auth/change-password', member.token, {
      current_password: 'not my password',
      new_password: newPassword,
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({
      code: 'invalid_credentials',
      errors: [{ field: 'current_password' }],
    });
    const tooShort = await call('POST', '/api/v1/auth/change-password', member.token, {
      current_password: password,
      new_password: 'short',
    });
    expect(tooShort.statusCode).toBe(400);

    const changed = await call('POST', '/api/v1/auth/change-password', member.token, {
      current_password: password,
      new_password: newPassword,
    });
    expect(changed.statusCode, changed.body).toBe(204);

    const old = await attemptLogin({ email: 'changer@users-a.example', password });
    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe('invalid_credentials');
    const now = await login(t, { email: 'changer@users-a.example', password: newPassword });
    expect(now.user).toMatchObject({ id: member.user.id, must_change_password: false });

    const otherSession = await refresh(other.refresh_token);
    expect(otherSession.statusCode).toBe(401);
    expect(otherSession.json().code).toBe('invalid_refresh_token');
    const [reasons] = await t.db.admin.query<{ n: number }>(
      "select count(*)::int as n from identity.refresh_tokens where user_id = $1 and revoked_reason = 'password_changed'",
      [member.user.id],
    );
    expect(reasons!.n).toBe(2);
    // The caller's access token itself stays valid until it expires.
    expect((await call('GET', '/api/v1/auth/me', member.token)).statusCode).toBe(200);
  });

  it('admin reset: a temporary password, returned once; the user must change it; their sessions end', async () => {
    const member = await staffMember(t, a.ownerToken, 'kitchen', 'forgetful@users-a.example');
    const reset = await call('POST', `/api/v1/users/${member.user.id}/reset-password`, a.ownerToken, {});
    expect(reset.statusCode, reset.body).toBe(200);
    const temporary = reset.json().temporary_password as string;
    expect(temporary).toEqual(expect.any(String));
    expect(temporary.length).toBeGreaterThanOrEqual(12);

    const stored = await row(member.user.id);
    expect(stored).toMatchObject({ must_change_password: true, version: 2 });
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(stored)).not.toContain(temporary);
    const read = await call('GET', `/api/v1/users/${member.user.id}`, a.ownerToken);
    expect(read.json().must_change_password).toBe(true);
    expect(read.body).not.toContain(temporary);

    expect((await refresh(member.tokens.refresh_token)).statusCode).toBe(401);
    expect((await attemptLogin({ email: 'forgetful@users-a.example', password })).statusCode).toBe(401);
    const withTemporary = await login(t, { email: 'forgetful@users-a.example', password: temporary });
    expect(withTemporary.user.must_change_password).toBe(true);
    // Until it is changed, the temporary password opens the user's own account and nothing else.
    expect((await call('GET', '/api/v1/auth/me', withTemporary.access_token)).statusCode).toBe(200);
    const elsewhere = await call('GET', '/api/v1/restaurants', withTemporary.access_token);
    expect(elsewhere.statusCode).toBe(403);

    const changed = await call('POST', '/api/v1/auth/change-password', withTemporary.access_token, {
      current_password: temporary,
      new_password: 'chosen by me at last',
    });
    expect(changed.statusCode).toBe(204);
    const settled = await login(t, { email: 'forgetful@users-a.example', password: 'chosen by me at last' });
    expect(settled.user.must_change_password).toBe(false);
    expect((await call('GET', '/api/v1/restaurants', settled.access_token)).statusCode).toBe(200);

    // A second reset hands out a different password; an explicit one is not echoed back.
    const again = await call('POST', `/api/v1/users/${member.user.id}/reset-password`, manager.token, {});
    expect(again.json().temporary_password).not.toBe(temporary);
    const explicit = await call('POST', `/api/v1/users/${member.user.id}/reset-password`, a.ownerToken, {
      new_password: 'set by the owner 42',
    });
    expect(explicit.statusCode).toBe(200);
    expect(explicit.json()).toEqual({ temporary_password: null });
    const afterExplicit = await login(t, {
      email: 'forgetful@users-a.example',
      password: 'set by the owner 42',
    });
    expect(afterExplicit.user.must_change_password).toBe(true);
  });

  it("a manager cannot reset the owner's password", async () => {
    const before = (await row(a.owner.user.id)).password_hash;
    const refused = await call('POST', `/api/v1/users/${a.owner.user.id}/reset-password`, manager.token, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('role_not_assignable');
    expect(refused.body).not.toContain('temporary_password');
    expect((await row(a.owner.user.id)).password_hash).toBe(before);
    expect((await login(t, { email: 'owner@users-a.example', password })).user.id).toBe(a.owner.user.id);
    const otherRestaurant = await call(
      'POST',
      `/api/v1/users/${b.owner.user.id}/reset-password`,
      a.ownerToken,
      {},
    );
    expect(otherRestaurant.statusCode).toBe(404);
  });

  it('no password, temporary password or token ever reaches the logs', async () => {
    const text = JSON.stringify(t.logs);
    expect(t.logs.length).toBeGreaterThan(50);
    expect(text).not.toContain(password);
    expect(text).not.toContain('a whole new passphrase');
    expect(text).not.toContain('set by the owner 42');
    expect(text).not.toContain(manager.tokens.refresh_token);
    expect(text).not.toContain(manager.token);
  });
});
