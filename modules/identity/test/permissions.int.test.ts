import type { Role } from '@brigade/kernel';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse, User } from '../src/contract/index.js';
import {
  bearer,
  createIdentityApp,
  password,
  platformAdminLogin,
  restaurantWithOwner,
  staffMember,
} from './support/identity-app.js';

/**
 * Issue 4 §2: roles are sets of named permissions (DESIGN.md §6, seed 000 §6.3), and who may
 * give which role to whom is a table. Every actor here signs in for real (/auth/login or OTP).
 */

type Actor = { token: string; user: User };

let t: TestApp;
let tenantA: string;
let tenantB: string;
const actors = {} as Record<Role, Actor>;
let ownerB: Actor;
let waiterB: User;

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });

const countUsers = async (where: string, params: unknown[]) => {
  const [row] = await t.db.admin.query<{ n: number }>(
    `select count(*)::int as n from identity.users where ${where}`,
    params,
  );
  return row!.n;
};

/** The code the console SMS provider wrote to the log for `phone`. */
function codeSentTo(phone: string): string {
  const line = t.logs.findLast(
    (entry) => (entry.message ?? entry.msg) === 'sms (console provider)' && entry.to === phone,
  );
  const code = /\b(\d{6})\b/.exec(String(line?.body))?.[1];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

beforeAll(async () => {
  t = await createIdentityApp();
  const a = await restaurantWithOwner(t, 'perm-a');
  const b = await restaurantWithOwner(t, 'perm-b');
  tenantA = a.tenantId;
  tenantB = b.tenantId;
  const admin = await platformAdminLogin(t);
  actors.platform_admin = { token: admin.access_token, user: admin.user };
  actors.owner = { token: a.ownerToken, user: a.owner.user };
  ownerB = { token: b.ownerToken, user: b.owner.user };
  for (const role of ['manager', 'cashier', 'waiter', 'kitchen'] as const) {
    const member = await staffMember(t, a.ownerToken, role, `${role}@perm-a.example`);
    actors[role] = { token: member.token, user: member.tokens.user };
  }
  waiterB = (await staffMember(t, b.ownerToken, 'waiter', 'waiter@perm-b.example')).user;

  // A customer of A: added by the owner (no password), signed in by a one-time code.
  const phone = '+33612345678';
  const created = await inject('POST', '/api/v1/users', a.ownerToken, {
    role: 'customer',
    phone: '+33 6 12 34 56 78',
    display_name: 'Camille',
  });
  expect(created.statusCode, created.body).toBe(201);
  expect(created.json()).toMatchObject({ role: 'customer', phone, must_change_password: false });
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/customer/request-otp',
    payload: { phone, restaurant: 'perm-a' },
  });
  expect(sent.statusCode, sent.body).toBe(202);
  const verified = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/customer/verify-otp',
    payload: { phone, restaurant: 'perm-a', otp: codeSentTo(phone) },
  });
  expect(verified.statusCode, verified.body).toBe(200);
  const tokens = verified.json() as TokenResponse;
  expect(tokens.user.id).toBe(created.json().id);
  actors.customer = { token: tokens.access_token, user: tokens.user };
}, 60_000);
afterAll(() => t?.close());

const allRoles: Role[] = ['platform_admin', 'owner', 'manager', 'cashier', 'waiter', 'kitchen', 'customer'];

/**
 * Seed 000 §6.3, as domain/roles.ts `assignable` states it: who may create whom. A role
 * without `users:write` is refused by the route (403 forbidden); a role with it but not
 * allowed to give that role by the service (403 role_not_assignable).
 */
const mayCreate: Record<Role, readonly Role[]> = {
  platform_admin: allRoles,
  owner: ['owner', 'manager', 'cashier', 'waiter', 'kitchen', 'customer'],
  manager: ['cashier', 'waiter', 'kitchen', 'customer'],
  cashier: [],
  waiter: [],
  kitchen: [],
  customer: [],
};
const hasUsersWrite: Role[] = ['platform_admin', 'owner', 'manager'];

describe('the role matrix: who creates whom (seed 000 §6.3)', () => {
  let sequence = 0;
  const cases = allRoles.flatMap((actor) =>
    allRoles.map((target) => ({
      actor,
      target,
      expected: mayCreate[actor].includes(target) ? 201 : 403,
      code: mayCreate[actor].includes(target)
        ? null
        : hasUsersWrite.includes(actor)
          ? 'role_not_assignable'
          : 'forbidden',
    })),
  );

  it.each(cases)('$actor creating a $target → $expected', async ({ actor, target, expected, code }) => {
    sequence += 1;
    const email = `${target}.${sequence}@matrix.example`;
    const body: Record<string, unknown> =
      target === 'customer'
        ? { role: target, phone: `+4915100000${String(sequence).padStart(3, '0')}`, display_name: 'Guest' }
        : { role: target, email, password, display_name: `${target} ${sequence}` };
    if (actor === 'platform_admin' && target !== 'platform_admin') body.tenant_id = tenantA;

    const response = await inject('POST', '/api/v1/users', actors[actor].token, body);

    expect(response.statusCode, response.body).toBe(expected);
    if (expected === 201) {
      const user = response.json() as User;
      expect(user).toMatchObject({
        role: target,
        tenant_id: target === 'platform_admin' ? null : tenantA,
        is_active: true,
        version: 1,
      });
      expect(response.headers.location).toBe(`/api/v1/users/${user.id}`);
      expect(await countUsers('id = $1 and role = $2', [user.id, target])).toBe(1);
    } else {
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe(code);
      if (target !== 'customer') expect(await countUsers('email = $1', [email])).toBe(0);
    }
  });

  it('only the platform admin creates restaurants', async () => {
    const restaurant = {
      name: 'Matrix Bistro',
      slug: 'matrix-bistro',
      timezone: 'Europe/Paris',
      currency: 'EUR',
      tax: {
        prices_include_tax: true,
        default_category: 'std',
        rates: [{ category: 'std', name: 'VAT', rate_bps: 1000 }],
      },
    };
    for (const role of allRoles.filter((r) => r !== 'platform_admin')) {
      const refused = await inject('POST', '/api/v1/restaurants', actors[role].token, restaurant);
      expect(refused.statusCode, `${role}: ${refused.body}`).toBe(403);
      expect(refused.json().code).toBe('forbidden');
    }
    const [before] = await t.db.admin.query<{ n: number }>(
      "select count(*)::int as n from tenants.restaurants where slug = 'matrix-bistro'",
    );
    expect(before!.n).toBe(0);
    const created = await inject('POST', '/api/v1/restaurants', actors.platform_admin.token, restaurant);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'matrix-bistro', is_active: true });
  });
});

describe('what each role may read (seed 000 §6.3)', () => {
  const table: { route: string; allowed: Role[] }[] = [
    { route: '/api/v1/auth/me', allowed: allRoles },
    { route: '/api/v1/restaurants', allowed: allRoles.filter((r) => r !== 'customer') },
    { route: '/api/v1/users', allowed: ['platform_admin', 'owner', 'manager'] },
    { route: '/api/v1/audit-log', allowed: ['platform_admin', 'owner', 'manager'] },
    { route: '/api/v1/api-keys', allowed: ['platform_admin', 'owner'] },
  ];
  const cases = table.flatMap(({ route, allowed }) =>
    allRoles.map((role) => ({ route, role, expected: allowed.includes(role) ? 200 : 403 })),
  );

  it.each(cases)('GET $route as $role → $expected', async ({ route, role, expected }) => {
    const response = await inject('GET', route, actors[role].token);
    expect(response.statusCode, response.body).toBe(expected);
    if (expected === 403) expect(response.json().code).toBe('forbidden');
  });

  it('without a token every one of them is 401', async () => {
    for (const { route } of table) {
      const response = await t.app.inject({ method: 'GET', url: route });
      expect(response.statusCode, route).toBe(401);
      expect(response.json().code).toBe('unauthenticated');
    }
  });

  it('restaurant settings: owner and manager change their own; floor staff and customers cannot', async () => {
    for (const role of allRoles) {
      const response = await inject('PATCH', `/api/v1/restaurants/${tenantA}`, actors[role].token, {
        description: `edited by ${role}`,
      });
      const allowed = ['platform_admin', 'owner', 'manager'].includes(role);
      expect(response.statusCode, `${role}: ${response.body}`).toBe(allowed ? 200 : 403);
      if (allowed) expect(response.json().description).toBe(`edited by ${role}`);
    }
    // ...and never someone else's: B is invisible to A's manager.
    const other = await inject('PATCH', `/api/v1/restaurants/${tenantB}`, actors.manager.token, {
      description: 'hijacked',
    });
    expect(other.statusCode, other.body).toBe(404);
    const [row] = await t.db.admin.query<{ description: string | null }>(
      'select description from tenants.restaurants where id = $1',
      [tenantB],
    );
    expect(row!.description).not.toBe('hijacked');
  });

  it('only the platform admin activates or deactivates restaurants', async () => {
    for (const role of allRoles.filter((r) => r !== 'platform_admin')) {
      const response = await inject('POST', `/api/v1/restaurants/${tenantA}/deactivate`, actors[role].token);
      expect(response.statusCode, `${role}: ${response.body}`).toBe(403);
    }
    const [row] = await t.db.admin.query<{ is_active: boolean }>(
      'select is_active from tenants.restaurants where id = $1',
      [tenantA],
    );
    expect(row!.is_active).toBe(true);
  });
});

describe('customers see only their own data', () => {
  it('a customer reads their own profile and nothing else', async () => {
    const { token, user } = actors.customer;
    const me = await inject('GET', '/api/v1/auth/me', token);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      id: user.id,
      role: 'customer',
      tenant_id: tenantA,
      phone: '+33612345678',
      email: null,
    });
    for (const url of [
      '/api/v1/users',
      `/api/v1/users/${user.id}`,
      `/api/v1/users/${actors.owner.user.id}`,
      '/api/v1/audit-log',
      '/api/v1/api-keys',
      '/api/v1/restaurants',
      `/api/v1/restaurants/${tenantA}`,
    ]) {
      const response = await inject('GET', url, token);
      expect(response.statusCode, url).toBe(403);
    }
    const patch = await inject('PATCH', `/api/v1/users/${user.id}`, token, { display_name: 'Me' });
    expect(patch.statusCode).toBe(403);
  });

  it('floor and kitchen staff cannot list or read users', async () => {
    for (const role of ['cashier', 'waiter', 'kitchen'] as const) {
      for (const url of ['/api/v1/users', `/api/v1/users/${actors[role].user.id}`]) {
        const response = await inject('GET', url, actors[role].token);
        expect(response.statusCode, `${role} ${url}`).toBe(403);
        expect(response.json().code).toBe('forbidden');
      }
      const me = await inject('GET', '/api/v1/auth/me', actors[role].token);
      expect(me.json()).toMatchObject({ id: actors[role].user.id, role, tenant_id: tenantA });
    }
  });
});

describe('a restaurant is a wall', () => {
  it("a manager cannot create a user in another restaurant, nor see or change B's users", async () => {
    const { token } = actors.manager;
    const email = 'smuggled@perm-b.example';
    const created = await inject('POST', '/api/v1/users', token, {
      role: 'waiter',
      email,
      password,
      display_name: 'Smuggled',
      tenant_id: tenantB,
    });
    expect([400, 403]).toContain(created.statusCode);
    expect(created.json().code).toBe('restaurant_required');
    expect(await countUsers('email = $1', [email])).toBe(0);

    const id = waiterB.id;
    const read = await inject('GET', `/api/v1/users/${id}`, token);
    expect(read.statusCode).toBe(404);
    expect(read.json().code).toBe('user_not_found');
    const patched = await inject('PATCH', `/api/v1/users/${id}`, token, { display_name: 'Renamed' });
    expect(patched.statusCode).toBe(404);
    const deleted = await inject('DELETE', `/api/v1/users/${id}`, token);
    expect(deleted.statusCode).toBe(404);
    const reset = await inject('POST', `/api/v1/users/${id}/reset-password`, token, {});
    expect(reset.statusCode).toBe(404);

    const list = await inject('GET', '/api/v1/users?limit=200', token);
    const listed = (list.json().data as User[]).map((user) => user.tenant_id);
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed)).toEqual(new Set([tenantA]));

    const [row] = await t.db.admin.query<{ display_name: string; is_active: boolean; version: number }>(
      'select display_name, is_active, version from identity.users where id = $1',
      [id],
    );
    expect(row).toEqual({ display_name: waiterB.display_name, is_active: true, version: 1 });
  });

  it("an owner cannot reach another restaurant's users either", async () => {
    const read = await inject('GET', `/api/v1/users/${actors.manager.user.id}`, ownerB.token);
    expect(read.statusCode).toBe(404);
    const patched = await inject('PATCH', `/api/v1/users/${actors.manager.user.id}`, ownerB.token, {
      role: 'waiter',
    });
    expect(patched.statusCode).toBe(404);
    const created = await inject('POST', '/api/v1/users', ownerB.token, {
      role: 'owner',
      email: 'second-owner@perm-a.example',
      password,
      display_name: 'Takeover',
      tenant_id: tenantA,
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().code).toBe('restaurant_required');
    expect(await countUsers('email = $1', ['second-owner@perm-a.example'])).toBe(0);
  });
});

describe('changing roles', () => {
  it('a manager cannot change an owner, nor promote anyone to manager or owner', async () => {
    const { token } = actors.manager;
    const owner = await inject('PATCH', `/api/v1/users/${actors.owner.user.id}`, token, {
      display_name: 'Demoted',
    });
    expect(owner.statusCode).toBe(403);
    expect(owner.json().code).toBe('role_not_assignable');
    const demote = await inject('PATCH', `/api/v1/users/${actors.owner.user.id}`, token, { role: 'waiter' });
    expect(demote.statusCode).toBe(403);
    expect(demote.json().code).toBe('role_not_assignable');
    const disable = await inject('DELETE', `/api/v1/users/${actors.owner.user.id}`, token);
    expect(disable.statusCode).toBe(403);

    const waiter = (await staffMember(t, token, 'waiter', 'promotable@perm-a.example')).user;
    for (const role of ['manager', 'owner', 'platform_admin'] as const) {
      const promote = await inject('PATCH', `/api/v1/users/${waiter.id}`, token, { role });
      expect(promote.statusCode, role).toBe(403);
      expect(promote.json().code).toBe('role_not_assignable');
    }
    const [row] = await t.db.admin.query<{ role: string; version: number }>(
      'select role, version from identity.users where id = $1',
      [waiter.id],
    );
    expect(row).toEqual({ role: 'waiter', version: 1 });
    const [owner2] = await t.db.admin.query<{ role: string; display_name: string; is_active: boolean }>(
      'select role, display_name, is_active from identity.users where id = $1',
      [actors.owner.user.id],
    );
    expect(owner2).toEqual({ role: 'owner', display_name: actors.owner.user.display_name, is_active: true });

    // What the manager may do: move floor staff between floor roles.
    const moved = await inject('PATCH', `/api/v1/users/${waiter.id}`, token, { role: 'cashier' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ role: 'cashier', version: 2 });
  });

  it('only the platform admin makes platform admins; nobody turns a restaurant user into one', async () => {
    const staff = (await staffMember(t, actors.owner.token, 'kitchen', 'cook@perm-a.example')).user;
    const byOwner = await inject('PATCH', `/api/v1/users/${staff.id}`, actors.owner.token, {
      role: 'platform_admin',
    });
    expect(byOwner.statusCode).toBe(403);
    expect(byOwner.json().code).toBe('role_not_assignable');
    const byAdmin = await inject('PATCH', `/api/v1/users/${staff.id}`, actors.platform_admin.token, {
      role: 'platform_admin',
    });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().code).toBe('role_not_assignable');

    const second = await inject('POST', '/api/v1/users', actors.platform_admin.token, {
      role: 'platform_admin',
      email: 'second-root@platform.example',
      password,
      display_name: 'Second root',
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ role: 'platform_admin', tenant_id: null });
    const demote = await inject('PATCH', `/api/v1/users/${second.json().id}`, actors.platform_admin.token, {
      role: 'owner',
    });
    expect(demote.statusCode).toBe(403);
    expect(demote.json().code).toBe('role_not_assignable');
    // A restaurant's owner cannot even see a platform admin.
    const hidden = await inject('GET', `/api/v1/users/${second.json().id}`, actors.owner.token);
    expect(hidden.statusCode).toBe(404);
  });

  it('nobody changes their own role or deactivates themselves (422 cannot_change_self)', async () => {
    for (const role of ['platform_admin', 'owner', 'manager'] as const) {
      const { token, user } = actors[role];
      const newRole = role === 'manager' ? 'waiter' : 'kitchen';
      const attempts = [
        inject('PATCH', `/api/v1/users/${user.id}`, token, { role: newRole }),
        inject('PATCH', `/api/v1/users/${user.id}`, token, { is_active: false }),
        inject('DELETE', `/api/v1/users/${user.id}`, token),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.statusCode, `${role}: ${response.body}`).toBe(422);
        expect(response.json().code).toBe('cannot_change_self');
      }
      // Their own password goes through /auth/change-password; a manager may not manage managers at all.
      const reset = await inject('POST', `/api/v1/users/${user.id}/reset-password`, token, {});
      expect([reset.statusCode, reset.json().code]).toEqual(
        role === 'manager' ? [403, 'role_not_assignable'] : [422, 'cannot_change_self'],
      );
      const [row] = await t.db.admin.query<{ role: string; is_active: boolean }>(
        'select role, is_active from identity.users where id = $1',
        [user.id],
      );
      expect(row).toEqual({ role, is_active: true });
    }
  });
});

describe('deny by default', () => {
  it('every /api route declares a permission or is explicitly public', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/routes' });
    expect(response.statusCode).toBe(200);
    const routes = response.json().routes as {
      method: string;
      url: string;
      permission?: string;
      public?: boolean;
    }[];
    const api = routes.filter((route) => route.url.startsWith('/api/') && !route.url.startsWith('/api/docs'));
    expect(api.length).toBeGreaterThan(30);
    const undeclared = api.filter((route) => !route.permission && route.public !== true);
    expect(undeclared).toEqual([]);

    const rule = (method: string, url: string) => {
      const found = api.find((route) => route.method === method && route.url === url);
      if (!found) throw new Error(`no route ${method} ${url}`);
      return found.public ? 'public' : found.permission;
    };
    expect({
      register: rule('POST', '/api/v1/auth/register'),
      login: rule('POST', '/api/v1/auth/login'),
      refresh: rule('POST', '/api/v1/auth/refresh-token'),
      logout: rule('POST', '/api/v1/auth/logout'),
      validate: rule('POST', '/api/v1/auth/validate-token'),
      me: rule('GET', '/api/v1/auth/me'),
      changePassword: rule('POST', '/api/v1/auth/change-password'),
      createUser: rule('POST', '/api/v1/users'),
      listUsers: rule('GET', '/api/v1/users'),
      getUser: rule('GET', '/api/v1/users/:id'),
      patchUser: rule('PATCH', '/api/v1/users/:id'),
      deleteUser: rule('DELETE', '/api/v1/users/:id'),
      resetPassword: rule('POST', '/api/v1/users/:id/reset-password'),
      createKey: rule('POST', '/api/v1/api-keys'),
      listKeys: rule('GET', '/api/v1/api-keys'),
      revokeKey: rule('DELETE', '/api/v1/api-keys/:id'),
      audit: rule('GET', '/api/v1/audit-log'),
      rotate: rule('POST', '/api/v1/admin/signing-keys/rotate'),
      createRestaurant: rule('POST', '/api/v1/restaurants'),
      deactivate: rule('POST', '/api/v1/restaurants/:id/deactivate'),
    }).toEqual({
      register: 'public',
      login: 'public',
      refresh: 'public',
      logout: 'public',
      validate: 'public',
      me: 'auth:self',
      changePassword: 'auth:self',
      createUser: 'users:write',
      listUsers: 'users:read',
      getUser: 'users:read',
      patchUser: 'users:write',
      deleteUser: 'users:write',
      resetPassword: 'users:write',
      createKey: 'api_keys:manage',
      listKeys: 'api_keys:manage',
      revokeKey: 'api_keys:manage',
      audit: 'audit:read',
      rotate: 'signing_keys:rotate',
      createRestaurant: 'restaurants:create',
      deactivate: 'restaurants:activate',
    });
  });
  // Registering an /api route with neither `permission` nor `public` throws at start-up:
  // proven once for every module in packages/http/test/conventions.int.test.ts ('deny by default').

  it('only the platform admin rotates the signing key, and tokens signed before stay valid', async () => {
    for (const role of allRoles.filter((r) => r !== 'platform_admin')) {
      const refused = await inject('POST', '/api/v1/admin/signing-keys/rotate', actors[role].token);
      expect(refused.statusCode, role).toBe(403);
    }
    const rotated = await inject('POST', '/api/v1/admin/signing-keys/rotate', actors.platform_admin.token);
    expect(rotated.statusCode, rotated.body).toBe(200);
    for (const role of allRoles) {
      const me = await inject('GET', '/api/v1/auth/me', actors[role].token);
      expect(me.statusCode, role).toBe(200);
    }
  });
});
