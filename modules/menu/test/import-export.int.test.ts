import { tenantsModule } from '@brigade/tenants/module';
import { createTestApp, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item, MenuDocument, MenuImportSummary } from '../src/contract/index.js';
import { menuModule } from '../src/module.js';
import {
  type Client,
  client,
  countRows,
  createRestaurant,
  managerOf,
  outbox,
  waiterOf,
} from './support/menu-app.js';

let t: TestApp;
let tenantA: string;
let a: Client;
beforeAll(async () => {
  t = await createTestApp({ modules: [tenantsModule, menuModule] });
  tenantA = await createRestaurant(t, 'ie-a');
  a = client(t, managerOf(tenantA));
});
afterAll(() => t?.close());

async function importFile(
  headers: Record<string, string>,
  body: string | Record<string, unknown>,
  query = '',
): Promise<{ status: number; body: Record<string, unknown> & Partial<MenuImportSummary> }> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/menu/import${query}`,
    headers: { ...headers, 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.statusCode, body: response.json() };
}

async function exportJson(headers: Record<string, string>): Promise<MenuDocument> {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/menu/export?format=json', headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function exportCsv(headers: Record<string, string>): Promise<string> {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/menu/export?format=csv', headers });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/csv/);
  expect(response.headers['content-disposition']).toMatch(
    /^attachment; filename="menu-ie-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  return response.body;
}

/** The menu itself: not when or from where it was exported. */
const withoutTime = ({ exported_at: _at, restaurant: _from, ...rest }: MenuDocument) => rest;

const tricky = 'Creamy, "rich" tomato gravy\r\nfinished with butter, cream\nand kasuri methi';

/** A menu with everything a file must carry: nested groups, variants, lists, nulls, an 86ed item. */
async function buildMenu(api: Client) {
  const starters = (
    await api.post('/menu/categories', { name: 'Starters', description: 'Small, "shared" plates' })
  ).body;
  const mains = (await api.post('/menu/categories', { name: 'Mains' })).body;
  const drink = (
    await api.post('/menu/modifier-groups', {
      name: 'Choose a drink',
      min_select: 1,
      max_select: 1,
      options: [{ name: 'Lassi' }, { name: 'Cola', price_delta: 3000 }],
    })
  ).body;
  const spice = (
    await api.post('/menu/modifier-groups', {
      name: 'Spice level',
      is_required: true,
      options: [
        { name: 'Mild' },
        { name: 'Hot; very' },
        { name: 'Combo', price_delta: 9900, opens_group_id: drink.id },
      ],
    })
  ).body;
  const items: Item[] = [];
  for (const body of [
    {
      category_id: starters.id,
      name: 'Paneer Tikka',
      description: 'Chargrilled, smoky',
      price: 29900,
      cost_price: 12000,
      tax_category: 'food',
      allergens: ['dairy'],
      dietary_tags: ['vegetarian', 'gluten_free'],
      station: 'tandoor',
      prep_time_seconds: 900,
      modifier_group_ids: [spice.id],
    },
    {
      category_id: starters.id,
      name: 'Samosa',
      price: 9900,
      variants: [
        { name: 'Two', price: 9900 },
        { name: 'Four', price: 17900 },
      ],
    },
    {
      category_id: mains.id,
      name: 'Butter Chicken',
      description: tricky,
      price: 34900,
      variants: [
        { name: 'Half', price: 19900 },
        { name: 'Full', price: 34900 },
      ],
      modifier_group_ids: [spice.id, drink.id],
      allergens: ['dairy', 'nuts'],
    },
    { category_id: mains.id, name: 'Dal Makhani', price: 24950, is_available: false },
  ]) {
    const created = await api.post('/menu/items', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    items.push(created.body);
  }
  return { starters, mains, drink, spice, items };
}

describe('export', () => {
  it('answers the whole menu as a JSON document and as CSV, one row per item, prices in major units', async () => {
    await buildMenu(a);
    const document = await exportJson(managerOf(tenantA));
    expect(document).toMatchObject({
      format: 'brigade.menu',
      version: 1,
      currency: 'INR',
      restaurant: { name: 'Restaurant ie-a', slug: 'ie-a' },
    });
    expect(document.categories.map((category) => category.name)).toEqual(['Starters', 'Mains']);
    expect(document.categories[1]!.items[0]).toMatchObject({
      name: 'Butter Chicken',
      description: tricky,
      variants: [
        { name: 'Half', price: 19900 },
        { name: 'Full', price: 34900 },
      ],
      modifier_groups: ['Spice level', 'Choose a drink'],
    });
    expect(document.modifier_groups.find((group) => group.name === 'Spice level')?.options[2]).toEqual({
      name: 'Combo',
      price_delta: 9900,
      is_available: true,
      opens_group: 'Choose a drink',
    });

    const csv = await exportCsv(managerOf(tenantA));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'category,name,description,price,cost_price,tax_category,station,prep_time_seconds,allergens,dietary_tags,is_available,variants,modifier_groups,image_url',
    );
    expect(lines[1]).toBe(
      'Starters,Paneer Tikka,"Chargrilled, smoky",299.00,120.00,food,tandoor,900,dairy,vegetarian;gluten_free,true,,Spice level,',
    );
    expect(csv).toContain(
      `Mains,Butter Chicken,"${tricky.replaceAll('"', '""')}",349.00,,,,,dairy;nuts,,true,Half:199.00;Full:349.00,Spice level;Choose a drink,\r\n`,
    );
    expect(csv).toContain('Mains,Dal Makhani,,249.50,,,,,,,false,,,\r\n');
  });

  it('is refused without menu:read and allowed to a waiter', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/menu/export',
      headers: noPermissions(tenantA),
    });
    expect(response.statusCode).toBe(403);
    await exportJson(waiterOf(tenantA));
  });
});

function noPermissions(tenantId: string) {
  const header = Buffer.from(JSON.stringify({ tenantId, role: 'kitchen', permissions: [] })).toString(
    'base64url',
  );
  return { 'x-test-principal': header };
}

describe('round trips', () => {
  it('JSON: export → import into an empty restaurant reproduces the same menu; importing it again changes nothing', async () => {
    const source = await exportJson(managerOf(tenantA));
    const target = managerOf(await createRestaurant(t, 'ie-json-copy'));
    const first = await importFile(target, source);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({
      mode: 'upsert',
      created: { categories: 2, items: 4, modifier_groups: 2 },
      updated: { categories: 0, items: 0, modifier_groups: 0 },
      deleted: { categories: 0, items: 0, modifier_groups: 0 },
      dry_run: false,
    });
    expect(withoutTime(await exportJson(target))).toEqual(withoutTime(source));

    const again = await importFile(target, source, '?mode=replace');
    expect(again.body).toMatchObject({
      created: { categories: 0, items: 0, modifier_groups: 0 },
      updated: { categories: 0, items: 0, modifier_groups: 0 },
      deleted: { categories: 0, items: 0, modifier_groups: 0 },
    });
  });

  it('CSV: export → import reproduces the same rows (modifier groups come from the JSON document)', async () => {
    const source = await exportCsv(managerOf(tenantA));
    const document = await exportJson(managerOf(tenantA));
    const target = managerOf(await createRestaurant(t, 'ie-csv-copy'));
    const groupsOnly = await importFile(target, {
      categories: [],
      modifier_groups: document.modifier_groups,
    });
    expect(groupsOnly.body).toMatchObject({ created: { modifier_groups: 2 } });
    const imported = await importFile(target, source);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ created: { categories: 2, items: 4 } });
    expect(await exportCsv(target)).toBe(source);
    const copy = await exportJson(target);
    // Everything but category descriptions (no column for them) comes back.
    expect(copy.categories.map(({ description: _d, ...rest }) => rest)).toEqual(
      document.categories.map(({ description: _d, ...rest }) => rest),
    );
    expect(copy.modifier_groups).toEqual(document.modifier_groups);
  });
});

describe('CSV import', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-quotes'));
    const csv =
      '\ufeffcategory,name,description,price,allergens,variants\r\n' +
      '"Curries, mild","Korma ""Royal""","Cashew, cream\r\nand ""saffron""\nslow-cooked",320.5,"dairy;nuts","Half:180;Full:320.50"\r\n' +
      'Breads,Naan,,45,,\n' +
      "Breads,'=1+1 Special,'- with ghee,45,,\n";
    const imported = await importFile(api, csv);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const document = await exportJson(api);
    expect(document.categories.map((category) => category.name)).toEqual(['Curries, mild', 'Breads']);
    expect(document.categories[0]!.items[0]).toMatchObject({
      name: 'Korma "Royal"',
      description: 'Cashew, cream\r\nand "saffron"\nslow-cooked',
      price: 32050,
      allergens: ['dairy', 'nuts'],
      variants: [
        { name: 'Half', price: 18000 },
        { name: 'Full', price: 32050 },
      ],
    });
    expect(document.categories[1]!.items[0]).toMatchObject({ name: 'Naan', price: 4500, description: null });
    // Formula-like cells travel behind an apostrophe (no CSV injection when opened in a spreadsheet).
    expect(document.categories[1]!.items[1]).toMatchObject({
      name: '=1+1 Special',
      description: '- with ghee',
    });
    expect(await exportCsv(api)).toContain("Breads,'=1+1 Special,'- with ghee,45.00,");
  });

  it('lists every bad row with its number (header = row 1) and writes nothing', async () => {
    const id = await createRestaurant(t, 'ie-errors');
    const api = managerOf(id);
    const before = await countRows(t, 'items');
    const events = (await outbox(t)).length;
    const csv = [
      'category,name,price,tax_category,modifier_groups,variants',
      'Mains,Good,100.00,food,,', // row 2: fine
      'Mains,Bad price,abc,,,', // row 3
      'Mains,Negative,-5.00,,,', // row 4
      'Mains,Taxed,10.00,luxury,,', // row 5
      'Mains,Grouped,10.00,,Nope,', // row 6
      'Mains,good,12.00,,,', // row 7: duplicate of row 2, any case
      'Mains,Too precise,1.005,,,', // row 8
      ',No category,1.00,,,', // row 9
      'Mains,Bad variant,1.00,,,Half', // row 10
    ].join('\n');
    const response = await importFile(api, csv);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'import_invalid', status: 422 });
    expect(response.body.errors).toEqual([
      { field: 'row 3.price', message: expect.stringContaining('not an amount') },
      { field: 'row 4.price', message: 'must not be negative' },
      { field: 'row 5.tax_category', message: expect.stringContaining("unknown tax category 'luxury'") },
      { field: 'row 6.modifier_groups', message: "unknown modifier group 'Nope'" },
      { field: 'row 7.name', message: "duplicate item name 'good' (also at row 2)" },
      { field: 'row 8.price', message: 'at most 2 decimal places' },
      { field: 'row 9.category', message: 'required' },
      { field: 'row 10.variants', message: expect.stringContaining("'Half' needs a name and a price") },
    ]);
    expect(await countRows(t, 'items')).toBe(before);
    expect((await outbox(t)).length).toBe(events);
    expect((await exportJson(api)).categories).toEqual([]);
  });

  it('names missing and unknown columns on row 1', async () => {
    const response = await importFile(managerOf(tenantA), 'category,title,prce\nMains,Naan,1\n');
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { field: 'row 1.title', message: 'unknown column' },
      { field: 'row 1.prce', message: 'unknown column' },
      { field: 'row 1.name', message: 'missing required column' },
      { field: 'row 1.price', message: 'missing required column' },
    ]);
  });

  it('upserts by name, any case: updates what changed (price history, events) and creates the rest', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-upsert'));
    expect((await importFile(api, 'category,name,price\nMains,Naan,45.00\nMains,Roti,30.00\n')).status).toBe(
      200,
    );
    const naan = (await exportJson(api)).categories[0]!.items[0]!;
    expect(naan.price).toBe(4500);
    const second = await importFile(
      api,
      'category,name,price,is_available\nMAINS,naan,50.00,false\nDesserts,Kulfi,99,\n',
    );
    expect(second.body).toMatchObject({
      created: { categories: 1, items: 1 },
      updated: { categories: 1, items: 1 },
      deleted: { categories: 0, items: 0 },
    });
    const document = await exportJson(api);
    expect(document.categories.map((category) => category.name)).toEqual(['MAINS', 'Desserts']);
    expect(document.categories[0]!.items).toMatchObject([
      { name: 'naan', price: 5000, is_available: false },
      { name: 'Roti', price: 3000, is_available: true },
    ]);
    const list = await client(t, api).get('/menu/items?q=naan');
    const id = list.body.data[0].id as string;
    const history = await client(t, api).get(`/menu/items/${id}/price-history`);
    expect(
      history.body.data.map((change: { old_price: number | null; new_price: number }) => change.new_price),
    ).toEqual([5000, 4500]);
    const types = (await outbox(t)).filter((row) => row.payload.item_id === id).map((row) => row.type);
    expect(types).toEqual([
      'menu.item_created.v1',
      'menu.item_price_changed.v1',
      'menu.item_updated.v1',
      'menu.item_availability_changed.v1',
    ]);
  });
});

describe('modes', () => {
  it('dry_run=true checks and counts but writes nothing', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-dry'));
    const items = await countRows(t, 'items');
    const events = (await outbox(t)).length;
    const response = await importFile(api, 'category,name,price\nMains,Naan,45.00\n', '?dry_run=true');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ dry_run: true, created: { categories: 1, items: 1 } });
    expect(await countRows(t, 'items')).toBe(items);
    expect((await outbox(t)).length).toBe(events);
    expect((await exportJson(api)).categories).toEqual([]);
  });

  it('replace soft-deletes the items and categories the file does not name', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-replace'));
    await importFile(api, 'category,name,price\nMains,Naan,45\nMains,Roti,30\nDrinks,Lassi,80\n');
    const before = await exportJson(api);
    const roti = (await client(t, api).get('/menu/items?q=Roti')).body.data[0] as Item;
    const response = await importFile(api, 'category,name,price\nMains,Naan,45\n', '?mode=replace');
    expect(response.body).toMatchObject({
      mode: 'replace',
      created: { categories: 0, items: 0 },
      updated: { categories: 0, items: 0 },
      deleted: { categories: 1, items: 2 },
    });
    expect(before.categories).toHaveLength(2);
    const after = await exportJson(api);
    expect(
      after.categories.map((category) => [category.name, category.items.map((item) => item.name)]),
    ).toEqual([['Mains', ['Naan']]]);
    expect((await client(t, api).get(`/menu/items/${roti.id}`)).status).toBe(404);
    const [row] = await t.db.admin.query<{ deleted: boolean }>(
      'select deleted_at is not null as deleted from menu.items where id = $1',
      [roti.id],
    );
    expect(row?.deleted).toBe(true);
    expect((await outbox(t, 'menu.item_deleted.v1')).some((event) => event.payload.item_id === roti.id)).toBe(
      true,
    );
  });

  it('two imports of the same file at once: one creates, the other finds everything in place', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-race'));
    const csv = 'category,name,price\nMains,Naan,45\nMains,Roti,30\n';
    const results = await Promise.all([importFile(api, csv), importFile(api, csv)]);
    expect(results.map((result) => result.status)).toEqual([200, 200]);
    expect(results.map((result) => result.body.created?.items).sort()).toEqual([0, 2]);
    const document = await exportJson(api);
    expect(document.categories.map((category) => [category.name, category.items.length])).toEqual([
      ['Mains', 2],
    ]);
  });

  it('refuses a replace with an empty file', async () => {
    const response = await importFile(managerOf(tenantA), 'category,name,price\n', '?mode=replace');
    expect(response.status).toBe(422);
  });
});

describe('JSON import', () => {
  it('reports entries by their path and unknown groups, and writes nothing', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-json-errors'));
    const response = await importFile(api, {
      categories: [
        {
          name: 'Mains',
          items: [
            { name: 'Naan', price: -1 },
            { name: 'Roti', price: 100, modifier_groups: ['Missing'] },
            { name: 'Kulcha' },
          ],
        },
      ],
      modifier_groups: [
        { name: 'Loop A', options: [{ name: 'to B', opens_group: 'Loop B' }] },
        { name: 'Loop B', options: [{ name: 'to A', opens_group: 'Loop A' }] },
        { name: 'Broken', min_select: 3, max_select: 1 },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { field: 'categories.0.items.0.price', message: expect.any(String) },
      { field: 'modifier_groups.2.min_select', message: 'min_select (3) cannot exceed max_select (1)' },
      { field: 'categories.0.items.1.modifier_groups', message: "unknown modifier group 'Missing'" },
      { field: 'categories.0.items.2.price', message: 'required for a new item' },
      {
        field: 'modifier_groups.0.options',
        message: 'options would open groups in a loop: Loop A → Loop B → Loop A',
      },
    ]);
    expect(await exportJson(api)).toMatchObject({ categories: [], modifier_groups: [] });
  });
});

describe('JSON import of modifier groups', () => {
  it('updates groups and options in place (ids kept), and replace deletes the groups nothing names', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-groups'));
    const built = await buildMenu(client(t, api));
    const extra = (
      await client(t, api).post('/menu/modifier-groups', { name: 'Unused', options: [{ name: 'X' }] })
    ).body;
    const document = await exportJson(api);
    const spice = document.modifier_groups.find((group) => group.name === 'Spice level')!;
    spice.options[0]!.price_delta = 500;
    spice.options.push({ name: 'Extra hot', price_delta: 0, is_available: true, opens_group: null });
    document.modifier_groups = document.modifier_groups.filter((group) => group.name !== 'Unused');
    const response = await importFile(api, document, '?mode=replace');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      updated: { modifier_groups: 1, items: 0, categories: 0 },
      deleted: { modifier_groups: 1, items: 0, categories: 0 },
    });
    const group = (await client(t, api).get(`/menu/modifier-groups/${built.spice.id}`)).body;
    expect(
      group.options.map((option: { id: string; name: string; price_delta: number }) => [
        option.name,
        option.price_delta,
      ]),
    ).toEqual([
      ['Mild', 500],
      ['Hot; very', 0],
      ['Combo', 9900],
      ['Extra hot', 0],
    ]);
    expect(group.options[0].id).toBe(built.spice.options[0].id);
    expect((await client(t, api).get(`/menu/modifier-groups/${extra.id}`)).status).toBe(404);
    expect((await outbox(t, 'menu.modifier_group_updated.v1')).map((event) => event.payload)).toContainEqual({
      group_id: built.spice.id,
      version: 2,
      changed: ['options'],
    });
  });

  it('refuses to make a group unsatisfiable while an item it leaves alone still offers it', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-unsat'));
    await buildMenu(client(t, api));
    const document = await exportJson(api);
    const spice = document.modifier_groups.find((group) => group.name === 'Spice level')!;
    const response = await importFile(api, {
      categories: [],
      modifier_groups: [{ ...spice, min_select: 5, max_select: 5 }],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      {
        field: 'modifier_groups.0.min_select',
        message:
          "item 'Paneer Tikka' offers this group, which would ask for more choices than it has options",
      },
    ]);
  });

  it('refuses a document in another currency', async () => {
    const document = await exportJson(managerOf(tenantA));
    const response = await importFile(managerOf(tenantA), { ...document, currency: 'USD' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'currency', message: expect.stringContaining('USD') }]);
  });
});

describe('tenancy and permissions', () => {
  it('an import in one restaurant never touches another', async () => {
    const other = managerOf(await createRestaurant(t, 'ie-other'));
    await importFile(other, 'category,name,price\nMains,Naan,45\nMains,Butter Chicken,300\n');
    const before = await exportJson(other);
    const response = await importFile(
      managerOf(tenantA),
      'category,name,price\nMains,Naan,99\nMains,Butter Chicken,999\n',
      '?mode=replace',
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      created: { items: 1 },
      updated: { items: 1 },
      deleted: { items: 3 },
    });
    expect(withoutTime(await exportJson(other))).toEqual(withoutTime(before));
  });

  it('a waiter (menu:read only) cannot import: 403, nothing written', async () => {
    const items = await countRows(t, 'items');
    const response = await importFile(waiterOf(tenantA), 'category,name,price\nMains,Waiter special,1\n');
    expect(response.status).toBe(403);
    expect(await countRows(t, 'items')).toBe(items);
  });

  it('takes text/csv with a charset, respects the body limit (413) and replays an Idempotency-Key', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-http'));
    const send = (payload: string, extra: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/menu/import',
        headers: { ...api, 'content-type': 'text/csv; charset=utf-8', ...extra },
        payload,
      });
    const tooLarge = await send(`category,name,price\n${'Mains,Naan,1\n'.repeat(90_000)}`);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'payload_too_large' });
    const csv = 'category,name,price\nMains,Naan,45\n';
    const first = await send(csv, { 'idempotency-key': 'import-1' });
    expect(first.statusCode, first.body).toBe(200);
    const items = await countRows(t, 'items');
    const replay = await send(csv, { 'idempotency-key': 'import-1' });
    expect(replay.json()).toEqual(first.json());
    expect(replay.json()).toMatchObject({ created: { items: 1 } });
    expect(await countRows(t, 'items')).toBe(items);
  });

  it('imports a thousand rows in one go, and shows in the OpenAPI document', async () => {
    const api = managerOf(await createRestaurant(t, 'ie-big'));
    const rows = Array.from(
      { length: 1000 },
      (_, i) => `Category ${i % 10},Item ${i},${i}.50,Half:${i}.00;Full:${i}.50`,
    );
    const response = await importFile(api, `category,name,price,variants\n${rows.join('\n')}\n`);
    expect(response.body).toMatchObject({ created: { categories: 10, items: 1000 } });
    const openapi = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(Object.keys(openapi.json().paths)).toEqual(
      expect.arrayContaining(['/api/v1/menu/import', '/api/v1/menu/export']),
    );
  });

  it('refuses a body that is neither JSON nor CSV', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/menu/import',
      headers: { ...managerOf(tenantA), 'content-type': 'application/xml' },
      payload: '<menu/>',
    });
    expect(response.statusCode).toBe(415);
  });
});
