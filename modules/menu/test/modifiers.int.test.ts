import type { RequestContext } from '@brigade/kernel';
import { tenantsModule } from '@brigade/tenants/module';
import { as, createTestApp, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Item, type MenuService, type ModifierGroup, menuPermissions } from '../src/contract/index.js';
import { menuModule } from '../src/module.js';
import {
  type Client,
  client,
  countRows,
  createRestaurant,
  kitchenOf,
  managerOf,
  outbox,
} from './support/menu-app.js';

let t: TestApp;
let tenant: string;
let api: Client;
let categoryId: string;
beforeAll(async () => {
  t = await createTestApp({ modules: [tenantsModule, menuModule] });
  tenant = await createRestaurant(t, 'modifiers');
  api = client(t, managerOf(tenant));
  categoryId = (await api.post('/menu/categories', { name: 'Mains' })).body.id;
});
afterAll(() => t?.close());

async function group(body: Record<string, unknown>): Promise<ModifierGroup> {
  const response = await api.post('/menu/modifier-groups', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Everything a refused write might have touched, to prove it touched nothing. */
const snapshot = async () => ({
  groups: await countRows(t, 'modifier_groups'),
  options: await countRows(t, 'modifier_options'),
  items: await countRows(t, 'items'),
  links: await countRows(t, 'item_modifier_groups'),
  prices: await countRows(t, 'price_history'),
  events: await countRows(t, 'outbox'),
  optionRows: await t.db.admin.query('select * from menu.modifier_options order by id'),
  groupRows: await t.db.admin.query('select * from menu.modifier_groups order by id'),
});

describe('modifier groups', () => {
  it('creates a group with options in order; required alone means min 1, max 1', async () => {
    const response = await api.post('/menu/modifier-groups', {
      name: 'Spice level',
      is_required: true,
      options: [{ name: 'Mild' }, { name: 'Hot', price_delta: 0 }, { name: 'Extra hot', price_delta: 1000 }],
    });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/api/v1/menu/modifier-groups/${response.body.id}`);
    expect(response.body).toMatchObject({
      name: 'Spice level',
      is_required: true,
      min_select: 1,
      max_select: 1,
      version: 1,
    });
    expect(
      response.body.options.map((o: { name: string; price_delta: number; position: number }) => [
        o.name,
        o.price_delta,
        o.position,
      ]),
    ).toEqual([
      ['Mild', 0, 0],
      ['Hot', 0, 1],
      ['Extra hot', 1000, 2],
    ]);
    expect((await api.get(`/menu/modifier-groups/${response.body.id}`)).body).toEqual(response.body);
    const optional = await group({ name: 'Add-ons', max_select: 3 });
    expect(optional).toMatchObject({ is_required: false, min_select: 0, max_select: 3, options: [] });
    const byMin = await group({
      name: 'Two sides',
      min_select: 2,
      options: [{ name: 'Rice' }, { name: 'Salad' }],
    });
    expect(byMin).toMatchObject({ is_required: true, min_select: 2, max_select: 2 });
  });

  it('refuses contradictory rules with 400 and writes nothing', async () => {
    const before = await snapshot();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ min_select: 3, max_select: 2 }, 'invalid_modifier_rules', 'min_select'],
      [{ is_required: true, min_select: 0 }, 'invalid_modifier_rules', 'min_select'],
      [{ is_required: false, min_select: 1 }, 'invalid_modifier_rules', 'min_select'],
      [{ max_select: 0 }, 'validation_failed', 'max_select'],
      [{ min_select: -1 }, 'validation_failed', 'min_select'],
      [{ options: [{ name: 'Raita', price_delta: -100 }] }, 'validation_failed', 'options.0.price_delta'],
      [{ options: [{ name: 'Raita' }, { name: 'raita' }] }, 'validation_failed', 'options'],
    ];
    for (const [rules, code, field] of cases) {
      const response = await api.post('/menu/modifier-groups', {
        name: 'Broken',
        options: [{ name: 'A' }],
        ...rules,
      });
      expect(response.status, JSON.stringify(rules)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.code).toBe(code);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const existing = await group({
      name: 'Sizes of sauce',
      max_select: 2,
      options: [{ name: 'Small' }, { name: 'Big' }],
    });
    const mid = await snapshot();
    const patch = await api.patch(`/menu/modifier-groups/${existing.id}`, { min_select: 3 });
    expect(patch.status).toBe(400);
    expect(patch.body).toMatchObject({ code: 'invalid_modifier_rules', errors: [{ field: 'min_select' }] });
    expect(await snapshot()).toEqual(mid);
    expect(mid.groups).toBe(before.groups + 1);
  });

  it('refuses attaching a group with fewer options than it requires (422), writing nothing', async () => {
    const empty = await group({ name: 'Choose a sauce', is_required: true });
    const before = await snapshot();
    const response = await api.post('/menu/items', {
      category_id: categoryId,
      name: 'Fries',
      price: 9900,
      modifier_group_ids: [empty.id],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'modifier_group_unsatisfiable',
      details: { group_ids: [empty.id] },
    });
    expect(await snapshot()).toEqual(before);
    const unknown = await api.post('/menu/items', {
      category_id: categoryId,
      name: 'Fries',
      price: 9900,
      modifier_group_ids: ['0190a0a0-0000-7000-8000-0000000000ee'],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_modifier_group');
    expect(await snapshot()).toEqual(before);
  });

  it('links items to groups in order, and refuses to shrink an offered group below its minimum', async () => {
    const spice = await group({
      name: 'Spice',
      is_required: true,
      options: [{ name: 'Mild' }, { name: 'Hot' }],
    });
    const extras = await group({
      name: 'Extras',
      max_select: 2,
      options: [{ name: 'Raita', price_delta: 4900 }],
    });
    const created = await api.post('/menu/items', {
      category_id: categoryId,
      name: 'Butter Chicken',
      price: 34900,
      modifier_group_ids: [extras.id, spice.id],
    });
    expect(created.status).toBe(201);
    expect(created.body.modifier_group_ids).toEqual([extras.id, spice.id]);
    const reordered = await api.patch(`/menu/items/${created.body.id}`, {
      modifier_group_ids: [spice.id, extras.id],
    });
    expect(reordered.body.modifier_group_ids).toEqual([spice.id, extras.id]);

    const before = await snapshot();
    const shrink = await api.patch(`/menu/modifier-groups/${spice.id}`, { options: [] });
    expect(shrink.status).toBe(422);
    expect(shrink.body).toMatchObject({
      code: 'modifier_group_unsatisfiable',
      details: { item_ids: [created.body.id] },
    });
    expect(await snapshot()).toEqual(before);

    const inUse = await api.delete(`/menu/modifier-groups/${spice.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({
      code: 'modifier_group_in_use',
      details: { item_ids: [created.body.id] },
    });

    // Options keep their ids when named; the rest are removed (soft).
    const [mild, hot] = spice.options;
    const edited = await api.patch(`/menu/modifier-groups/${spice.id}`, {
      options: [{ id: hot!.id, name: 'Hot', price_delta: 500 }, { name: 'Medium' }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.options.map((o: { id: string; name: string }) => o.name)).toEqual(['Hot', 'Medium']);
    expect(edited.body.options[0].id).toBe(hot!.id);
    expect(edited.body.version).toBe(2);
    const [row] = await t.db.admin.query<{ deleted_at: Date | null }>(
      'select deleted_at from menu.modifier_options where id = $1',
      [mild!.id],
    );
    expect(row?.deleted_at).toBeInstanceOf(Date);

    // Once no item offers it, the group may go; it then vanishes.
    await api.patch(`/menu/items/${created.body.id}`, { modifier_group_ids: [extras.id] });
    expect((await api.delete(`/menu/modifier-groups/${spice.id}`)).status).toBe(204);
    expect((await api.get(`/menu/modifier-groups/${spice.id}`)).status).toBe(404);
    expect(
      (await api.get('/menu/modifier-groups?limit=200')).body.data.map((g: ModifierGroup) => g.id),
    ).not.toContain(spice.id);
    const attach = await api.patch(`/menu/items/${created.body.id}`, { modifier_group_ids: [spice.id] });
    expect(attach.status).toBe(422);
    expect(attach.body.code).toBe('unknown_modifier_group');
  });

  it('nests groups through options, and refuses an option that opens its own group or a loop', async () => {
    const drinks = await group({
      name: 'Choose a drink',
      is_required: true,
      options: [{ name: 'Chai' }, { name: 'Lassi' }],
    });
    const combo = await group({
      name: 'Make it a combo',
      max_select: 1,
      options: [{ name: 'Combo', price_delta: 9900, opens_group_id: drinks.id }],
    });
    expect(combo.options[0]!.opens_group_id).toBe(drinks.id);

    const before = await snapshot();
    const self = await api.patch(`/menu/modifier-groups/${combo.id}`, {
      options: [{ id: combo.options[0]!.id, name: 'Combo', price_delta: 9900, opens_group_id: combo.id }],
    });
    expect(self.status).toBe(422);
    expect(self.body).toMatchObject({ code: 'modifier_cycle', details: { cycle: [combo.id, combo.id] } });

    const loop = await api.patch(`/menu/modifier-groups/${drinks.id}`, {
      options: [{ name: 'Chai', opens_group_id: combo.id }, { name: 'Lassi' }],
    });
    expect(loop.status).toBe(422);
    expect(loop.body).toMatchObject({
      code: 'modifier_cycle',
      details: { cycle: [drinks.id, combo.id, drinks.id] },
    });

    const unknown = await api.post('/menu/modifier-groups', {
      name: 'Dangling',
      options: [{ name: 'Nowhere', opens_group_id: '0190a0a0-0000-7000-8000-0000000000dd' }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_modifier_group');
    expect(await snapshot()).toEqual(before);

    const inUse = await api.delete(`/menu/modifier-groups/${drinks.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.details.option_ids).toEqual([combo.options[0]!.id]);
  });

  it('two concurrent changes that together would make a loop: one wins, the other is refused', async () => {
    for (let round = 0; round < 3; round++) {
      const x = await group({ name: `X${round}`, options: [{ name: 'x1' }] });
      const y = await group({ name: `Y${round}`, options: [{ name: 'y1' }] });
      const results = await Promise.all([
        api.patch(`/menu/modifier-groups/${x.id}`, {
          options: [{ id: x.options[0]!.id, name: 'x1', opens_group_id: y.id }],
        }),
        api.patch(`/menu/modifier-groups/${y.id}`, {
          options: [{ id: y.options[0]!.id, name: 'y1', opens_group_id: x.id }],
        }),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual([200, 422]);
      expect(results.find((result) => result.status === 422)!.body.code).toBe('modifier_cycle');
    }
  });

  it('86es an option at once, emits the event to the staff feed, and keeps kitchen staff to that', async () => {
    const sides = await group({
      name: 'Sides',
      max_select: 2,
      options: [{ name: 'Papad' }, { name: 'Pickle' }],
    });
    const papad = sides.options[0]!;
    const kitchen = client(t, kitchenOf(tenant));
    const off = await kitchen.post(`/menu/modifier-options/${papad.id}/availability`, { available: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: papad.id, group_id: sides.id, is_available: false });
    expect((await api.get(`/menu/modifier-groups/${sides.id}`)).body.options[0].is_available).toBe(false);
    // Again: nothing changes, nothing is emitted.
    await kitchen.post(`/menu/modifier-options/${papad.id}/availability`, { available: false });
    const events = (await outbox(t, 'menu.option_availability_changed.v1')).filter(
      (row) => row.payload.option_id === papad.id,
    );
    expect(events).toEqual([
      {
        type: 'menu.option_availability_changed.v1',
        tenant_id: tenant,
        payload: { option_id: papad.id, group_id: sides.id, name: 'Papad', is_available: false },
      },
    ]);
    const readOnly = client(t, as({ tenantId: tenant, role: 'waiter', permissions: [menuPermissions.read] }));
    // Kitchen staff may 86 but not edit the menu.
    expect((await kitchen.patch(`/menu/modifier-groups/${sides.id}`, { name: 'Renamed' })).status).toBe(403);
    expect(
      (await readOnly.post(`/menu/modifier-options/${papad.id}/availability`, { available: true })).status,
    ).toBe(403);
    const other = client(t, managerOf(await createRestaurant(t, 'modifiers-other')));
    expect(
      (await other.post(`/menu/modifier-options/${papad.id}/availability`, { available: true })).status,
    ).toBe(404);
    expect((await other.get(`/menu/modifier-groups/${sides.id}`)).status).toBe(404);
    expect((await other.patch(`/menu/modifier-groups/${sides.id}`, { name: 'Mine' })).status).toBe(404);
    expect((await other.delete(`/menu/modifier-groups/${sides.id}`)).status).toBe(404);
    // Nor can another restaurant offer this group on its items, or open it from its options.
    const theirCategory = (await other.post('/menu/categories', { name: 'Theirs' })).body;
    const borrow = await other.post('/menu/items', {
      category_id: theirCategory.id,
      name: 'Borrowed',
      price: 100,
      modifier_group_ids: [sides.id],
    });
    expect(borrow.status).toBe(422);
    expect(borrow.body.code).toBe('unknown_modifier_group');
    const open = await other.post('/menu/modifier-groups', {
      name: 'Opener',
      options: [{ name: 'Go', opens_group_id: sides.id }],
    });
    expect(open.status).toBe(422);
    expect((await api.get(`/menu/modifier-groups/${sides.id}`)).body).toMatchObject({
      name: 'Sides',
      version: 1,
    });
  });
});

describe('getItemsForPricing', () => {
  it('returns live items with variants, groups in order, nested groups and availability; the rest as missing', async () => {
    const service = t.modules.get('menu')!.service as MenuService;
    const ctx: RequestContext = {
      tenantId: tenant,
      actor: { kind: 'service', id: 'orders', role: null, permissions: new Set(['*']) },
      requestId: 'r1',
      correlationId: 'c1',
      idempotencyKey: null,
    };
    const drink = await group({
      name: 'Pick a drink',
      is_required: true,
      options: [{ name: 'Chai' }, { name: 'Soda', price_delta: 1000 }],
    });
    const combo = await group({
      name: 'Combo?',
      options: [{ name: 'Combo', price_delta: 9900, opens_group_id: drink.id }],
    });
    const spice = await group({
      name: 'Heat',
      is_required: true,
      options: [{ name: 'Mild' }, { name: 'Hot' }],
    });
    const biryani: Item = (
      await api.post('/menu/items', {
        category_id: categoryId,
        name: 'Biryani for pricing',
        price: 39900,
        station: 'biryani',
        tax_category: 'food',
        variants: [
          { name: 'Half', price: 24900 },
          { name: 'Full', price: 39900 },
        ],
        modifier_group_ids: [spice.id, combo.id],
      })
    ).body;
    const gone: Item = (await api.post('/menu/items', { category_id: categoryId, name: 'Gone', price: 100 }))
      .body;
    await api.delete(`/menu/items/${gone.id}`);
    await api.post(`/menu/items/${biryani.id}/availability`, { available: false });
    await api.post(`/menu/modifier-options/${drink.options[1]!.id}/availability`, { available: false });
    const unknown = '0190a0a0-0000-7000-8000-0000000000cc';
    // Orders price from the live published version: publish the draft (gone is not in it).
    expect((await api.post('/menu/publish', { note: 'for pricing' })).status).toBe(201);

    const priced = await service.getItemsForPricing(ctx, {
      item_ids: [biryani.id, gone.id, unknown, biryani.id],
    });
    expect(priced.missing_ids).toEqual([gone.id, unknown]);
    expect(priced.items).toHaveLength(1);
    const [line] = priced.items;
    expect(line).toMatchObject({
      id: biryani.id,
      price: 39900,
      station: 'biryani',
      tax_category: 'food',
      is_available: false,
      variants: [
        { id: biryani.variants[0]!.id, name: 'Half', price: 24900 },
        { id: biryani.variants[1]!.id, name: 'Full', price: 39900 },
      ],
    });
    expect(line!.modifier_groups.map((g) => g.id)).toEqual([spice.id, combo.id]);
    expect(line!.modifier_groups[0]).toMatchObject({ min_select: 1, max_select: 1, is_required: true });
    expect(line!.nested_modifier_groups.map((g) => g.id)).toEqual([drink.id]);
    expect(line!.nested_modifier_groups[0]!.options).toEqual([
      expect.objectContaining({ name: 'Chai', price_delta: 0, is_available: true }),
      expect.objectContaining({ name: 'Soda', price_delta: 1000, is_available: false }),
    ]);
    expect(line!.modifier_groups[1]!.options[0]).toMatchObject({
      price_delta: 9900,
      opens_group_id: drink.id,
    });
    // Another restaurant asking for the same ids gets nothing.
    const elsewhere = await service.getItemsForPricing(
      { ...ctx, tenantId: await createRestaurant(t, 'pricing-other') },
      { item_ids: [biryani.id] },
    );
    expect(elsewhere).toEqual({ items: [], missing_ids: [biryani.id] });
  });
});
