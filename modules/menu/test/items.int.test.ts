import { tenantsModule } from '@brigade/tenants/module';
import { createTestApp, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Item, PriceChange } from '../src/contract/index.js';
import { menuModule } from '../src/module.js';
import {
  type Client,
  client,
  countRows,
  createRestaurant,
  managerOf,
  managerUserId,
  outbox,
  waiterOf,
} from './support/menu-app.js';

let t: TestApp;
let tenantA: string;
let tenantB: string;
let a: Client;
let b: Client;
beforeAll(async () => {
  t = await createTestApp({ modules: [tenantsModule, menuModule] });
  tenantA = await createRestaurant(t, 'menu-a');
  tenantB = await createRestaurant(t, 'menu-b');
  a = client(t, managerOf(tenantA));
  b = client(t, managerOf(tenantB));
});
afterAll(() => t?.close());

async function category(api: Client, name: string): Promise<Category> {
  const response = await api.post('/menu/categories', { name });
  expect(response.status).toBe(201);
  return response.body;
}

async function item(api: Client, body: Record<string, unknown>): Promise<Item> {
  const response = await api.post('/menu/items', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

describe('categories', () => {
  it('are created in order, listed by position, renamed and moved', async () => {
    const api = client(t, managerOf(await createRestaurant(t, 'cat-order')));
    const starters = await category(api, 'Starters');
    const mains = await category(api, 'Mains');
    const drinks = await category(api, 'Drinks');
    expect([starters.position, mains.position, drinks.position]).toEqual([0, 1, 2]);
    const moved = await api.patch(`/menu/categories/${drinks.id}`, {
      position: 0,
      description: 'Cold and hot',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ name: 'Drinks', description: 'Cold and hot', position: 0 });
    const list = await api.get('/menu/categories');
    // Same position: the older (smaller id) first.
    expect(list.body.data.map((c: Category) => c.name)).toEqual(['Starters', 'Drinks', 'Mains']);
    expect(list.body.next_cursor).toBeNull();
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Category[]; next_cursor: string | null } } = await api.get(
        `/menu/categories?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      pages.push(...page.body.data.map((c) => c.name));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(pages).toEqual(['Starters', 'Drinks', 'Mains']);
    const events = (await outbox(t)).filter((row) => row.payload.category_id === drinks.id);
    expect(events.map((row) => [row.type, row.payload])).toEqual([
      ['menu.category_created.v1', { category_id: drinks.id, name: 'Drinks', position: 2 }],
      ['menu.category_updated.v1', { category_id: drinks.id, changed: ['description', 'position'] }],
    ]);
  });

  it('refuses a duplicate name within a restaurant (409), whatever the case, but not across restaurants', async () => {
    await category(a, 'Desserts');
    const again = await a.post('/menu/categories', { name: 'desserts' });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toMatchObject({ code: 'category_name_taken', errors: [{ field: 'name' }] });
    expect((await b.post('/menu/categories', { name: 'Desserts' })).status).toBe(201);
    const other = await category(a, 'Sweets');
    const rename = await a.patch(`/menu/categories/${other.id}`, { name: 'DESSERTS' });
    expect(rename.status).toBe(409);
  });

  it('deletes an empty category (soft: gone from reads), refuses one that holds items', async () => {
    const full = await category(a, 'Specials');
    const dish = await item(a, { category_id: full.id, name: 'Thali', price: 45000 });
    const refused = await a.delete(`/menu/categories/${full.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'category_not_empty', details: { item_count: 1 } });
    expect((await a.delete(`/menu/items/${dish.id}`)).status).toBe(204);
    expect((await a.delete(`/menu/categories/${full.id}`)).status).toBe(204);
    expect((await a.get(`/menu/categories/${full.id}`)).status).toBe(404);
    expect((await a.get('/menu/categories?limit=200')).body.data.map((c: Category) => c.id)).not.toContain(
      full.id,
    );
    // The row is kept, and its name is free again.
    const [row] = await t.db.admin.query<{ deleted_at: Date | null }>(
      'select deleted_at from menu.categories where id = $1',
      [full.id],
    );
    expect(row?.deleted_at).not.toBeNull();
    expect((await a.post('/menu/categories', { name: 'Specials' })).status).toBe(201);
    expect((await a.delete(`/menu/categories/${full.id}`)).status).toBe(404);
  });
});

describe('items', () => {
  it('creates an item with every field and variants: 201, Location, read back the same', async () => {
    const mains = await category(a, 'Mains');
    const response = await a.post('/menu/items', {
      category_id: mains.id,
      name: 'Hyderabadi Biryani',
      description: 'Dum-cooked',
      price: 39900,
      cost_price: 16000,
      tax_category: 'food',
      image_url: 'https://img.example/biryani.jpg',
      allergens: ['dairy'],
      dietary_tags: ['spicy'],
      station: 'biryani',
      prep_time_seconds: 1200,
      variants: [
        { name: 'Half', price: 24900 },
        { name: 'Full', price: 39900 },
      ],
    });
    expect(response.status).toBe(201);
    const created: Item = response.body;
    expect(response.headers.location).toBe(`/api/v1/menu/items/${created.id}`);
    expect(created).toMatchObject({
      category_id: mains.id,
      name: 'Hyderabadi Biryani',
      price: 39900,
      cost_price: 16000,
      tax_category: 'food',
      image_url: 'https://img.example/biryani.jpg',
      allergens: ['dairy'],
      dietary_tags: ['spicy'],
      station: 'biryani',
      prep_time_seconds: 1200,
      is_available: true,
      position: 0,
      version: 1,
      modifier_group_ids: [],
    });
    expect(created.variants.map((v) => [v.name, v.price, v.position])).toEqual([
      ['Half', 24900, 0],
      ['Full', 39900, 1],
    ]);
    const fetched = await a.get(`/menu/items/${created.id}`);
    expect(fetched.body).toEqual(created);
    expect(fetched.headers.etag).toBe('"1"');
    const [event] = await outbox(t, 'menu.item_created.v1').then((rows) =>
      rows.filter((row) => row.payload.item_id === created.id),
    );
    expect(event).toMatchObject({
      tenant_id: tenantA,
      payload: {
        item_id: created.id,
        category_id: mains.id,
        price: 39900,
        is_available: true,
        station: 'biryani',
      },
    });
  });

  it('refuses negative, fractional and absurd prices with 400 and writes nothing', async () => {
    const drinks = await category(a, 'Drinks A');
    const before = await countRows(t, 'items');
    for (const body of [
      { price: -1 },
      { price: 99.5 },
      { price: 10_000_000_000 },
      { price: 100, cost_price: -5 },
      { price: 100, variants: [{ name: 'Large', price: -100 }] },
    ]) {
      const response = await a.post('/menu/items', { category_id: drinks.id, name: 'Lassi', ...body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
    const existing = await item(a, { category_id: drinks.id, name: 'Chai', price: 6900 });
    const patch = await a.patch(`/menu/items/${existing.id}`, { price: -6900 });
    expect(patch.status).toBe(400);
    expect(patch.body.errors).toEqual([expect.objectContaining({ field: 'price' })]);
    expect(await countRows(t, 'items')).toBe(before + 1);
    expect((await a.get(`/menu/items/${existing.id}`)).body.price).toBe(6900);
  });

  it('refuses an unknown or deleted category with 422 unknown_category, writing nothing', async () => {
    const counts = async () => [
      await countRows(t, 'items'),
      await countRows(t, 'variants'),
      await countRows(t, 'price_history'),
      await countRows(t, 'outbox'),
    ];
    const before = await counts();
    const unknown = await a.post('/menu/items', {
      category_id: '0190a0a0-0000-7000-8000-0000000000ff',
      name: 'Ghost',
      price: 100,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'unknown_category', errors: [{ field: 'category_id' }] });
    // Another restaurant's category is as unknown as a made-up one.
    const theirs = await category(b, 'Theirs');
    const before2 = await counts();
    const foreign = await a.post('/menu/items', {
      category_id: theirs.id,
      name: 'Ghost',
      price: 100,
      variants: [{ name: 'Big', price: 200 }],
    });
    expect(foreign.status).toBe(422);
    expect(await counts()).toEqual(before2);
    expect(before2[0]).toBe(before[0]);
  });

  it('refuses a tax category the restaurant does not have (422), on create and on change', async () => {
    const cat = await category(a, 'Bar');
    const before = await countRows(t, 'items');
    const refused = await a.post('/menu/items', {
      category_id: cat.id,
      name: 'Beer',
      price: 30000,
      tax_category: 'alcohol',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'unknown_tax_category',
      errors: [{ field: 'tax_category' }],
      details: { known: ['food'] },
    });
    expect(await countRows(t, 'items')).toBe(before);
    const soda = await item(a, { category_id: cat.id, name: 'Soda', price: 9900, tax_category: 'food' });
    expect((await a.patch(`/menu/items/${soda.id}`, { tax_category: 'alcohol' })).status).toBe(422);
    expect((await a.patch(`/menu/items/${soda.id}`, { tax_category: null })).body.tax_category).toBeNull();
  });

  it('PATCH changes only what it names, bumps the version, honours If-Match and records the price', async () => {
    const starters = await category(a, 'Starters');
    const paneer = await item(a, {
      category_id: starters.id,
      name: 'Paneer Tikka',
      price: 29900,
      station: 'tandoor',
    });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/menu/items/${paneer.id}`,
      headers: { ...managerOf(tenantA), 'if-match': '"1"' },
      payload: { price: 31900, description: 'Smoky' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Paneer Tikka',
      price: 31900,
      description: 'Smoky',
      station: 'tandoor',
      version: 2,
    });
    expect(patched.headers.etag).toBe('"2"');
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/menu/items/${paneer.id}`,
      headers: { ...managerOf(tenantA), 'if-match': '"1"' },
      payload: { price: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', details: { current_version: 2 } });
    expect((await a.patch(`/menu/items/${paneer.id}`, {})).status).toBe(400);
    // Sending what is already there changes nothing: no new version, no event.
    const same = await a.patch(`/menu/items/${paneer.id}`, { name: 'Paneer Tikka' });
    expect(same.body.version).toBe(2);
    const updates = (await outbox(t, 'menu.item_updated.v1')).filter(
      (row) => row.payload.item_id === paneer.id,
    );
    expect(updates.map((row) => row.payload)).toEqual([
      { item_id: paneer.id, version: 2, changed: ['description', 'price'] },
    ]);
    const priceEvents = (await outbox(t, 'menu.item_price_changed.v1')).filter(
      (row) => row.payload.item_id === paneer.id,
    );
    expect(priceEvents.map((row) => row.payload)).toEqual([
      { item_id: paneer.id, variant_id: null, old_price: 29900, new_price: 31900, changed_by: managerUserId },
    ]);
  });

  it('PUT replaces the whole item (absent fields back to defaults) but keeps its availability', async () => {
    const breads = await category(a, 'Breads');
    const naan = await item(a, {
      category_id: breads.id,
      name: 'Naan',
      price: 5900,
      allergens: ['gluten'],
      station: 'tandoor',
    });
    expect((await a.post(`/menu/items/${naan.id}/availability`, { available: false })).status).toBe(200);
    const put = await a.put(`/menu/items/${naan.id}`, {
      category_id: breads.id,
      name: 'Garlic Naan',
      price: 7900,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      name: 'Garlic Naan',
      price: 7900,
      allergens: [],
      station: null,
      is_available: false,
      version: 3,
    });
    const withAvailability = await a.put(`/menu/items/${naan.id}`, {
      category_id: breads.id,
      name: 'Garlic Naan',
      price: 7900,
      is_available: true,
    });
    expect(withAvailability.status).toBe(400);
  });

  it('keeps every price of the item and its variants, with who and when, newest first', async () => {
    const mains = await category(a, 'Mains history');
    const started = Date.now();
    const biryani = await item(a, {
      category_id: mains.id,
      name: 'Biryani',
      price: 39900,
      variants: [
        { name: 'Half', price: 24900 },
        { name: 'Full', price: 39900 },
      ],
    });
    const [half, full] = biryani.variants;
    const other = client(t, managerOf(tenantA));
    await other.patch(`/menu/items/${biryani.id}`, {
      price: 41900,
      variants: [
        { id: half!.id, name: 'Half', price: 25900 },
        { id: full!.id, name: 'Full', price: 39900 },
        { name: 'Family', price: 79900 },
      ],
    });
    const history = await a.get(`/menu/items/${biryani.id}/price-history`);
    expect(history.status).toBe(200);
    const entries: PriceChange[] = history.body.data;
    const family = (await a.get(`/menu/items/${biryani.id}`)).body.variants.find(
      (v: { name: string }) => v.name === 'Family',
    );
    const simplified = entries.map((entry) => [entry.variant_id, entry.old_price, entry.new_price]);
    expect(simplified).toEqual([
      // newest first: the second write's three changes (variants, then the item's own price),
      // then the creation's three prices
      [null, 39900, 41900],
      [family.id, null, 79900],
      [half!.id, 24900, 25900],
      [full!.id, null, 39900],
      [half!.id, null, 24900],
      [null, null, 39900],
    ]);
    for (const entry of entries) {
      expect(entry.changed_by).toBe(managerUserId);
      expect(Date.parse(entry.changed_at)).toBeGreaterThanOrEqual(started - 1000);
      expect(Date.parse(entry.changed_at)).toBeLessThanOrEqual(Date.now() + 1000);
    }
    const firstPage = await a.get(`/menu/items/${biryani.id}/price-history?limit=4`);
    expect(firstPage.body.data).toHaveLength(4);
    const secondPage = await a.get(
      `/menu/items/${biryani.id}/price-history?limit=4&cursor=${firstPage.body.next_cursor}`,
    );
    expect([...firstPage.body.data, ...secondPage.body.data]).toEqual(entries);
    expect(secondPage.body.next_cursor).toBeNull();
    // The history is append-only, even for the database owner.
    await expect(t.db.admin.query('delete from menu.price_history')).rejects.toThrow(/append-only/);
  });

  it('soft-deletes: the item vanishes from reads and lists, its row and id stay', async () => {
    const drinks = await category(a, 'Soft drinks');
    const soda = await item(a, { category_id: drinks.id, name: 'Sweet Lime Soda', price: 9900 });
    expect((await a.delete(`/menu/items/${soda.id}`)).status).toBe(204);
    expect((await a.get(`/menu/items/${soda.id}`)).status).toBe(404);
    expect((await a.get(`/menu/items/${soda.id}`)).body.code).toBe('item_not_found');
    expect((await a.get(`/menu/items/${soda.id}/price-history`)).status).toBe(404);
    expect((await a.patch(`/menu/items/${soda.id}`, { price: 1 })).status).toBe(404);
    expect((await a.post(`/menu/items/${soda.id}/availability`, { available: false })).status).toBe(404);
    expect((await a.delete(`/menu/items/${soda.id}`)).status).toBe(404);
    const list = await a.get(`/menu/items?category_id=${drinks.id}`);
    expect(list.body.data).toEqual([]);
    const [row] = await t.db.admin.query<{ name: string; deleted_at: Date | null }>(
      'select name, deleted_at from menu.items where id = $1',
      [soda.id],
    );
    expect(row).toMatchObject({ name: 'Sweet Lime Soda' });
    expect(row?.deleted_at).toBeInstanceOf(Date);
    expect((await outbox(t, 'menu.item_deleted.v1')).map((r) => r.payload)).toContainEqual({
      item_id: soda.id,
    });
  });

  it('lists with a cursor, filters by category, tag and availability, and searches by name', async () => {
    const api = client(t, managerOf(await createRestaurant(t, 'menu-list')));
    const starters = await category(api, 'Starters');
    const drinks = await category(api, 'Drinks');
    const names: Record<string, Item> = {};
    for (const [cat, name, tags, allergens] of [
      [starters, 'Paneer Tikka', ['vegetarian'], ['dairy']],
      [starters, 'Chicken 65', ['spicy'], []],
      [starters, '100% Veg_Samosa', ['vegetarian', 'vegan'], ['gluten']],
      [drinks, 'Mango Lassi', ['vegetarian'], ['dairy']],
      [drinks, 'Masala Chai', ['vegetarian'], ['dairy']],
    ] as const) {
      names[name] = await item(api, {
        category_id: cat.id,
        name,
        price: 10000,
        dietary_tags: tags,
        allergens,
      });
    }
    await api.post(`/menu/items/${names['Masala Chai']!.id}/availability`, { available: false });
    const ids = (response: { body: { data: Item[] } }) => response.body.data.map((i) => i.name).sort();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Item[]; next_cursor: string | null } } = await api.get(
        `/menu/items?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((i) => i.name));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen.sort()).toEqual(Object.keys(names).sort());

    expect(ids(await api.get(`/menu/items?category_id=${drinks.id}`))).toEqual([
      'Mango Lassi',
      'Masala Chai',
    ]);
    expect(ids(await api.get('/menu/items?tag=vegan'))).toEqual(['100% Veg_Samosa']);
    expect(ids(await api.get('/menu/items?tag=dairy'))).toEqual([
      'Mango Lassi',
      'Masala Chai',
      'Paneer Tikka',
    ]);
    expect(ids(await api.get('/menu/items?is_available=false'))).toEqual(['Masala Chai']);
    expect(ids(await api.get(`/menu/items?is_available=true&category_id=${drinks.id}`))).toEqual([
      'Mango Lassi',
    ]);
    expect(ids(await api.get('/menu/items?q=MASALA'))).toEqual(['Masala Chai']);
    // LIKE wildcards in q are taken literally.
    expect(ids(await api.get('/menu/items?q=%25'))).toEqual(['100% Veg_Samosa']);
    expect(ids(await api.get('/menu/items?q=_'))).toEqual(['100% Veg_Samosa']);
    expect(ids(await api.get('/menu/items?q=a_a'))).toEqual([]);
    const bad = await api.get('/menu/items?cursor=garbage');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_cursor');
  });

  it("answers 404 for another restaurant's items and never changes them", async () => {
    const theirs = await category(b, 'B mains');
    const secret = await item(b, { category_id: theirs.id, name: 'B special', price: 50000 });
    for (const response of [
      await a.get(`/menu/items/${secret.id}`),
      await a.patch(`/menu/items/${secret.id}`, { price: 1 }),
      await a.put(`/menu/items/${secret.id}`, { category_id: theirs.id, name: 'Mine', price: 1 }),
      await a.delete(`/menu/items/${secret.id}`),
      await a.post(`/menu/items/${secret.id}/availability`, { available: false }),
      await a.get(`/menu/items/${secret.id}/price-history`),
      await a.get(`/menu/categories/${theirs.id}`),
      await a.patch(`/menu/categories/${theirs.id}`, { name: 'Hijacked' }),
      await a.delete(`/menu/categories/${theirs.id}`),
    ]) {
      expect(response.status).toBe(404);
    }
    expect((await a.get('/menu/items?limit=200')).body.data.map((i: Item) => i.id)).not.toContain(secret.id);
    expect((await b.get(`/menu/items/${secret.id}`)).body).toMatchObject({
      name: 'B special',
      price: 50000,
      is_available: true,
      version: 1,
    });
    expect((await b.get(`/menu/categories/${theirs.id}`)).body.name).toBe('B mains');
  });

  it('replays a create sent twice with the same Idempotency-Key', async () => {
    const cat = await category(a, 'Idempotent');
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/menu/items',
        headers: { ...managerOf(tenantA), 'idempotency-key': 'create-chai-once' },
        payload: { category_id: cat.id, name: 'Cutting Chai', price: 3900 },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect((await a.get(`/menu/items?category_id=${cat.id}`)).body.data).toHaveLength(1);
  });

  it('needs menu:read to read and menu:write to write', async () => {
    const waiter = client(t, waiterOf(tenantA));
    expect((await waiter.get('/menu/items')).status).toBe(200);
    expect((await waiter.get('/menu/categories')).status).toBe(200);
    const cat = await category(a, 'Perm');
    const denied = await waiter.post('/menu/items', { category_id: cat.id, name: 'X', price: 1 });
    expect(denied.status).toBe(403);
    expect((await waiter.post('/menu/categories', { name: 'Nope' })).status).toBe(403);
    expect((await waiter.post('/menu/modifier-groups', { name: 'Nope' })).status).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/menu/items' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths['/api/v1/menu/items'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(spec.paths['/api/v1/menu/items/{id}'])).toEqual(
      expect.arrayContaining(['get', 'put', 'patch', 'delete']),
    );
    expect(spec.paths['/api/v1/menu/items/{id}/price-history'].get).toBeDefined();
    expect(spec.paths['/api/v1/menu/modifier-options/{id}/availability'].post).toBeDefined();
    expect(spec.components.schemas.MenuItem).toBeDefined();
  });
});
