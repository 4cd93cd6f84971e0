import { floorModule } from '@brigade/floor/module';
import type { AppModule } from '@brigade/http';
import { type Clock, systemContext } from '@brigade/kernel';
import type { MenuService } from '@brigade/menu';
import { menuModule } from '@brigade/menu/module';
import { ordersModule } from '@brigade/orders/module';
import type { Restaurant } from '@brigade/tenants';
import { tenantsModule } from '@brigade/tenants/module';
import {
  as,
  createRestaurant,
  createTestApp,
  moduleRows,
  type RestaurantSettings,
  type TestApp,
} from '@brigade/testing';
import { paymentsPermissions as can, type PaymentsService } from '../../src/contract/index.js';
import { type PaymentsOptions, paymentsModule } from '../../src/module.js';

export { manualClock } from '@brigade/testing';

/** tenants, menu, floor, orders and payments: what a check needs end to end. */
export function createPaymentsApp(
  options: { payments?: Partial<PaymentsOptions>; clock?: Clock } = {},
): Promise<TestApp> {
  return createTestApp({
    modules: [
      tenantsModule as AppModule,
      menuModule as AppModule,
      floorModule() as AppModule,
      ordersModule() as AppModule,
      paymentsModule({ reconcileIntervalMs: 0, ...options.payments }) as AppModule,
    ],
    ...(options.clock && { clock: options.clock }),
  });
}

export const paymentsService = (t: TestApp) => t.modules.get('payments')!.service as PaymentsService;

/** GST 5 % on top of prices: totals differ from subtotals, so tax shows in every figure. */
export const newRestaurant = (t: TestApp, slug: string, settings: RestaurantSettings = {}) =>
  createRestaurant<Restaurant>(t, slug, {
    tax: {
      prices_include_tax: false,
      default_category: 'food',
      rates: [{ category: 'food', name: 'GST 5%', rate_bps: 500 }],
    },
    ...settings,
  });

const staffPermissions = [
  'orders:read',
  'orders:write',
  'orders:status',
  'floor:read',
  'floor:sessions',
  'floor:write',
];

/** The role matrix's payment permissions (identity's roles), as test principals. */
export const manager = (r: { id: string }) =>
  as({
    tenantId: r.id,
    userId: '0190a0a0-0000-7000-8000-00000000d001',
    role: 'manager',
    permissions: [...staffPermissions, can.read, can.process, can.refund, can.configure],
  });
export const cashier = (r: { id: string }) =>
  as({
    tenantId: r.id,
    userId: '0190a0a0-0000-7000-8000-00000000d002',
    role: 'cashier',
    permissions: ['orders:read', 'orders:write', can.read, can.process],
  });
export const waiter = (r: { id: string }) =>
  as({ tenantId: r.id, role: 'waiter', permissions: [...staffPermissions, can.read] });

// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
export type Answer = { status: number; headers: Record<string, unknown>; body: any; text: string };

/** A small client bound to one caller. */
export function client(t: TestApp, headers: Record<string, string>) {
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<Answer> => {
    const response = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    const json = (response.headers['content-type'] ?? '').toString().includes('json');
    return {
      status: response.statusCode,
      headers: response.headers,
      body: json && response.body ? response.json() : undefined,
      text: response.body,
    };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown = {}) => call('POST', url, payload),
    put: (url: string, payload: unknown) => call('PUT', url, payload),
  };
}
export type Client = ReturnType<typeof client>;

/** Two dishes (GST 5 % on top): Paneer Tikka 25000, Dal 12000. */
export async function createMenu(t: TestApp, r: { id: string }) {
  const menu = t.modules.get('menu')!.service as MenuService;
  const ctx = systemContext(r.id, 'payments-test');
  const category = await menu.createCategory(ctx, { name: 'Food' });
  const tikka = await menu.createItem(ctx, { category_id: category.id, name: 'Paneer Tikka', price: 25000 });
  const dal = await menu.createItem(ctx, { category_id: category.id, name: 'Dal', price: 12000 });
  await menu.publishMenu(ctx, {});
  return { tikka, dal };
}

/** A table through the floor API. */
export async function addTable(t: TestApp, r: { id: string }, number: string): Promise<string> {
  const created = await client(t, manager(r)).post('/tables', { number, capacity: 4 });
  if (created.status !== 201) throw new Error(`table: ${created.status} ${created.text}`);
  return created.body.id as string;
}

export const { outbox, countRows } = moduleRows('payments');
