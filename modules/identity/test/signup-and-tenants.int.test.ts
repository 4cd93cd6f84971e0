import type { Restaurant } from '@brigade/tenants';
import { eventually, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse, User } from '../src/contract/index.js';
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
 * Issue 4 §1: restaurants (tenants) are made by the platform admin, or by self-serve sign-up
 * together with their owner in one step; deactivating a restaurant locks its users out.
 */

let t: TestApp;
let admin: TokenResponse;

beforeAll(async () => {
  t = await createIdentityApp();
  admin = await platformAdminLogin(t);
}, 60_000);
afterAll(() => t?.close());

const tax = {
  prices_include_tax: true,
  default_category: 'std',
  rates: [{ category: 'std', name: 'VAT', rate_bps: 1000 }],
};

const signupBody = (slug: string, email: string) => ({
  restaurant: { name: `Restaurant ${slug}`, slug, timezone: 'Europe/Paris', currency: 'EUR' },
  owner: { email, password, display_name: `Owner of ${slug}` },
});

const register = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: payload as Record<string, unknown> });

const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });

const count = async (sql: string, params: unknown[] = []) => {
  const [row] = await t.db.admin.query<{ n: number }>(sql, params);
  return row!.n;
};
const restaurantsWithSlug = (slug: string) =>
  count('select count(*)::int as n from tenants.restaurants where slug = $1', [slug]);
const usersWithEmail = (email: string) =>
  count('select count(*)::int as n from identity.users where email = $1', [email]);
const totals = async () => ({
  restaurants: await count('select count(*)::int as n from tenants.restaurants'),
  users: await count('select count(*)::int as n from identity.users'),
});

describe('restaurants made by the platform admin', () => {
  it('the platform admin creates a restaurant, then its owner, who signs in to it', async () => {
    const created = await post(
      '/api/v1/restaurants',
      { name: 'Chez Admin', slug: 'chez-admin', timezone: 'Europe/Paris', currency: 'EUR', tax },
      bearer(admin.access_token),
    );
    expect(created.statusCode, created.body).toBe(201);
    const restaurant = created.json() as Restaurant;
    expect(restaurant).toMatchObject({ slug: 'chez-admin', is_active: true });
    expect(created.headers.location).toBe(`/api/v1/restaurants/${restaurant.id}`);

    const owner = await post(
      '/api/v1/users',
      {
        role: 'owner',
        tenant_id: restaurant.id,
        email: 'owner@chez-admin.example',
        password,
        display_name: 'Chef Admin',
      },
      bearer(admin.access_token),
    );
    expect(owner.statusCode, owner.body).toBe(201);
    expect(owner.json()).toMatchObject({ role: 'owner', tenant_id: restaurant.id, is_active: true });

    const session = await login(t, { email: 'owner@chez-admin.example', password });
    expect(session.user).toMatchObject({ id: owner.json().id, role: 'owner', tenant_id: restaurant.id });
    const mine = await get('/api/v1/restaurants', session.access_token);
    expect((mine.json().data as Restaurant[]).map((r) => r.id)).toEqual([restaurant.id]);
  });

  it('the platform admin must name an existing restaurant for a restaurant user', async () => {
    const base = { role: 'owner', email: 'nowhere@owner.example', password, display_name: 'Nowhere' };
    const unnamed = await post('/api/v1/users', base, bearer(admin.access_token));
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json()).toMatchObject({ code: 'restaurant_required', errors: [{ field: 'tenant_id' }] });
    const unknown = await post(
      '/api/v1/users',
      { ...base, tenant_id: '01900000-0000-7000-8000-000000000000' },
      bearer(admin.access_token),
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('restaurant_not_found');
    expect(await usersWithEmail('nowhere@owner.example')).toBe(0);
  });

  it('owners and managers cannot create restaurants (403)', async () => {
    const a = await restaurantWithOwner(t, 'no-franchise');
    const manager = await staffMember(t, a.ownerToken, 'manager', 'manager@no-franchise.example');
    for (const token of [a.ownerToken, manager.token]) {
      const refused = await post(
        '/api/v1/restaurants',
        { name: 'Franchise', slug: 'franchise', timezone: 'Europe/Paris', currency: 'EUR', tax },
        bearer(token),
      );
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('forbidden');
    }
    expect(await restaurantsWithSlug('franchise')).toBe(0);
  });
});

describe('self-serve sign-up', () => {
  it('creates the restaurant and its owner in one step and signs the owner in', async () => {
    const response = await register(signupBody('la-terrasse', 'Patron@La-Terrasse.example'));
    expect(response.statusCode, response.body).toBe(201);
    const tokens = response.json() as TokenResponse;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(tokens.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(tokens.refresh_token).toMatch(/^rt_/);
    expect(tokens.user).toMatchObject({
      role: 'owner',
      email: 'patron@la-terrasse.example',
      display_name: 'Owner of la-terrasse',
      is_active: true,
    });

    const listed = await get('/api/v1/restaurants', tokens.access_token);
    expect(listed.statusCode).toBe(200);
    const restaurants = listed.json().data as Restaurant[];
    expect(restaurants).toHaveLength(1);
    expect(restaurants[0]).toMatchObject({
      id: tokens.user.tenant_id,
      slug: 'la-terrasse',
      name: 'Restaurant la-terrasse',
      is_active: true,
    });
    const me = await get('/api/v1/auth/me', tokens.access_token);
    expect(me.json()).toMatchObject({ id: tokens.user.id, role: 'owner', tenant_id: tokens.user.tenant_id });

    const rows = await t.db.admin.query<{ tenant_id: string; role: string }>(
      'select tenant_id, role from identity.users where email = $1',
      ['patron@la-terrasse.example'],
    );
    expect(rows).toEqual([{ tenant_id: tokens.user.tenant_id, role: 'owner' }]);
    const refreshed = await post('/api/v1/auth/refresh-token', { refresh_token: tokens.refresh_token });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
  });

  it('an e-mail already used → 409 email_taken, and no restaurant is left behind', async () => {
    await restaurantWithOwner(t, 'first-come');
    const before = await totals();
    for (const email of ['owner@first-come.example', 'OWNER@First-Come.example', 'root@platform.example']) {
      const taken = await register(signupBody('second-served', email));
      expect(taken.statusCode, taken.body).toBe(409);
      expect(taken.headers['content-type']).toContain('application/problem+json');
      expect(taken.json()).toMatchObject({ code: 'email_taken', errors: [{ field: 'email' }] });
    }
    expect(await restaurantsWithSlug('second-served')).toBe(0);
    expect(await totals()).toEqual(before);
    // The slug is still free: nothing was half-created.
    const retry = await register(signupBody('second-served', 'someone-else@second-served.example'));
    expect(retry.statusCode, retry.body).toBe(201);
  });

  it('a taken slug → 409 slug_taken, and no user is created', async () => {
    await restaurantWithOwner(t, 'taken-slug');
    const before = await totals();
    const refused = await register(signupBody('taken-slug', 'newcomer@elsewhere.example'));
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'slug_taken', errors: [{ field: 'slug' }] });
    expect(await usersWithEmail('newcomer@elsewhere.example')).toBe(0);
    expect(await totals()).toEqual(before);
    const elsewhere = await register(signupBody('elsewhere', 'newcomer@elsewhere.example'));
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
  });

  it('two sign-ups racing for one e-mail: one owner, one restaurant, the loser discarded', async () => {
    const email = 'racer@photo-finish.example';
    const [first, second] = await Promise.all([
      register(signupBody('photo-finish-a', email)),
      register(signupBody('photo-finish-b', email)),
    ]);
    const statuses = [first!.statusCode, second!.statusCode].sort();
    expect(statuses, `${first!.body} ${second!.body}`).toEqual([201, 409]);
    const loser = first!.statusCode === 409 ? first! : second!;
    expect(loser.json().code).toBe('email_taken');
    const winner = (first!.statusCode === 201 ? first! : second!).json() as TokenResponse;
    const left = await t.db.admin.query<{ id: string }>(
      "select id from tenants.restaurants where slug in ('photo-finish-a', 'photo-finish-b')",
    );
    expect(left).toEqual([{ id: winner.user.tenant_id }]);
    expect(await usersWithEmail(email)).toBe(1);
  });

  it('an invalid body → 400 problem+json naming the fields, and nothing is created', async () => {
    const before = await totals();
    const good = signupBody('valid-slug', 'valid@valid-slug.example');
    const invalid: [unknown, string, string][] = [
      [
        { ...good, restaurant: { ...good.restaurant, slug: 'Not A Slug!' } },
        'validation_failed',
        'restaurant.slug',
      ],
      [{ ...good, owner: { ...good.owner, password: 'short' } }, 'validation_failed', 'owner.password'],
      [{ ...good, owner: { ...good.owner, email: 'not-an-email' } }, 'validation_failed', 'owner.email'],
      [{ ...good, owner: { ...good.owner, role: 'platform_admin' } }, 'validation_failed', 'owner'],
      [{ restaurant: good.restaurant }, 'validation_failed', 'owner'],
      [
        { ...good, owner: { ...good.owner, password: 'valid@valid-slug.example' } },
        'weak_password',
        'password',
      ],
    ];
    for (const [payload, code, field] of invalid) {
      const response = await register(payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json();
      expect(problem).toMatchObject({ status: 400, code, type: `urn:brigade:problem:${code}` });
      expect(problem.request_id).toEqual(expect.any(String));
      expect(problem.errors.length).toBeGreaterThan(0);
      expect(problem.errors.map((error: { field: string }) => error.field).join(' ')).toContain(field);
    }
    expect(await totals()).toEqual(before);
    expect(await restaurantsWithSlug('valid-slug')).toBe(0);
  });
});

describe('deactivating a restaurant locks its users out', () => {
  it('tokens, sign-in, refresh and API keys stop working; other restaurants carry on; reactivation lets them back in', async () => {
    const d = await restaurantWithOwner(t, 'closing-down');
    const e = await restaurantWithOwner(t, 'still-open');
    const manager = await staffMember(t, d.ownerToken, 'manager', 'manager@closing-down.example');
    const keyCreated = await post(
      '/api/v1/api-keys',
      { name: 'till', permissions: ['restaurants:read'] },
      bearer(d.ownerToken),
    );
    expect(keyCreated.statusCode, keyCreated.body).toBe(201);
    const apiKey = { 'x-api-key': keyCreated.json().key as string };
    const keyWorks = await t.app.inject({ method: 'GET', url: '/api/v1/restaurants', headers: apiKey });
    expect(keyWorks.statusCode).toBe(200);
    const ownerCredentials = { email: 'owner@closing-down.example', password };

    const byOwner = await post(
      `/api/v1/restaurants/${d.tenantId}/deactivate`,
      undefined,
      bearer(d.ownerToken),
    );
    expect(byOwner.statusCode).toBe(403);

    const deactivated = await post(
      `/api/v1/restaurants/${d.tenantId}/deactivate`,
      undefined,
      bearer(admin.access_token),
    );
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(deactivated.json()).toMatchObject({ id: d.tenantId, is_active: false });

    // Access tokens already issued: refused at once.
    for (const token of [d.ownerToken, manager.token]) {
      const me = await get('/api/v1/auth/me', token);
      expect(me.statusCode, me.body).toBe(403);
      expect(me.json().code).toBe('restaurant_inactive');
      const restaurants = await get('/api/v1/restaurants', token);
      expect(restaurants.statusCode).toBe(403);
      expect(restaurants.json().code).toBe('restaurant_inactive');
    }
    const introspected = await post('/api/v1/auth/validate-token', { token: d.ownerToken });
    expect(introspected.json()).toEqual({ active: false });

    // Signing in again: refused, though the password is right.
    const signIn = await post('/api/v1/auth/login', ownerCredentials);
    expect(signIn.statusCode, signIn.body).toBe(403);
    expect(signIn.json().code).toBe('restaurant_inactive');
    const bySlug = await post('/api/v1/auth/login', { ...ownerCredentials, restaurant: 'closing-down' });
    expect(bySlug.statusCode).toBe(403);

    // Refresh tokens: refused now, and revoked by the subscriber.
    const refresh = await post('/api/v1/auth/refresh-token', { refresh_token: d.owner.refresh_token });
    expect([401, 403]).toContain(refresh.statusCode);
    expect(['invalid_refresh_token', 'restaurant_inactive']).toContain(refresh.json().code);
    const live = await eventually(
      () =>
        count(
          'select count(*)::int as n from identity.refresh_tokens where tenant_id = $1 and revoked_at is null',
          [d.tenantId],
        ),
      (n) => n === 0,
    );
    expect(live).toBe(0);
    const reasons = await t.db.admin.query<{ revoked_reason: string }>(
      'select distinct revoked_reason from identity.refresh_tokens where user_id = $1',
      [manager.user.id],
    );
    expect(reasons).toEqual([{ revoked_reason: 'restaurant_deactivated' }]);
    const managerRefresh = await post('/api/v1/auth/refresh-token', {
      refresh_token: manager.tokens.refresh_token,
    });
    expect(managerRefresh.statusCode).toBe(401);
    expect(managerRefresh.json().code).toBe('invalid_refresh_token');

    // API keys of the restaurant, and customer sign-in to it.
    const key = await t.app.inject({ method: 'GET', url: '/api/v1/restaurants', headers: apiKey });
    expect(key.statusCode).toBe(401);
    expect(key.json().code).toBe('invalid_api_key');
    const otp = await post('/api/v1/auth/customer/request-otp', {
      phone: '+33611111111',
      restaurant: 'closing-down',
    });
    expect(otp.statusCode).toBe(403);
    expect(otp.json().code).toBe('restaurant_inactive');

    // Other restaurants are not affected.
    expect((await get('/api/v1/auth/me', e.ownerToken)).statusCode).toBe(200);
    expect((await login(t, { email: 'owner@still-open.example', password })).user.tenant_id).toBe(e.tenantId);
    const refreshE = await post('/api/v1/auth/refresh-token', { refresh_token: e.owner.refresh_token });
    expect(refreshE.statusCode, refreshE.body).toBe(200);
    const listed = await get(`/api/v1/restaurants?slug=closing-down`, admin.access_token);
    expect(listed.json().data).toMatchObject([{ id: d.tenantId, is_active: false }]);

    // Reactivated: signing in works again; the sessions ended by the deactivation stay ended.
    const reactivated = await post(
      `/api/v1/restaurants/${d.tenantId}/activate`,
      undefined,
      bearer(admin.access_token),
    );
    expect(reactivated.statusCode, reactivated.body).toBe(200);
    expect(reactivated.json().is_active).toBe(true);
    const back = await login(t, ownerCredentials);
    expect(back.user).toMatchObject({ id: d.owner.user.id, tenant_id: d.tenantId });
    expect((await get('/api/v1/auth/me', back.access_token)).statusCode).toBe(200);
    const stale = await post('/api/v1/auth/refresh-token', { refresh_token: manager.tokens.refresh_token });
    expect(stale.statusCode).toBe(401);
    const keyAgain = await t.app.inject({ method: 'GET', url: '/api/v1/restaurants', headers: apiKey });
    expect(keyAgain.statusCode).toBe(200);
  });

  it('staff added by the platform admin to a deactivated restaurant cannot sign in until it is reactivated', async () => {
    const r = await restaurantWithOwner(t, 'paused');
    const off = await post(
      `/api/v1/restaurants/${r.tenantId}/deactivate`,
      undefined,
      bearer(admin.access_token),
    );
    expect(off.statusCode).toBe(200);
    const created = await post(
      '/api/v1/users',
      { role: 'waiter', tenant_id: r.tenantId, email: 'waiter@paused.example', password, display_name: 'W' },
      bearer(admin.access_token),
    );
    expect(created.statusCode, created.body).toBe(201);
    const refused = await post('/api/v1/auth/login', { email: 'waiter@paused.example', password });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('restaurant_inactive');
    await post(`/api/v1/restaurants/${r.tenantId}/activate`, undefined, bearer(admin.access_token));
    const user = (await login(t, { email: 'waiter@paused.example', password })).user as User;
    expect(user).toMatchObject({ role: 'waiter', tenant_id: r.tenantId });
  });

  it('with a status cache (production default), the process that hears the event locks API keys out at once, like tokens', async () => {
    // TenantStatus promises: "locked out within ttlMs on every replica (at once on the process
    // whose subscriber hears the event)". Here, a single process with the 10 s default.
    const cached = await createIdentityApp({ clock: manualClock(), identity: { statusCacheSeconds: 10 } });
    try {
      const root = await platformAdminLogin(cached);
      const r = await restaurantWithOwner(cached, 'cached');
      const created = await cached.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: bearer(r.ownerToken),
        payload: { name: 'cached', permissions: ['restaurants:read'] },
      });
      const headers = { 'x-api-key': created.json().key as string };
      const used = await cached.app.inject({ method: 'GET', url: '/api/v1/restaurants', headers });
      expect(used.statusCode).toBe(200);

      const off = await cached.app.inject({
        method: 'POST',
        url: `/api/v1/restaurants/${r.tenantId}/deactivate`,
        headers: bearer(root.access_token),
      });
      expect(off.statusCode).toBe(200);
      // The subscriber has heard it once the owner's token is refused.
      await eventually(
        async () =>
          (await cached.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(r.ownerToken) }))
            .statusCode,
        (status) => status === 403,
      );
      const key = await cached.app.inject({ method: 'GET', url: '/api/v1/restaurants', headers });
      expect(key.statusCode, key.body).toBe(401);
    } finally {
      await cached.close();
    }
  });
});
