import type { Role } from '@brigade/kernel';

/** The identity module's own permissions. */
export const identityPermissions = {
  /** Any signed-in user: their profile, password and sessions. */
  self: 'auth:self',
  usersRead: 'users:read',
  usersWrite: 'users:write',
  auditRead: 'audit:read',
  apiKeys: 'api_keys:manage',
  signingKeys: 'signing_keys:rotate',
} as const;

export const roles = [
  'platform_admin',
  'owner',
  'manager',
  'cashier',
  'waiter',
  'kitchen',
  'customer',
] as const satisfies readonly Role[];

/** Roles that belong to a restaurant's staff. */
export const staffRoles = [
  'owner',
  'manager',
  'cashier',
  'waiter',
  'kitchen',
] as const satisfies readonly Role[];
