import { systemContext } from '@brigade/kernel';
import { demoRestaurantId } from '@brigade/tenants';
import { tenantsModule } from '@brigade/tenants/module';
import { createTestApp, platformAdmin, type TestApp } from '@brigade/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Item, MenuService, ModifierGroup } from '../src/contract/index.js';
import { menuModule } from '../src/module.js';
import {
  type Client,
  client,
  createRestaurant,
  kitchenOf,
  managerOf,
  outbox,
  waiterOf,
} from './support/menu-app.js';

let t: TestApp;
let tenant: string;
let manager: Client;
let naan: Item;
beforeAll(async () => {
  t = await createTestApp({ modules: [tenantsModule, menuModule] });
  tenant = await createRestaurant(t, 'availability');
  manager = client(t, managerOf(tenant));
  const breads = (await manager.post('/menu/categories', { name: 'Breads' })).body as Category;
  naan = (
    await manager.post('/menu/items', {
      category_id: breads.id,
      name: 'Garlic Naan',
      price: 7900,
      station: 'tandoor',
    })
  ).body;
});
afterAll(() => t?.close());
const menuService = (app: TestApp) => app.modules.get('menu')!.service as MenuService;
const systemOf = (tenantId: string) => systemContext(tenantId, 'menu-test');

describe('availability (86)', () => {
  it('one size can be sold out: staff see it, guests are not offered it, pricing refuses it; all sizes out hides the item', async () => {
    const sizes = await createRestaurant(t, 'sizes');
    const owner = client(t, managerOf(sizes));
    const mains = (await owner.post('/menu/categories', { name: 'Mains' })).body as Category;
    const biryani = (
      await owner.post('/menu/items', {
        category_id: mains.id,
        name: 'Biryani',
        price: 39900,
        variants: [
          { name: 'Half', price: 24900 },
          { name: 'Full', price: 39900 },
        ],
      })
    ).body as Item;
    expect((await owner.post('/menu/publish', {})).status).toBe(201);
    const [half, full] = biryani.variants;
    const kitchen = client(t, kitchenOf(sizes));
    const off = await kitchen.post(`/menu/variants/${full!.id}/availability`, { available: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(
      off.body.variants.map((v: { name: string; is_available: boolean }) => [v.name, v.is_available]),
    ).toEqual([
      ['Half', true],
      ['Full', false],
    ]);
    const publicMenu = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/public/restaurants/sizes/menu' })).json() as {
        categories: { items: { id: string; variants: { name: string }[] }[] }[];
      };
    const offered = () =>
      publicMenu().then((menu) =>
        menu.categories.flatMap((category) => category.items).find((item) => item.id === biryani.id),
      );
    expect((await offered())!.variants.map((variant) => variant.name)).toEqual(['Half']);
    const pricing = await menuService(t).getItemsForPricing(systemOf(sizes), { item_ids: [biryani.id] });
    expect(pricing.items[0]!.variants.map((variant) => variant.is_available)).toEqual([true, false]);
    // Both sizes out: guests do not see the item at all; one back, and it is offered again.
    await kitchen.post(`/menu/variants/${half!.id}/availability`, { available: false });
    expect(await offered()).toBeUndefined();
    await kitchen.post(`/menu/variants/${full!.id}/availability`, { available: true });
    expect((await offered())!.variants.map((variant) => variant.name)).toEqual(['Full']);
    const events = (await outbox(t, 'menu.variant_availability_changed.v1'))
      .filter((event) => event.tenant_id === sizes)
      .map((event) => event.payload);
    expect(events).toEqual([
      { variant_id: full!.id, item_id: biryani.id, name: 'Full', item_name: 'Biryani', is_available: false },
      { variant_id: half!.id, item_id: biryani.id, name: 'Half', item_name: 'Biryani', is_available: false },
      { variant_id: full!.id, item_id: biryani.id, name: 'Full', item_name: 'Biryani', is_available: true },
    ]);
    expect((await kitchen.post(`/menu/variants/${naan.id}/availability`, { available: false })).status).toBe(
      404,
    );
    await kitchen.post(`/menu/variants/${half!.id}/availability`, { available: true });
  });

  it('kitchen staff 86 an item: the next read shows it, one event goes to the staff feed and the guests’ menu channel', async () => {
    const kitchen = client(t, kitchenOf(tenant));
    const off = await kitchen.post(`/menu/items/${naan.id}/availability`, { available: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: naan.id, is_available: false, version: 2 });
    const waiter = client(t, waiterOf(tenant));
    expect((await waiter.get(`/menu/items/${naan.id}`)).body.is_available).toBe(false);
    expect((await waiter.get('/menu/items?is_available=true')).body.data).toEqual([]);
    // Saying it again changes nothing and emits nothing.
    expect(
      (await kitchen.post(`/menu/items/${naan.id}/availability`, { available: false })).body.version,
    ).toBe(2);
    const on = await kitchen.post(`/menu/items/${naan.id}/availability`, { available: true });
    expect(on.body).toMatchObject({ is_available: true, version: 3 });
    expect((await waiter.get(`/menu/items/${naan.id}`)).body.is_available).toBe(true);

    const events = await outbox(t, 'menu.item_availability_changed.v1');
    expect(events).toEqual([
      {
        type: 'menu.item_availability_changed.v1',
        tenant_id: tenant,
        payload: { item_id: naan.id, name: 'Garlic Naan', is_available: false, station: 'tandoor' },
      },
      {
        type: 'menu.item_availability_changed.v1',
        tenant_id: tenant,
        payload: { item_id: naan.id, name: 'Garlic Naan', is_available: true, station: 'tandoor' },
      },
    ]);
    const definition = menuModule.events!.find(
      (event) => event.type === 'menu.item_availability_changed.v1',
    )!;
    expect(definition.channels({} as never)).toEqual(['staff', 'menu']);
    // Kitchen staff may 86 but not edit the menu.
    expect((await kitchen.patch(`/menu/items/${naan.id}`, { price: 1 })).status).toBe(403);
  });

  it('waiters (menu:read only) cannot 86; bad bodies are refused', async () => {
    const waiter = client(t, waiterOf(tenant));
    expect((await waiter.post(`/menu/items/${naan.id}/availability`, { available: false })).status).toBe(403);
    const bad = await manager.post(`/menu/items/${naan.id}/availability`, { available: 'no' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect((await manager.get(`/menu/items/${naan.id}`)).body.is_available).toBe(true);
  });
});

describe('tenancy', () => {
  it('the platform admin, who acts for no restaurant, is told so instead of seeing an empty menu', async () => {
    const response = await client(t, platformAdmin()).get('/menu/items');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('restaurant_required');
  });

  it('row-level security hides other restaurants even from a query with no tenant filter', async () => {
    const other = await createRestaurant(t, 'availability-other');
    const rows = await t.db.tenantTx(other, async (tx) => {
      const result = (await tx.execute(sql`select id from menu.items`)) as unknown as { rows: unknown[] };
      return result.rows;
    });
    expect(rows).toEqual([]);
    await t.db.tenantTx(other, (tx) =>
      tx.execute(sql`update menu.items set price = 1 where id = ${naan.id}`),
    );
    expect((await manager.get(`/menu/items/${naan.id}`)).body.price).toBe(7900);
  });
});

describe('demo menu', () => {
  it('seeds Spice Route once, however often seed runs', async () => {
    await t.seed();
    await t.seed();
    const spice = client(t, managerOf(demoRestaurantId));
    const categories: Category[] = (await spice.get('/menu/categories')).body.data;
    expect(categories.map((c) => c.name)).toEqual(['Starters', 'Mains', 'Breads', 'Drinks']);
    const items: Item[] = (await spice.get('/menu/items?limit=200')).body.data;
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(new Set(items.map((i) => i.name)).size).toBe(items.length);
    expect(items.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        'Paneer Tikka',
        'Chicken 65',
        'Butter Chicken',
        'Dal Makhani',
        'Hyderabadi Biryani',
        'Garlic Naan',
        'Butter Roti',
        'Masala Chai',
        'Mango Lassi',
        'Sweet Lime Soda',
      ]),
    );
    const biryani = items.find((i) => i.name === 'Hyderabadi Biryani')!;
    expect(biryani.variants.map((v) => [v.name, v.price])).toEqual([
      ['Half', 24900],
      ['Full', 39900],
    ]);
    expect(items.find((i) => i.name === 'Butter Chicken')!.price).toBe(34900);
    for (const entry of items) expect(entry.price).toBeGreaterThan(0);
    const groups: ModifierGroup[] = (await spice.get('/menu/modifier-groups')).body.data;
    expect(groups.map((g) => [g.name, g.is_required, g.min_select, g.max_select]).sort()).toEqual([
      ['Add-ons', false, 0, 3],
      ['Spice level', true, 1, 1],
    ]);
    const spiceLevel = groups.find((g) => g.name === 'Spice level')!;
    expect(biryani.modifier_group_ids[0]).toBe(spiceLevel.id);
    const [{ count }] = (await t.db.admin.query<{ count: number }>(
      'select count(*)::int as count from menu.items where tenant_id = $1',
      [demoRestaurantId],
    )) as [{ count: number }];
    expect(count).toBe(items.length);
  });
});
