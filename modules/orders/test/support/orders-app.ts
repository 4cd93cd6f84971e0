import { floorModule } from '@brigade/floor/module';
import type { AppModule } from '@brigade/http';
import { type Clock, type RequestContext, systemContext } from '@brigade/kernel';
import type { Item, MenuService, ModifierGroup } from '@brigade/menu';
import { menuModule } from '@brigade/menu/module';
import type { Restaurant } from '@brigade/tenants';
import { tenantsModule } from '@brigade/tenants/module';
import {
  as,
  createRestaurant,
  createTestApp,
  moduleRows,
  type RestaurantSettings,
  type TaxSetup,
  type TestApp,
} from '@brigade/testing';

export { manualClock } from '@brigade/testing';

import { expect } from 'vitest';
import { ordersPermissions as can, type OrdersService } from '../../src/contract/index.js';
import { type OrdersOptions, ordersModule } from '../../src/module.js';

export function createOrdersApp(
  options: { orders?: Partial<OrdersOptions>; clock?: Clock; extra?: AppModule[] } = {},
): Promise<TestApp> {
  return createTestApp({
    modules: [
      tenantsModule as AppModule,
      menuModule as AppModule,
      floorModule() as AppModule,
      ordersModule(options.orders) as AppModule,
      ...(options.extra ?? []),
    ],
    ...(options.clock && { clock: options.clock }),
  });
}

export const ordersService = (t: TestApp) => t.modules.get('orders')!.service as OrdersService;
export const menuService = (t: TestApp) => t.modules.get('menu')!.service as MenuService;

export const newRestaurant = (t: TestApp, slug: string, settings: RestaurantSettings = {}) =>
  createRestaurant<Restaurant>(t, slug, { tax: gst, ...settings });

export const gst: TaxSetup = {
  prices_include_tax: false,
  default_category: 'food',
  rates: [
    { category: 'food', name: 'GST 5%', rate_bps: 500 },
    { category: 'alcohol', name: 'VAT 18%', rate_bps: 1800 },
  ],
};

export const managerId = '0190a0a0-0000-7000-8000-00000000b001';
export const waiterId = '0190a0a0-0000-7000-8000-00000000b002';
export const customerId = '0190a0a0-0000-7000-8000-00000000c001';
export const otherCustomerId = '0190a0a0-0000-7000-8000-00000000c002';

/** The role matrix's orders permissions (identity's roles), as test principals. */
export const manager = (r: { id: string }) =>
  as({
    tenantId: r.id,
    userId: managerId,
    role: 'manager',
    permissions: [can.read, can.write, can.status, can.void, 'floor:read', 'floor:sessions', 'floor:write'],
  });
export const waiter = (r: { id: string }) =>
  as({
    tenantId: r.id,
    userId: waiterId,
    role: 'waiter',
    permissions: [can.read, can.write, can.status, 'floor:read', 'floor:sessions'],
  });
export const kitchen = (r: { id: string }) =>
  as({ tenantId: r.id, role: 'kitchen', permissions: [can.read, can.status] });
export const customer = (r: { id: string }, id = customerId) =>
  as({ tenantId: r.id, userId: id, role: 'customer', permissions: [can.readOwn, can.createOwn] });

export const system = (r: { id: string }): RequestContext => systemContext(r.id, 'orders-test');

/** A small client bound to one caller. */
export function client(t: TestApp, headers: Record<string, string>) {
  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, extra = {}) => {
    const response = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...headers, ...extra },
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
    post: (url: string, payload: unknown = {}, extra: Record<string, string> = {}) =>
      call('POST', url, payload, extra),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
  };
}
export type Client = ReturnType<typeof client>;

/** Spice-Route-like menu: plain items, an item with sizes, one with required and nested options. */
export interface TestMenu {
  samosa: Item; // 9900, station fryer, prep 420
  biryani: Item; // variants Half 24900 / Full 39900
  curry: Item; // 34900 + required spice (1 of 3) + optional add-ons (max 2), one opening a nested group
  beer: Item; // 30000, tax category alcohol
  spice: ModifierGroup;
  addOns: ModifierGroup;
  bread: ModifierGroup;
}

export async function createMenu(t: TestApp, r: { id: string }, publish = true): Promise<TestMenu> {
  const menu = menuService(t);
  const ctx = system(r);
  const category = await menu.createCategory(ctx, { name: 'Food' });
  const bread = await menu.createModifierGroup(ctx, {
    name: 'Bread',
    min_select: 1,
    max_select: 1,
    is_required: true,
    options: [
      { name: 'Naan', price_delta: 4000 },
      { name: 'Roti', price_delta: 3000 },
    ],
  });
  const spice = await menu.createModifierGroup(ctx, {
    name: 'Spice level',
    min_select: 1,
    max_select: 1,
    is_required: true,
    options: [{ name: 'Mild' }, { name: 'Medium' }, { name: 'Hot', price_delta: 0 }],
  });
  const addOns = await menu.createModifierGroup(ctx, {
    name: 'Add-ons',
    min_select: 0,
    max_select: 2,
    is_required: false,
    options: [
      { name: 'Extra paneer', price_delta: 6000 },
      { name: 'Raita', price_delta: 4900 },
      { name: 'Bread basket', price_delta: 0, opens_group_id: bread.id },
    ],
  });
  const item = (input: Parameters<MenuService['createItem']>[1]) => menu.createItem(ctx, input);
  const samosa = await item({
    category_id: category.id,
    name: 'Veg Samosa',
    price: 9900,
    station: 'fryer',
    prep_time_seconds: 420,
  });
  const biryani = await item({
    category_id: category.id,
    name: 'Biryani',
    price: 39900,
    station: 'biryani',
    prep_time_seconds: 1200,
    variants: [
      { name: 'Half', price: 24900 },
      { name: 'Full', price: 39900 },
    ],
  });
  const curry = await item({
    category_id: category.id,
    name: 'Butter Chicken',
    price: 34900,
    station: 'curry',
    prep_time_seconds: 900,
    modifier_group_ids: [spice.id, addOns.id],
  });
  const beer = await item({
    category_id: category.id,
    name: 'Kingfisher',
    price: 30000,
    tax_category: 'alcohol',
    station: 'bar',
  });
  if (publish) await menu.publishMenu(ctx, {});
  return { samosa, biryani, curry, beer, spice, addOns, bread };
}

export const optionId = (group: ModifierGroup, name: string) =>
  group.options.find((option) => option.name === name)!.id;

export const { outbox, countRows } = moduleRows('orders');

/** A table of the restaurant, created through the floor API, with its QR token. */
export async function addTable(t: TestApp, r: { id: string }, number: string) {
  const staff = client(t, manager(r));
  const created = await staff.post('/tables', { number, capacity: 4 });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const qr = await staff.get(`/tables/${created.body.id}/qr?format=json`);
  expect(qr.status).toBe(200);
  return { id: created.body.id as string, number, token: qr.body.token as string };
}
