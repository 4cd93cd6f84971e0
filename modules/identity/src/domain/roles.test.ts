import type { Role } from '@brigade/kernel';
import { describe, expect, it } from 'vitest';
import { permissionsOf, tenantPermissions } from './roles.js';

const payments = ['payments:read', 'payments:write', 'payments:refund'] as const;

/** docs/api.md § Authentication and permissions: who may look at, take and refund payments. */
const paymentMatrix: Record<Exclude<Role, 'platform_admin'>, readonly (typeof payments)[number][]> = {
  owner: ['payments:read', 'payments:write', 'payments:refund'],
  manager: ['payments:read', 'payments:write', 'payments:refund'],
  cashier: ['payments:read', 'payments:write'],
  waiter: ['payments:read', 'payments:write'],
  kitchen: [],
  customer: [],
};

describe('the role matrix: payments', () => {
  it.each(Object.entries(paymentMatrix))('%s holds exactly %j of the payment permissions', (role, held) => {
    const granted = permissionsOf(role as Role);
    expect(payments.filter((permission) => granted.has(permission))).toEqual(held);
  });

  it('a waiter takes payments at the table but cannot void started lines or refund', () => {
    const waiter = permissionsOf('waiter');
    expect(waiter.has('orders:write')).toBe(true);
    expect(waiter.has('orders:void')).toBe(false);
    expect(waiter.has('payments:refund')).toBe(false);
    // Fires the next course from the floor, but does not work the line (start, bump, recall).
    expect(waiter.has('kitchen:fire')).toBe(true);
    expect(waiter.has('kitchen:write')).toBe(false);
    expect(tenantPermissions.has('payments:write')).toBe(true);
  });
});
