import { type Clock, type RequestContext, type Role, systemContext } from '@brigade/kernel';
import { demoRestaurantId } from '@brigade/tenants';
import type { IdentityService } from './contract/index.js';
import type { Users } from './users.service.js';

const demoPassword = 'Password@123';

/** Seed 003's pre-seeded staff, one per role, plus a platform admin. Printed by `brigade serve`. */
export const demoLogins: { role: Role; username: string; email: string; password: string }[] = [
  { role: 'platform_admin', username: 'admin', email: 'admin@brigade.example', password: demoPassword },
  { role: 'owner', username: 'owner1', email: 'owner1@spiceroute.example', password: demoPassword },
  { role: 'manager', username: 'manager1', email: 'manager1@spiceroute.example', password: demoPassword },
  { role: 'cashier', username: 'cashier1', email: 'cashier1@spiceroute.example', password: demoPassword },
  { role: 'waiter', username: 'waiter1', email: 'waiter1@spiceroute.example', password: demoPassword },
  {
    role: 'kitchen',
    username: 'kitchen_staff1',
    email: 'kitchen_staff1@spiceroute.example',
    password: demoPassword,
  },
];

const names: Record<string, string> = {
  admin: 'Platform Admin',
  owner1: 'Asha Rao',
  manager1: 'Vikram Nair',
  cashier1: 'Meera Iyer',
  waiter1: 'Arjun Das',
  kitchen_staff1: 'Kabir Singh',
};

export async function seedDemoStaff(service: IdentityService, users: Users, clock: Clock) {
  const ctx: RequestContext = {
    ...systemContext(null, `seed-${clock.now().getTime()}`),
    actor: { kind: 'system', id: null, role: 'platform_admin', permissions: new Set(['*']) },
  };
  const existing = await service.listUsers(ctx, { q: '.example', limit: 200 });
  const present = new Set(existing.data.map((user) => user.username));
  for (const login of demoLogins) {
    if (present.has(login.username)) continue;
    await users.createUser(ctx, {
      role: login.role,
      username: login.username,
      email: login.email,
      display_name: names[login.username] ?? login.username,
      password: login.password,
      ...(login.role !== 'platform_admin' && { tenant_id: demoRestaurantId }),
    });
  }
}
