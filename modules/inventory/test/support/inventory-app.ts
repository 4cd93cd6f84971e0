import { floorModule } from '@brigade/floor/module';
import type { AppModule } from '@brigade/http';
import { type RequestContext, systemContext } from '@brigade/kernel';
import type { MenuService } from '@brigade/menu';
import { menuModule } from '@brigade/menu/module';
import { ordersModule } from '@brigade/orders/module';
import type { Restaurant } from '@brigade/tenants';
import { tenantsModule } from '@brigade/tenants/module';
import {
  as,
  createRestaurant,
  createTestApp,
  euroVatRestaurant,
  moduleRows,
  type TestApp,
} from '@brigade/testing';
import { expect } from 'vitest';
import { inventoryPermissions as can, type InventoryService } from '../../src/contract/index.js';
import { type InventoryOptions, inventoryModule } from '../../src/module.js';

export { eventually } from '@brigade/testing';

export const newRestaurant = (t: TestApp, slug: string) =>
  createRestaurant<Restaurant>(t, slug, euroVatRestaurant);

/** Inventory with what feeds it: tenants, menu, floor and the real orders module. */
export function createInventoryApp(
  options: { inventory?: Partial<InventoryOptions>; poolMax?: number; withOrders?: boolean } = {},
): Promise<TestApp> {
  return createTestApp({
    modules: [
      tenantsModule as AppModule,
      menuModule as AppModule,
      ...(options.withOrders === false ? [] : [floorModule() as AppModule, ordersModule() as AppModule]),
      inventoryModule({ sweepIntervalMs: 0, effectsPollMs: 100, ...options.inventory }) as AppModule,
    ],
    ...(options.poolMax && { poolMax: options.poolMax }),
  });
}

export const inventoryService = (t: TestApp) => t.modules.get('inventory')!.service as InventoryService;
export const menuService = (t: TestApp) => t.modules.get('menu')!.service as MenuService;
export const system = (r: { id: string }): RequestContext => systemContext(r.id, 'inventory-test');

/** A manager as the role matrix has it: inventory, orders, voids. */
export const manager = (r: { id: string }) =>
  as({
    tenantId: r.id,
    userId: '0190a0a0-0000-7000-8000-00000000e001',
    role: 'manager',
    permissions: [
      can.read,
      can.write,
      'orders:read',
      'orders:write',
      'orders:status',
      'orders:void',
      'menu:read',
    ],
  });

/** A waiter: no inventory at all. */
export const waiter = (r: { id: string }) =>
  as({ tenantId: r.id, role: 'waiter', permissions: ['orders:read', 'orders:write'] });

// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
type Json = any;

/** A small client bound to one caller. */
export function client(t: TestApp, headers: Record<string, string>) {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) => {
    const response = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      body: (response.body ? response.json() : undefined) as Json,
    };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown = {}) => call('POST', url, payload),
    put: (url: string, payload: unknown) => call('PUT', url, payload),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
  };
}
export type Client = ReturnType<typeof client>;

/** Creates an ingredient over HTTP (201) and returns it. */
export async function ingredient(api: Client, body: Record<string, unknown>): Promise<Json> {
  const created = await api.post('/inventory/items', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

export const { outbox, countRows } = moduleRows('inventory');

/** The level row against the sum of the transactions, straight from the tables (owner's view). */
export async function levelAndSum(t: TestApp, ingredientId: string) {
  const [row] = await t.db.admin.query<{ level: string; sum: string }>(
    `select l.quantity as level, coalesce((select sum(quantity) from inventory.transactions t where t.ingredient_id = l.ingredient_id), 0) as sum
     from inventory.levels l where l.ingredient_id = $1`,
    [ingredientId],
  );
  return { level: Number(row!.level), sum: Number(row!.sum) };
}

/** Every level of the restaurant equals the sum of its transactions. */
export async function levelsAreSums(t: TestApp, tenantId: string) {
  const rows = await t.db.admin.query<{ id: string; level: string; sum: string }>(
    `select l.ingredient_id as id, l.quantity as level,
       coalesce((select sum(quantity) from inventory.transactions t where t.ingredient_id = l.ingredient_id), 0) as sum
     from inventory.levels l where l.tenant_id = $1`,
    [tenantId],
  );
  for (const row of rows) expect(Number(row.level), row.id).toBe(Number(row.sum));
  return rows.length;
}
