import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  client,
  countRows,
  createInventoryApp,
  ingredient,
  inventoryService,
  levelAndSum,
  levelsAreSums,
  manager,
  newRestaurant,
  outbox,
  system,
  waiter,
} from './support/inventory-app.js';

/** Issue 9 points 1, 4, 5 and 8: ingredients, movements, levels, alerts, concurrency, bad input. */
let t: TestApp;
let r: { id: string };
let other: { id: string };
let api: Client;

beforeAll(async () => {
  t = await createInventoryApp({ withOrders: false, poolMax: 8 });
  r = await newRestaurant(t, 'stock-house');
  other = await newRestaurant(t, 'stock-other');
  api = client(t, manager(r));
});
afterAll(() => t?.close());

describe('ingredients and movements', () => {
  it('creates ingredients with units, converts quantities, keeps the level the sum of its transactions', async () => {
    const cheese = await ingredient(api, {
      name: 'Cheddar',
      unit: 'kg',
      cost_per_unit: 1200,
      category: 'dairy',
      storage_location: 'walk-in',
      reorder_point: 1,
      par_level: 5,
    });
    expect(cheese).toMatchObject({
      unit: 'kg',
      base_unit: 'g',
      quantity: 0,
      reorder_point: 1,
      low_stock: false,
    });
    expect((await api.get(`/inventory/items/${cheese.id}`)).body.name).toBe('Cheddar');

    const stockIn = await api.post('/inventory/stock-in', {
      ingredient_id: cheese.id,
      quantity: 2500,
      unit: 'g',
      lot_code: 'L-1',
      expires_on: '2030-01-01',
    });
    expect(stockIn.status, JSON.stringify(stockIn.body)).toBe(201);
    expect(stockIn.body.level.quantity).toBe(2.5);
    expect(stockIn.body.transaction).toMatchObject({
      type: 'stock_in',
      quantity: 2.5,
      unit: 'kg',
      value: 3000,
    });

    const waste = await api.post('/inventory/stock-out', {
      ingredient_id: cheese.id,
      quantity: 0.2,
      type: 'waste',
      reason: 'mould',
    });
    expect(waste.status).toBe(201);
    expect(waste.body.transaction).toMatchObject({
      type: 'waste',
      reason: 'mould',
      quantity: -0.2,
      value: -240,
    });

    const out = await api.post('/inventory/stock-out', {
      ingredient_id: cheese.id,
      quantity: 300,
      unit: 'g',
    });
    expect(out.body.level.quantity).toBe(2);
    const adjusted = await api.post('/inventory/adjust', {
      ingredient_id: cheese.id,
      new_quantity: 1.9,
      reason: 'spot check',
    });
    expect(adjusted.body.transaction).toMatchObject({ type: 'adjustment', quantity: -0.1 });
    const delta = await api.post('/inventory/adjust', {
      ingredient_id: cheese.id,
      delta: 100,
      unit: 'g',
      reason: 'found',
    });
    expect(delta.body.level.quantity).toBe(2);

    const movements = await api.get(`/inventory/transactions?ingredient_id=${cheese.id}&limit=2`);
    expect(movements.body.data.map((row: { type: string }) => row.type)).toEqual([
      'adjustment',
      'adjustment',
    ]);
    const rest = await api.get(
      `/inventory/transactions?ingredient_id=${cheese.id}&cursor=${movements.body.next_cursor}`,
    );
    expect(rest.body.data.map((row: { type: string }) => row.type)).toEqual([
      'stock_out',
      'waste',
      'stock_in',
    ]);

    // The lot was taken first-expiry-first-out: 2500 − 200 − 300 − 100 = 1900 g left in it.
    const [lot] = await t.db.admin.query<{ remaining: string }>(
      'select remaining from inventory.lots where ingredient_id = $1',
      [cheese.id],
    );
    expect(Number(lot!.remaining)).toBe(1900);
    expect(await levelAndSum(t, cheese.id)).toEqual({ level: 2000, sum: 2000 });
    const levels = await api.get('/inventory/levels');
    expect(
      levels.body.find((level: { ingredient_id: string }) => level.ingredient_id === cheese.id),
    ).toMatchObject({
      quantity: 2,
      unit: 'kg',
      value: 2400,
    });
    expect((await outbox(t, r.id, 'inventory.level_changed.v1')).length).toBe(5);
  });

  it('values a large delivery beyond 32-bit minor units (e.g. rupiah by the tonne)', async () => {
    const beef = await ingredient(api, { name: 'Beef bulk', unit: 'kg', cost_per_unit: 150_000 });
    const delivery = await api.post('/inventory/stock-in', { ingredient_id: beef.id, quantity: 1_000_000 });
    expect(delivery.status, JSON.stringify(delivery.body)).toBe(201);
    expect(delivery.body.transaction.value).toBe(150_000_000_000);
    expect(delivery.body.level.quantity).toBe(1_000_000);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const milk = await ingredient(api, { name: 'Milk', unit: 'l', cost_per_unit: 100 });
    const before = await countRows(t, 'transactions', r.id);
    const cases: [string, Record<string, unknown>, number, string][] = [
      [
        '/inventory/stock-in',
        { ingredient_id: milk.id, quantity: 1, unit: 'gallon' },
        400,
        'validation_failed',
      ],
      ['/inventory/stock-in', { ingredient_id: milk.id, quantity: -1 }, 400, 'validation_failed'],
      ['/inventory/stock-in', { ingredient_id: milk.id, quantity: 1, unit: 'kg' }, 400, 'unit_mismatch'],
      [
        '/inventory/stock-out',
        { ingredient_id: milk.id, quantity: 1, type: 'waste' },
        400,
        'validation_failed',
      ],
      ['/inventory/stock-out', { ingredient_id: milk.id, quantity: 1 }, 422, 'insufficient_stock'],
      [
        '/inventory/adjust',
        { ingredient_id: milk.id, new_quantity: 1, delta: 1, reason: 'x' },
        400,
        'validation_failed',
      ],
      ['/inventory/items', { name: 'Milk', unit: 'l', cost_per_unit: 1 }, 409, 'name_taken'],
      ['/inventory/items', { name: 'Sand', unit: 'bucket', cost_per_unit: 1 }, 400, 'validation_failed'],
    ];
    for (const [url, body, status, code] of cases) {
      const answer = await api.post(url, body);
      expect(answer.status, `${url} ${JSON.stringify(body)} → ${JSON.stringify(answer.body)}`).toBe(status);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body.code).toBe(code);
    }
    expect(await countRows(t, 'transactions', r.id)).toBe(before);
    expect(await levelAndSum(t, milk.id)).toEqual({ level: 0, sum: 0 });

    // Another unit of the same dimension re-expresses the ingredient; another dimension is refused.
    await api.post('/inventory/stock-in', { ingredient_id: milk.id, quantity: 2 });
    const inMl = await api.patch(`/inventory/items/${milk.id}`, { unit: 'ml', reorder_point: 2500 });
    expect(inMl.body).toMatchObject({
      unit: 'ml',
      base_unit: 'ml',
      quantity: 2000,
      reorder_point: 2500,
      low_stock: true,
    });
    expect((await outbox(t, r.id, 'inventory.low_stock_detected.v1')).map((row) => row.payload.name)).toEqual(
      ['Milk'],
    );
    const wrong = await api.patch(`/inventory/items/${milk.id}`, { unit: 'kg' });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'unit_mismatch']);
  });

  it('keeps restaurants apart and needs the inventory permissions', async () => {
    const [mine] = (await api.get('/inventory/items?q=cheddar')).body.data;
    const stranger = client(t, manager(other));
    expect((await stranger.get(`/inventory/items/${mine.id}`)).status).toBe(404);
    expect((await stranger.post('/inventory/stock-in', { ingredient_id: mine.id, quantity: 1 })).status).toBe(
      404,
    );
    expect((await stranger.get('/inventory/levels')).body).toEqual([]);
    expect((await client(t, waiter(r)).get('/inventory/levels')).status).toBe(403);
    // The second fence: in the other restaurant's transaction, row-level security hides every row.
    const seen = await t.db.tenantTx(other.id, (tx) =>
      tx.execute('select count(*)::int as n from inventory.transactions' as never),
    );
    expect((seen as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  });
});

describe('alerts', () => {
  it('publishes low stock once per crossing, re-armed above the reorder point', async () => {
    const flour = await ingredient(api, { name: 'Flour', unit: 'kg', cost_per_unit: 50, reorder_point: 5 });
    await api.post('/inventory/stock-in', { ingredient_id: flour.id, quantity: 10 });
    const lows = async () =>
      (await outbox(t, r.id, 'inventory.low_stock_detected.v1')).filter(
        (row) => row.aggregate_id === flour.id,
      );
    for (const quantity of [4, 1, 1])
      await api.post('/inventory/stock-out', { ingredient_id: flour.id, quantity });
    expect((await lows()).length).toBe(1);
    expect((await lows())[0]!.payload).toMatchObject({ quantity: 5, reorder_point: 5, unit: 'kg' });
    expect(
      (await api.get('/inventory/alerts')).body.low_stock.map((row: { name: string }) => row.name),
    ).toContain('Flour');
    await api.post('/inventory/stock-in', { ingredient_id: flour.id, quantity: 10 });
    expect((await api.get(`/inventory/items/${flour.id}`)).body.low_stock).toBe(false);
    await api.post('/inventory/stock-out', { ingredient_id: flour.id, quantity: 10 });
    expect((await lows()).length).toBe(2);
  });

  it('alerts lots near expiry once, through the sweep', async () => {
    const fish = await ingredient(api, { name: 'Salmon', unit: 'kg', cost_per_unit: 2000 });
    const soon = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await api.post('/inventory/stock-in', {
      ingredient_id: fish.id,
      quantity: 3,
      lot_code: 'S-9',
      expires_on: soon,
    });
    await api.post('/inventory/stock-in', {
      ingredient_id: fish.id,
      quantity: 3,
      lot_code: 'S-10',
      expires_on: '2099-01-01',
    });
    const alerts = await api.get('/inventory/alerts');
    expect(alerts.body.expiring_lots).toEqual([
      expect.objectContaining({ name: 'Salmon', lot_code: 'S-9', remaining: 3, unit: 'kg', expired: false }),
    ]);
    const service = inventoryService(t);
    expect((await service.sweep(system(r))).lots_alerted).toBe(1);
    expect((await service.sweep(system(r))).lots_alerted).toBe(0);
    const events = await outbox(t, r.id, 'inventory.lot_expiring.v1');
    expect(events.map((row) => row.payload.lot_code)).toEqual(['S-9']);
  });
});

describe('concurrency (issue 9 point 4)', () => {
  it('100 concurrent stock-outs against stock for 10: exactly 10 succeed, never below zero', async () => {
    const buns = await ingredient(api, { name: 'Buns', unit: 'piece', cost_per_unit: 30 });
    await api.post('/inventory/stock-in', { ingredient_id: buns.id, quantity: 10 });
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        api.post('/inventory/stock-out', { ingredient_id: buns.id, quantity: 1 }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201).length).toBe(10);
    expect(statuses.filter((status) => status === 422).length).toBe(90);
    expect(await levelAndSum(t, buns.id)).toEqual({ level: 0, sum: 0 });
    // Each success saw a level that never went below zero.
    const levels = answers
      .filter((answer) => answer.status === 201)
      .map((answer) => answer.body.level.quantity);
    expect(Math.min(...levels)).toBe(0);
  });

  it('with negative stock allowed, every concurrent stock-out succeeds and the level is flagged', async () => {
    const tenant = await newRestaurant(t, 'stock-negative');
    const owner = client(t, manager(tenant));
    expect((await owner.patch('/inventory/settings', { negative_stock: 'allow' })).body.negative_stock).toBe(
      'allow',
    );
    const buns = await ingredient(owner, { name: 'Buns', unit: 'piece', cost_per_unit: 30 });
    await owner.post('/inventory/stock-in', { ingredient_id: buns.id, quantity: 10 });
    const answers = await Promise.all(
      Array.from({ length: 25 }, () =>
        owner.post('/inventory/stock-out', { ingredient_id: buns.id, quantity: 1 }),
      ),
    );
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    expect(await levelAndSum(t, buns.id)).toEqual({ level: -15, sum: -15 });
    const alerts = await owner.get('/inventory/alerts');
    expect(alerts.body.flagged).toEqual([
      expect.objectContaining({ name: 'Buns', quantity: -15, flagged: true }),
    ]);
    expect(await levelsAreSums(t, tenant.id)).toBe(1);
  });

  it('every level of the restaurant is the sum of its transactions', async () => {
    expect(await levelsAreSums(t, r.id)).toBeGreaterThan(3);
  });
});
