import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  client,
  countRows,
  createInventoryApp,
  eventually,
  ingredient,
  levelsAreSums,
  manager,
  menuService,
  newRestaurant,
  outbox,
  system,
} from './support/inventory-app.js';

/** Issue 9 points 6–8: suppliers, purchase orders, stock counts, the variance report. */
let t: TestApp;
let r: { id: string };
let api: Client;
// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
type Json = any;
let supplier: Json;
let rice: Json;
let oil: Json;

beforeAll(async () => {
  t = await createInventoryApp();
  r = await newRestaurant(t, 'rice-house');
  api = client(t, manager(r));
});
afterAll(() => t?.close());

describe('suppliers and purchase orders', () => {
  it('creates a supplier with contact and lead time', async () => {
    const created = await api.post('/inventory/suppliers', {
      name: 'Grain Co',
      contact_name: 'Asha',
      email: 'asha@grain.example',
      phone: '+91 90000 00000',
      lead_time_days: 3,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    supplier = created.body;
    expect((await api.post('/inventory/suppliers', { name: 'grain co' })).body.code).toBe('name_taken');
    expect(
      (await api.patch(`/inventory/suppliers/${supplier.id}`, { lead_time_days: 2 })).body.lead_time_days,
    ).toBe(2);
    expect((await api.get('/inventory/suppliers')).body).toHaveLength(1);
  });

  it('suggests a draft from reorder points, par levels and usage; sends, receives partly then fully, closes', async () => {
    rice = await ingredient(api, {
      name: 'Rice',
      unit: 'kg',
      cost_per_unit: 8000,
      reorder_point: 5,
      par_level: 20,
      supplier_id: supplier.id,
    });
    oil = await ingredient(api, {
      name: 'Oil',
      unit: 'l',
      cost_per_unit: 15000,
      reorder_point: 2,
      supplier_id: supplier.id,
    });
    await ingredient(api, {
      name: 'Salt',
      unit: 'kg',
      cost_per_unit: 2000,
      reorder_point: 1,
      supplier_id: supplier.id,
    });
    await api.post('/inventory/stock-in', { ingredient_id: rice.id, quantity: 8 });
    await api.post('/inventory/stock-out', { ingredient_id: rice.id, quantity: 4 });
    await api.post('/inventory/stock-in', {
      ingredient_id: (await api.get('/inventory/items?q=salt')).body.data[0].id,
      quantity: 10,
    });

    const suggested = await api.post('/inventory/purchase-orders/suggest', { supplier_id: supplier.id });
    expect(suggested.status, JSON.stringify(suggested.body)).toBe(201);
    expect(suggested.body.status).toBe('draft');
    // Rice: up to par 20 from 4 → 16 kg; oil (none in stock, no par): 2 × reorder point = 4 l; salt is fine.
    const lines = Object.fromEntries(suggested.body.lines.map((line: Json) => [line.ingredient_name, line]));
    expect(Object.keys(lines).sort()).toEqual(['Oil', 'Rice']);
    expect(lines.Rice).toMatchObject({ ordered: 16, unit: 'kg', unit_cost: 8000, total: 128000 });
    expect(lines.Oil).toMatchObject({ ordered: 4, unit: 'l' });

    const order = suggested.body;
    expect(
      (
        await api.post(`/inventory/purchase-orders/${order.id}/receive`, {
          lines: [{ line_id: lines.Rice.id, quantity: 1 }],
        })
      ).body.code,
    ).toBe('invalid_transition');
    expect((await api.post(`/inventory/purchase-orders/${order.id}/send`)).body.status).toBe('sent');

    const partly = await api.post(`/inventory/purchase-orders/${order.id}/receive`, {
      lines: [
        { line_id: lines.Rice.id, quantity: 10, unit_cost: 8200, lot_code: 'R-1', expires_on: '2031-01-01' },
      ],
    });
    expect(partly.status, JSON.stringify(partly.body)).toBe(200);
    expect(partly.body.status).toBe('partially_received');
    const riceNow = (await api.get(`/inventory/items/${rice.id}`)).body;
    expect(riceNow).toMatchObject({ quantity: 14, cost_per_unit: 8200 });
    const [received] = (await api.get(`/inventory/transactions?ingredient_id=${rice.id}&type=stock_in`)).body
      .data;
    expect(received).toMatchObject({
      quantity: 10,
      unit_cost: 8200,
      value: 82000,
      purchase_order_id: order.id,
    });

    // More than ordered: refused with the field named, nothing written.
    const before = await countRows(t, 'transactions', r.id);
    const over = await api.post(`/inventory/purchase-orders/${order.id}/receive`, {
      lines: [
        { line_id: lines.Oil.id, quantity: 4 },
        { line_id: lines.Rice.id, quantity: 7 },
      ],
    });
    expect(over.status).toBe(422);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.body).toMatchObject({ code: 'over_receipt', errors: [{ field: 'lines.1.quantity' }] });
    expect(await countRows(t, 'transactions', r.id)).toBe(before);
    expect((await api.get(`/inventory/items/${oil.id}`)).body.quantity).toBe(0);

    const overridden = await api.post(`/inventory/purchase-orders/${order.id}/receive`, {
      override: true,
      lines: [
        { line_id: lines.Oil.id, quantity: 4000, unit: 'ml' },
        { line_id: lines.Rice.id, quantity: 7 },
      ],
    });
    expect(overridden.body.status).toBe('received');
    expect(overridden.body.lines.find((line: Json) => line.ingredient_name === 'Rice').received).toBe(17);
    expect((await api.post(`/inventory/purchase-orders/${order.id}/close`)).body.status).toBe('closed');
    expect((await api.post(`/inventory/purchase-orders/${order.id}/send`)).status).toBe(409);

    const received2 = await outbox(t, r.id, 'inventory.stock_received.v1');
    expect(received2.map((row) => row.payload.status)).toEqual(['partially_received', 'received']);
    expect(
      (await api.get('/inventory/purchase-orders?status=closed')).body.data.map((po: Json) => po.id),
    ).toEqual([order.id]);
    expect(
      (await api.post('/inventory/purchase-orders/suggest', { supplier_id: supplier.id })).body.code,
    ).toBe('nothing_to_order');
  });

  it('drafts a purchase order by hand, converting units', async () => {
    const drafted = await api.post('/inventory/purchase-orders', {
      supplier_id: supplier.id,
      lines: [{ ingredient_id: rice.id, quantity: 500, unit: 'g' }],
    });
    expect(drafted.status).toBe(201);
    expect(drafted.body.lines[0]).toMatchObject({ ordered: 0.5, unit: 'kg', unit_cost: 8000, total: 4000 });
    const bad = await api.post('/inventory/purchase-orders', {
      supplier_id: supplier.id,
      lines: [{ ingredient_id: rice.id, quantity: 1, unit: 'l' }],
    });
    expect(bad.body.code).toBe('unit_mismatch');
  });
});

describe('counts and the variance report', () => {
  it("lists counts newest first, open or posted, page by page, only the restaurant's own", async () => {
    const mine = client(t, manager(await newRestaurant(t, 'count-list')));
    const flour = (await mine.post('/inventory/items', { name: 'Flour', unit: 'kg', cost_per_unit: 5000 }))
      .body;
    await mine.post('/inventory/stock-in', { ingredient_id: flour.id, quantity: 10 });
    const monthEnd = (await mine.post('/inventory/counts', { note: 'month end' })).body;
    await mine.put(`/inventory/counts/${monthEnd.id}/lines`, {
      lines: [{ ingredient_id: flour.id, counted: 9 }],
    });
    const posted = await mine.post(`/inventory/counts/${monthEnd.id}/post`);
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    const weekly = (await mine.post('/inventory/counts', { note: 'weekly' })).body;

    const open = await mine.get('/inventory/counts?status=open');
    expect(open.status).toBe(200);
    expect(open.body.data.map((row: Json) => [row.id, row.note])).toEqual([[weekly.id, 'weekly']]);
    const first = await mine.get('/inventory/counts?limit=1');
    expect(first.body.data.map((row: Json) => row.id)).toEqual([weekly.id]);
    const second = await mine.get(`/inventory/counts?limit=1&cursor=${first.body.next_cursor}`);
    expect(second.body.data.map((row: Json) => [row.id, row.status, row.variance_value])).toEqual([
      [monthEnd.id, 'posted', -5000],
    ]);
    expect(second.body.next_cursor).toBeNull();
    expect(second.body.data[0].lines[0]).toMatchObject({
      ingredient_name: 'Flour',
      expected: 10,
      counted: 9,
    });
    // Another restaurant's counts stay out of sight.
    expect(
      (await api.get('/inventory/counts?status=open')).body.data.map((row: Json) => row.id),
    ).not.toContain(weekly.id);
    expect((await mine.get('/inventory/counts?status=done')).status).toBe(400);
  });

  it('posts a count as adjustments with variance, and reports theoretical vs actual usage and food cost', async () => {
    const from = new Date().toISOString();
    const menu = menuService(t);
    const category = await menu.createCategory(system(r), { name: 'Mains' });
    const pulao = await menu.createItem(system(r), { category_id: category.id, name: 'Pulao', price: 2000 });
    await menu.publishMenu(system(r), {});
    await api.put(`/inventory/recipes/item/${pulao.id}`, {
      lines: [
        { ingredient_id: rice.id, quantity: 200, unit: 'g' },
        { ingredient_id: oil.id, quantity: 20, unit: 'ml' },
      ],
    });
    const placed = await api.post('/orders', {
      channel: 'takeout',
      lines: [{ menu_item_id: pulao.id, quantity: 5 }],
    });
    expect(placed.status).toBe(201);
    await eventually(
      () => api.get(`/inventory/transactions?order_id=${placed.body.id}`),
      (answer) => answer.body.data.length === 2,
    );
    // Sold 5 × 200 g = 1 kg of rice; 21 − 1 = 20 kg on the books; 19.5 kg counted.
    expect((await api.get(`/inventory/items/${rice.id}`)).body.quantity).toBe(20);

    const count = await api.post('/inventory/counts', { note: 'month end' });
    expect(count.status).toBe(201);
    const entered = await api.put(`/inventory/counts/${count.body.id}/lines`, {
      lines: [
        { ingredient_id: rice.id, counted: 19500, unit: 'g' },
        { ingredient_id: oil.id, counted: 3.9 },
      ],
    });
    expect(entered.body.lines.find((line: Json) => line.ingredient_name === 'Rice')).toMatchObject({
      expected: 20,
      counted: 19.5,
      variance: -0.5,
    });
    const posted = await api.post(`/inventory/counts/${count.body.id}/post`);
    expect(posted.body.status).toBe('posted');
    expect(posted.body.variance_value).toBe(-4000); // 0.5 kg rice at 80.00 (the last received cost); oil matched
    expect((await api.post(`/inventory/counts/${count.body.id}/post`)).status).toBe(409);
    expect((await api.get(`/inventory/items/${rice.id}`)).body.quantity).toBe(19.5);
    const adjustments = await outbox(t, r.id, 'inventory.stock_adjusted.v1');
    expect(adjustments.map((row) => [row.payload.name, row.payload.delta, row.payload.count_id])).toEqual([
      ['Rice', -0.5, count.body.id],
    ]);

    const to = new Date(Date.now() + 60_000).toISOString();
    const report = await api.get(
      `/inventory/reports/variance?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const riceRow = report.body.ingredients.find((row: Json) => row.name === 'Rice');
    expect(riceRow).toMatchObject({
      theoretical: 1,
      actual: 1.5,
      variance: 0.5,
      theoretical_value: 8000,
      variance_value: 4000,
    });
    expect(report.body.items).toEqual([
      // 5 × 20.00 revenue; 5 × (200 g rice at 80.00/kg + 20 ml oil at 150.00/l) = 5 × (16.00 + 3.00).
      expect.objectContaining({ name: 'Pulao', quantity: 5, revenue: 10000, cost: 9500, food_cost_pct: 95 }),
    ]);
    expect(report.body.totals).toMatchObject({ revenue: 10000, theoretical_cost: 9500, actual_cost: 13500 });
    const backwards = await api.get(
      `/inventory/reports/variance?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
    );
    expect(backwards.body.code).toBe('invalid_range');
    expect(await levelsAreSums(t, r.id)).toBe(3);
  });
});
