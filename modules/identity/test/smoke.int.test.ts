import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  bearer,
  createIdentityApp,
  platformAdminLogin,
  restaurantWithOwner,
  staffMember,
} from './support/identity-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createIdentityApp();
});
afterAll(() => t?.close());

it('smoke', async () => {
  const a = await restaurantWithOwner(t, 'smoke-a');
  const manager = await staffMember(t, a.ownerToken, 'manager', 'm@smoke.example');
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(manager.token) });
  expect(me.json().role).toBe('manager');
  const admin = await platformAdminLogin(t);
  expect(admin.user.tenant_id).toBeNull();
});
