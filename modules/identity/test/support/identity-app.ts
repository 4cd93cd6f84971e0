import type { AppModule } from '@brigade/http';
import type { Clock, Role } from '@brigade/kernel';
import { tenantsModule } from '@brigade/tenants/module';
import { manualClock as clockFrom, createTestApp, platformAdmin, type TestApp } from '@brigade/testing';
import { expect } from 'vitest';
import type { TokenResponse, User } from '../../src/contract/index.js';
import { type IdentityOptions, identityModule } from '../../src/module.js';

/** A clock tests move by hand, from a fixed instant. */
export const manualClock = (start: Date | string = '2026-11-22T12:00:00Z') => clockFrom(start);

export const password = 'correct horse battery staple';

/** The tenants and identity modules over a fresh database; sign-in limits opened up unless given. */
export function createIdentityApp(
  options: { identity?: Partial<IdentityOptions>; clock?: Clock; modules?: AppModule[] } = {},
): Promise<TestApp> {
  return createTestApp({
    modules: [
      tenantsModule as AppModule,
      identityModule({
        signInPerIpPerMinute: 100_000,
        statusCacheSeconds: 0,
        ...options.identity,
      }) as AppModule,
      ...(options.modules ?? []),
    ],
    ...(options.clock && { clock: options.clock }),
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A new restaurant (made by the platform admin) and its owner, signed in. */
export async function restaurantWithOwner(t: TestApp, slug: string) {
  const signup = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: {
      restaurant: { name: `Restaurant ${slug}`, slug, timezone: 'Europe/Paris', currency: 'EUR' },
      owner: { email: `owner@${slug}.example`, password, display_name: `Owner of ${slug}` },
    },
  });
  expect(signup.statusCode, signup.body).toBe(201);
  const tokens = signup.json() as TokenResponse;
  return { tenantId: tokens.user.tenant_id!, owner: tokens, ownerToken: tokens.access_token };
}

/** Creates a user with `role` through the API as `actorToken`, then signs them in. */
export async function staffMember(t: TestApp, actorToken: string, role: Role, email: string) {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: bearer(actorToken),
    payload: { role, email, display_name: `${role} ${email}`, password },
  });
  expect(created.statusCode, created.body).toBe(201);
  const tokens = await login(t, { email, password });
  return { user: created.json() as User, tokens, token: tokens.access_token };
}

export async function login(t: TestApp, body: Record<string, unknown>): Promise<TokenResponse> {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** A platform admin account, signed in with a real token. */
export async function platformAdminLogin(t: TestApp, email = 'root@platform.example') {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: platformAdmin(),
    payload: { role: 'platform_admin', email, display_name: 'Root', password },
  });
  expect(created.statusCode, created.body).toBe(201);
  return login(t, { email, password });
}
