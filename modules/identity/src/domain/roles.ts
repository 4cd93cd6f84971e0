import type { Role } from '@brigade/kernel';
import { tenantsPermissions as restaurants } from '@brigade/tenants';
import { identityPermissions as identity } from '../contract/permissions.js';

/**
 * Roles are sets of named permissions (DESIGN.md §6, after seed 000 §6.3). Modules that do
 * not exist yet are named by their permission strings; each module's contract will own them.
 */
const seeStaffFeed = [
  'auth:self',
  restaurants.read,
  'menu:read',
  'floor:read',
  'orders:read',
  'realtime:staff',
];
const runKitchen = ['kitchen:read', 'kitchen:write', 'orders:status', 'menu:availability'];
const takeOrders = ['orders:write', 'orders:status', 'floor:sessions', 'customers:read'];
const takePayments = ['payments:read', 'payments:write', 'orders:write', 'customers:read'];
const manageRestaurant = [
  restaurants.write,
  identity.usersRead,
  identity.usersWrite,
  identity.auditRead,
  'menu:write',
  'floor:write',
  'orders:void',
  'payments:refund',
  'inventory:read',
  'inventory:write',
  'loyalty:write',
  'promotions:write',
  'analytics:read',
];

const matrix: Record<Role, string[]> = {
  platform_admin: ['*'],
  owner: [
    ...seeStaffFeed,
    ...runKitchen,
    ...takeOrders,
    ...takePayments,
    ...manageRestaurant,
    identity.apiKeys,
  ],
  manager: [...seeStaffFeed, ...runKitchen, ...takeOrders, ...takePayments, ...manageRestaurant],
  cashier: [...seeStaffFeed, ...takePayments],
  // Waiters settle their own tables (cash, card terminal); refunds stay with managers.
  waiter: [...seeStaffFeed, ...takeOrders, 'kitchen:read', 'kitchen:fire', 'payments:read', 'payments:write'],
  kitchen: ['auth:self', restaurants.read, 'menu:read', 'orders:read', 'realtime:staff', ...runKitchen],
  customer: ['auth:self', 'orders:read_own', 'orders:create_own'],
};

const permissionSets = new Map<Role, ReadonlySet<string>>(
  Object.entries(matrix).map(([role, permissions]) => [role as Role, new Set(permissions)]),
);

export function permissionsOf(role: Role): ReadonlySet<string> {
  return permissionSets.get(role)!;
}

/**
 * Which roles each role may give to a user: the platform admin any; an owner their staff
 * and co-owners; a manager the floor and kitchen staff. Always within their own restaurant.
 */
const assignable: Record<Role, readonly Role[]> = {
  platform_admin: ['platform_admin', 'owner', 'manager', 'cashier', 'waiter', 'kitchen', 'customer'],
  owner: ['owner', 'manager', 'cashier', 'waiter', 'kitchen', 'customer'],
  manager: ['cashier', 'waiter', 'kitchen', 'customer'],
  cashier: [],
  waiter: [],
  kitchen: [],
  customer: [],
};

export function canAssign(actorRole: Role | null, role: Role): boolean {
  return actorRole !== null && assignable[actorRole].includes(role);
}

/** Every permission some tenant role holds: what an API key may be granted at most. */
export const tenantPermissions: ReadonlySet<string> = new Set(
  Object.entries(matrix).flatMap(([role, permissions]) => (role === 'platform_admin' ? [] : permissions)),
);
