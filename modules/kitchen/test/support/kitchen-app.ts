import { floorModule } from '@brigade/floor/module';
import type { AppModule } from '@brigade/http';
import { type Clock, type RequestContext, systemContext } from '@brigade/kernel';
import type { Item, MenuService } from '@brigade/menu';
import { menuModule } from '@brigade/menu/module';
import type { OrdersService } from '@brigade/orders';
import { ordersModule } from '@brigade/orders/module';
import type { Restaurant } from '@brigade/tenants';
import { tenantsModule } from '@brigade/tenants/module';
import {
  as,
  createRestaurant,
  createTestApp,
  euroVatRestaurant,
  eventually,
  moduleRows,
  type TestApp,
} from '@brigade/testing';

export { manualClock } from '@brigade/testing';

import { expect } from 'vitest';
import { kitchenPermissions as can, type KitchenService } from '../../src/contract/index.js';
import { type KitchenOptions, kitchenModule } from '../../src/module.js';

export const newRestaurant = (t: TestApp, slug: string) =>
  createRestaurant<Restaurant>(t, slug, euroVatRestaurant);

/**
 * The kitchen with what feeds it: tenants, menu, floor and the real orders module. The sweep
 * runs only when a test calls it (no timer) unless `kitchen.sweepIntervalMs` says otherwise.
 */
export function createKitchenApp(
  options: { kitchen?: Partial<KitchenOptions>; clock?: Clock; poolMax?: number } = {},
): Promise<TestApp> {
  return createTestApp({
    modules: [
      tenantsModule as AppModule,
      menuModule as AppModule,
      floorModule() as AppModule,
      ordersModule() as AppModule,
      kitchenModule({ sweepIntervalMs: 0, ...options.kitchen }) as AppModule,
    ],
    ...(options.clock && { clock: options.clock }),
    ...(options.poolMax && { poolMax: options.poolMax }),
  });
}

export const kitchenService = (t: TestApp) => t.modules.get('kitchen')!.service as KitchenService;
export const ordersService = (t: TestApp) => t.modules.get('orders')!.service as OrdersService;
export const system = (r: { id: string }): RequestContext => systemContext(r.id, 'kitchen-test');

const staffId = '0190a0a0-0000-7000-8000-00000000d001';

/** A manager as the role matrix has it: takes orders, voids, runs the kitchen. */
export const manager = (r: { id: string }) =>
  as({
    tenantId: r.id,
    userId: staffId,
    role: 'manager',
    permissions: [
      can.read,
      can.write,
      'orders:read',
      'orders:write',
      'orders:status',
      'orders:void',
      'floor:read',
      'floor:write',
      'floor:sessions',
    ],
  });

/** Kitchen staff: the kitchen and order status, nothing else. */
export const cook = (r: { id: string }) =>
  as({ tenantId: r.id, role: 'kitchen', permissions: [can.read, can.write, 'orders:read', 'orders:status'] });

/** A waiter sees the kitchen and fires courses from the floor, but does not work the line. */
export const waiter = (r: { id: string }) =>
  as({ tenantId: r.id, role: 'waiter', permissions: [can.read, can.fire, 'orders:read', 'orders:write'] });

/** A small client bound to one caller. */
export function client(t: TestApp, headers: Record<string, string>) {
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const response = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      // biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
      body: (response.body ? response.json() : undefined) as any,
    };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown = {}) => call('POST', url, payload),
    delete: (url: string) => call('DELETE', url),
  };
}
export type Client = ReturnType<typeof client>;

/** A menu over four stations, with target prep times: grill 600 s, fryer 300 s, bar none, no station. */
export interface TestMenu {
  burger: Item;
  fries: Item;
  lemonade: Item;
  bread: Item;
  cake: Item;
}

export async function createMenu(t: TestApp, r: { id: string }): Promise<TestMenu> {
  const menu = t.modules.get('menu')!.service as MenuService;
  const ctx = system(r);
  const category = await menu.createCategory(ctx, { name: 'Food' });
  const item = (input: Parameters<MenuService['createItem']>[1]) => menu.createItem(ctx, input);
  const burger = await item({
    category_id: category.id,
    name: 'Burger',
    price: 1200,
    station: 'grill',
    prep_time_seconds: 600,
  });
  const fries = await item({
    category_id: category.id,
    name: 'Fries',
    price: 400,
    station: 'fryer',
    prep_time_seconds: 300,
  });
  const lemonade = await item({ category_id: category.id, name: 'Lemonade', price: 300, station: 'bar' });
  const bread = await item({ category_id: category.id, name: 'Bread', price: 200 });
  const cake = await item({
    category_id: category.id,
    name: 'Cake',
    price: 600,
    station: 'pastry',
    prep_time_seconds: 240,
  });
  await menu.publishMenu(ctx, {});
  return { burger, fries, lemonade, bread, cake };
}

/** Places a takeout order through POST /api/v1/orders and returns it. */
export async function placeOrder(
  t: TestApp,
  r: { id: string },
  lines: { menu_item_id: string; quantity: number; course?: number; notes?: string; seat?: number }[],
  channel: 'takeout' | 'delivery' | 'dine_in' = 'takeout',
  extra: Record<string, unknown> = {},
) {
  const placed = await client(t, manager(r)).post('/orders', { channel, lines, ...extra });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body as { id: string; number: string; status: string; lines: { id: string; name: string }[] };
}

// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
type Json = any;

/** The order's tickets on the kitchen display, once `count` of them have arrived. */
export async function ticketsOf(
  t: TestApp,
  r: { id: string },
  orderId: string,
  count: number,
): Promise<Json[]> {
  const staff = client(t, cook(r));
  const expo = await eventually(
    () => staff.get(`/kds/orders/${orderId}`),
    (answer) => answer.status === 200 && answer.body.tickets.length >= count,
  );
  return expo.body.tickets;
}

/** The order's status in the orders module, once it is `status`. */
export async function orderBecomes(t: TestApp, r: { id: string }, orderId: string, status: string) {
  const staff = client(t, manager(r));
  const order = await eventually(
    () => staff.get(`/orders/${orderId}`),
    (answer) => answer.body?.status === status,
  );
  return order.body;
}

export const { outbox, countRows } = moduleRows('kitchen');
