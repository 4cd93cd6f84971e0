import type { Restaurant } from '@brigade/tenants';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order, PlacedOrder } from '../src/contract/index.js';
import {
  addTable,
  client,
  countRows,
  createMenu,
  createOrdersApp,
  customer,
  customerId,
  manager,
  menuService,
  newRestaurant,
  optionId,
  outbox,
  system,
  type TestMenu,
  waiter,
  waiterId,
} from './support/orders-app.js';

let t: TestApp;
let r: Restaurant;
let menu: TestMenu;

beforeAll(async () => {
  t = await createOrdersApp();
  r = await newRestaurant(t, 'placing');
  menu = await createMenu(t, r);
});
afterAll(() => t?.close());

const staff = () => client(t, waiter(r));

describe('placing orders', () => {
  it('takeout: priced on the server from the live menu, tax added, numbered, confirmed, announced', async () => {
    const placed = await staff().post('/orders', {
      channel: 'takeout',
      customer: { name: 'Asha', phone: '+91 98450 11111' },
      lines: [
        { menu_item_id: menu.samosa.id, quantity: 2, notes: 'extra chutney' },
        {
          menu_item_id: menu.curry.id,
          quantity: 1,
          option_ids: [optionId(menu.spice, 'Hot'), optionId(menu.addOns, 'Extra paneer')],
        },
        { menu_item_id: menu.beer.id, quantity: 1 },
      ],
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = placed.body as PlacedOrder;
    expect(placed.headers.location).toBe(`/api/v1/orders/${order.id}`);
    expect(order).toMatchObject({
      channel: 'takeout',
      source: 'pos',
      status: 'confirmed',
      currency: 'INR',
      prices_include_tax: false,
      placed_by: waiterId,
      table_id: null,
      customer: { name: 'Asha' },
    });
    expect(order.number).toMatch(/^ORD_\d{8}_\d{3}$/);
    expect(order.tracking_token).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const [samosa, curry, beer] = order.lines;
    expect(samosa).toMatchObject({
      position: 1,
      name: 'Veg Samosa',
      unit_price: 9900,
      quantity: 2,
      subtotal: 19800,
      tax_category: 'food',
      tax_rate_bps: 500,
      tax: 990,
      total: 20790,
      station: 'fryer',
      prep_time_seconds: 420,
      kitchen_state: 'queued',
      status: 'active',
      notes: 'extra chutney',
    });
    expect(curry).toMatchObject({ unit_price: 40900, subtotal: 40900, tax: 2045, total: 42945 });
    expect(curry!.options.map((option) => option.name)).toEqual(['Hot', 'Extra paneer']);
    expect(beer).toMatchObject({ tax_category: 'alcohol', tax_rate_bps: 1800, tax: 5400, total: 35400 });
    expect(order).toMatchObject({ subtotal: 90700, discount_total: 0, tax_total: 8435, total: 99135 });
    expect(order.taxes).toEqual([
      { category: 'food', name: 'GST 5%', rate_bps: 500, amount: 3035 },
      { category: 'alcohol', name: 'VAT 18%', rate_bps: 1800, amount: 5400 },
    ]);

    const history = await staff().get(`/orders/${order.number}/history`);
    expect(
      history.body.data.map((entry: { status: string; from: string | null }) => [entry.from, entry.status]),
    ).toEqual([
      [null, 'pending'],
      ['pending', 'confirmed'],
    ]);
    const events = (await outbox(t, r.id)).filter((event) => event.aggregate_id === order.id);
    expect(events.map((event) => event.type)).toEqual([
      'orders.order_created.v1',
      'orders.order_confirmed.v1',
    ]);
    expect(events[0]!.payload).toMatchObject({
      order_id: order.id,
      number: order.number,
      status: 'confirmed',
      channel: 'takeout',
      total: 99135,
      lines: [
        {
          line_id: samosa!.id,
          name: 'Veg Samosa',
          quantity: 2,
          station: 'fryer',
          course: 1,
          seat: null,
          prep_time_seconds: 420,
        },
        { line_id: curry!.id, options: ['Hot', 'Extra paneer'], option_ids: curry!.options.map((o) => o.id) },
        { line_id: beer!.id, station: 'bar' },
      ],
    });
    expect(events[1]!.payload).toMatchObject({ from: 'pending', to: 'confirmed', changed_by: waiterId });
  });

  it('the client never sets a price: a price field is refused (400) and nothing is written', async () => {
    const before = await countRows(t, 'orders', r.id);
    const refused = await staff().post('/orders', {
      channel: 'takeout',
      lines: [{ menu_item_id: menu.samosa.id, quantity: 1, unit_price: 1 }],
    });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    for (const bad of [
      { channel: 'takeout', lines: [] },
      { channel: 'teleport', lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }] },
      { channel: 'takeout', lines: [{ menu_item_id: menu.samosa.id, quantity: 0 }] },
      { channel: 'takeout', lines: [{ menu_item_id: 'nope', quantity: 1 }] },
    ]) {
      expect((await staff().post('/orders', bad)).status).toBe(400);
    }
    expect(await countRows(t, 'orders', r.id)).toBe(before);
  });

  it('delivery needs an address; dine-in a table or session (400 channel_details_required)', async () => {
    const lines = [{ menu_item_id: menu.samosa.id, quantity: 1 }];
    const delivery = await staff().post('/orders', { channel: 'delivery', lines });
    expect(delivery.status).toBe(400);
    expect(delivery.body).toMatchObject({
      code: 'channel_details_required',
      errors: [{ field: 'delivery_address' }],
    });
    expect((await staff().post('/orders', { channel: 'dine_in', lines })).body.code).toBe(
      'channel_details_required',
    );

    const ok = await staff().post('/orders', {
      channel: 'delivery',
      lines,
      delivery_address: { line1: '1 MG Road', city: 'Bengaluru' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'confirmed', delivery_address: { city: 'Bengaluru' } });
  });

  it('dine-in at a table: opens its session once, stores table, number and session', async () => {
    const table = await addTable(t, r, 'D1');
    const lines = [{ menu_item_id: menu.samosa.id, quantity: 1, seat: 2, course: 2 }];
    const first = await staff().post('/orders', { channel: 'dine_in', table_id: table.id, covers: 3, lines });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ table_id: table.id, table_number: 'D1', status: 'confirmed' });
    expect(first.body.lines[0]).toMatchObject({ seat: 2, course: 2 });
    const session = await client(t, manager(r)).get(`/table-sessions/${first.body.session_id}`);
    expect(session.body).toMatchObject({ table_id: table.id, status: 'open', covers: 3 });
    const second = await staff().post('/orders', { channel: 'dine_in', table_id: table.id, lines });
    expect(second.body.session_id).toBe(first.body.session_id);
    const bySession = await staff().post('/orders', {
      channel: 'dine_in',
      session_id: first.body.session_id,
      lines,
    });
    expect(bySession.body).toMatchObject({ table_id: table.id, table_number: 'D1' });

    // The party leaves: ordering on its session is refused, naming the session.
    expect((await client(t, manager(r)).post(`/table-sessions/${first.body.session_id}/close`)).status).toBe(
      200,
    );
    const closed = await staff().post('/orders', {
      channel: 'dine_in',
      session_id: first.body.session_id,
      lines,
    });
    expect(closed.status).toBe(422);
    expect(closed.body).toMatchObject({ code: 'table_closed', errors: [{ field: 'session_id' }] });
    const unknownTable = await staff().post('/orders', {
      channel: 'dine_in',
      table_id: '0190a0a0-0000-7000-8000-0000000000aa',
      lines,
    });
    expect(unknownTable.status).toBe(422);
    expect(unknownTable.body).toMatchObject({ code: 'table_closed', errors: [{ field: 'table_id' }] });
  });

  it('online orders wait in pending (no confirmation event)', async () => {
    const placed = await staff().post('/orders', {
      channel: 'online',
      lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
    });
    expect(placed.body.status).toBe('pending');
    const events = (await outbox(t, r.id)).filter((event) => event.aggregate_id === placed.body.id);
    expect(events.map((event) => event.type)).toEqual(['orders.order_created.v1']);
    expect(events[0]!.payload.status).toBe('pending');
  });

  it('422 lines_rejected names every bad line: 86’d item, 86’d option, min/max, unknown variant, unknown item', async () => {
    const ctx = system(r);
    const menuApi = menuService(t);
    await menuApi.setItemAvailability(ctx, { id: menu.samosa.id, available: false });
    await menuApi.setOptionAvailability(ctx, { id: optionId(menu.addOns, 'Raita'), available: false });
    try {
      const before = await countRows(t, 'orders', r.id);
      const refused = await staff().post('/orders', {
        channel: 'takeout',
        lines: [
          { menu_item_id: menu.samosa.id, quantity: 1 },
          {
            menu_item_id: menu.curry.id,
            quantity: 1,
            option_ids: [optionId(menu.spice, 'Mild'), optionId(menu.addOns, 'Raita')],
          },
          { menu_item_id: menu.curry.id, quantity: 1, option_ids: [] },
          {
            menu_item_id: menu.curry.id,
            quantity: 1,
            option_ids: [
              optionId(menu.spice, 'Mild'),
              optionId(menu.addOns, 'Extra paneer'),
              optionId(menu.addOns, 'Raita'),
              optionId(menu.addOns, 'Bread basket'),
              optionId(menu.bread, 'Naan'),
            ],
          },
          { menu_item_id: menu.biryani.id, quantity: 1, variant_id: '0190a0a0-0000-7000-8000-0000000000bb' },
          { menu_item_id: '0190a0a0-0000-7000-8000-0000000000cc', quantity: 1 },
          { menu_item_id: menu.biryani.id, quantity: 1 },
        ],
      });
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
      expect(refused.body.code).toBe('lines_rejected');
      const fields = refused.body.errors.map((error: { field: string }) => error.field);
      expect(fields).toContain('lines[0].menu_item_id');
      expect(fields).toContain('lines[1].option_ids');
      expect(fields).toContain('lines[2].option_ids');
      expect(fields).toContain('lines[3].option_ids');
      expect(fields).toContain('lines[4].variant_id');
      expect(fields).toContain('lines[5].menu_item_id');
      expect(fields).toContain('lines[6].variant_id');
      const messages = JSON.stringify(refused.body.errors);
      expect(messages).toMatch(/sold out/);
      expect(messages).toMatch(/at most 2/);
      expect(messages).toMatch(/at least 1/);
      expect(await countRows(t, 'orders', r.id)).toBe(before);
    } finally {
      await menuApi.setItemAvailability(ctx, { id: menu.samosa.id, available: true });
      await menuApi.setOptionAvailability(ctx, { id: optionId(menu.addOns, 'Raita'), available: true });
    }
    // Sizes and nested options price like the menu says.
    const ok = await staff().post('/orders', {
      channel: 'takeout',
      lines: [
        { menu_item_id: menu.biryani.id, variant_id: menu.biryani.variants[0]!.id, quantity: 1 },
        {
          menu_item_id: menu.curry.id,
          quantity: 1,
          option_ids: [
            optionId(menu.spice, 'Mild'),
            optionId(menu.addOns, 'Bread basket'),
            optionId(menu.bread, 'Naan'),
          ],
        },
      ],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.lines[0]).toMatchObject({ variant_name: 'Half', unit_price: 24900 });
    expect(ok.body.lines[1]).toMatchObject({ unit_price: 38900 });
  });

  it('prices are captured: a new price published later leaves the order as it was', async () => {
    const placed = await staff().post('/orders', {
      channel: 'takeout',
      lines: [{ menu_item_id: menu.beer.id, quantity: 2 }],
    });
    const menuApi = menuService(t);
    await menuApi.updateItem(system(r), { id: menu.beer.id, changes: { price: 45000 } });
    await menuApi.publishMenu(system(r), {});
    const later = await staff().post('/orders', {
      channel: 'takeout',
      lines: [{ menu_item_id: menu.beer.id, quantity: 2 }],
    });
    expect(later.body.lines[0].unit_price).toBe(45000);
    const again = await staff().get(`/orders/${placed.body.id}`);
    expect(again.body.lines[0]).toMatchObject({ unit_price: 30000, subtotal: 60000 });
    expect(again.body.total).toBe(placed.body.total);
    await menuApi.updateItem(system(r), { id: menu.beer.id, changes: { price: 30000 } });
    await menuApi.publishMenu(system(r), {});
  });

  it('a restaurant without a published menu: 422 menu_not_published', async () => {
    const fresh = await newRestaurant(t, 'placing-unpublished');
    const draft = await createMenu(t, fresh, false);
    const refused = await client(t, waiter(fresh)).post('/orders', {
      channel: 'takeout',
      lines: [{ menu_item_id: draft.samosa.id, quantity: 1 }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('menu_not_published');
  });

  it('prices that include tax: the tax is inside the line total', async () => {
    const inclusive = await newRestaurant(t, 'placing-vat', {
      currency: 'EUR',
      timezone: 'Europe/Paris',
      tax: {
        prices_include_tax: true,
        default_category: 'food',
        rates: [
          { category: 'food', name: 'TVA 10%', rate_bps: 1000 },
          { category: 'alcohol', name: 'TVA 20%', rate_bps: 2000 },
        ],
      },
    });
    const vatMenu = await createMenu(t, inclusive);
    const placed = await client(t, waiter(inclusive)).post('/orders', {
      channel: 'takeout',
      lines: [
        { menu_item_id: vatMenu.samosa.id, quantity: 1 },
        { menu_item_id: vatMenu.beer.id, quantity: 1 },
      ],
    });
    expect(placed.status).toBe(201);
    const order = placed.body as Order;
    expect(order).toMatchObject({ currency: 'EUR', prices_include_tax: true });
    // 9900 incl. 10 % → 900 tax; 30000 incl. 20 % → 5000.
    expect(order.lines[0]).toMatchObject({ subtotal: 9900, tax: 900, total: 9900 });
    expect(order.lines[1]).toMatchObject({ subtotal: 30000, tax: 5000, total: 30000 });
    expect(order).toMatchObject({ subtotal: 39900, tax_total: 5900, total: 39900 });
  });

  it('customers order online, takeout or delivery for themselves, and see only their own', async () => {
    const me = client(t, customer(r));
    const dineIn = await me.post('/orders', {
      channel: 'dine_in',
      table_id: customerId,
      lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
    });
    expect(dineIn.status).toBe(403);
    expect(dineIn.body.code).toBe('channel_not_allowed');
    const mine = await me.post('/orders', {
      channel: 'online',
      customer_id: '0190a0a0-0000-7000-8000-00000000dddd',
      lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ customer_id: customerId, source: 'web', status: 'pending' });
    const someoneElse = await client(t, customer(r, '0190a0a0-0000-7000-8000-00000000c0ff')).post('/orders', {
      channel: 'takeout',
      lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
    });
    expect(someoneElse.status).toBe(201);

    const listed = await me.get('/orders?limit=200');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((order: Order) => order.id)).toEqual([mine.body.id]);
    const filtered = await me.get(`/orders?customer_id=${someoneElse.body.customer_id}`);
    expect(filtered.body.data.map((order: Order) => order.id)).toEqual([mine.body.id]);
    expect((await me.get(`/orders/${mine.body.id}`)).status).toBe(200);
    expect((await me.get(`/orders/${mine.body.number}/status`)).status).toBe(200);
    for (const url of [
      `/orders/${someoneElse.body.id}`,
      `/orders/${someoneElse.body.number}/status`,
      `/orders/${someoneElse.body.id}/history`,
    ]) {
      const hidden = await me.get(url);
      expect(hidden.status, url).toBe(404);
    }
    // Customers cannot move or change orders.
    expect((await me.post(`/orders/${mine.body.id}/cancel`, { reason: 'x' })).status).toBe(403);
    expect((await me.post(`/orders/${mine.body.id}/status`, { status: 'confirmed' })).status).toBe(403);
    // Staff see both.
    const all = await staff().get(`/orders?channel=online,takeout&limit=200`);
    const ids = all.body.data.map((order: Order) => order.id);
    expect(ids).toEqual(expect.arrayContaining([mine.body.id, someoneElse.body.id]));
  });

  it('an Idempotency-Key replays the same order; the same key with another body is refused', async () => {
    const body = { channel: 'takeout', lines: [{ menu_item_id: menu.samosa.id, quantity: 3 }] };
    const key = { 'idempotency-key': 'order-key-1' };
    const first = await staff().post('/orders', body, key);
    const again = await staff().post('/orders', body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.number).toBe(first.body.number);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const orders = await staff().get(`/orders?number=${first.body.number}`);
    expect(orders.body.data).toHaveLength(1);
    const other = await staff().post('/orders', { ...body, notes: 'different' }, key);
    expect(other.status).toBe(422);
  });
});
