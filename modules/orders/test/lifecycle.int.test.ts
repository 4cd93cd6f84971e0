import type { Restaurant } from '@brigade/tenants';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscountPolicy, Order, OrderStatus } from '../src/contract/index.js';
import {
  addTable,
  client,
  countRows,
  createMenu,
  createOrdersApp,
  kitchen,
  manager,
  managerId,
  newRestaurant,
  optionId,
  ordersService,
  outbox,
  system,
  type TestMenu,
  waiter,
  waiterId,
} from './support/orders-app.js';

/** 10 % off everything with the code TENOFF (a stand-in for the promotions module). */
const tenOff: DiscountPolicy = async (_ctx, request) =>
  request.promo_code === 'TENOFF'
    ? [{ code: 'TENOFF', description: '10 % off', amount: Math.floor(request.subtotal / 10) }]
    : [];

let t: TestApp;
let r: Restaurant;
let menu: TestMenu;

beforeAll(async () => {
  t = await createOrdersApp({ orders: { discounts: tenOff } });
  r = await newRestaurant(t, 'lifecycle');
  menu = await createMenu(t, r);
});
afterAll(() => t?.close());

const staff = () => client(t, waiter(r));
const boss = () => client(t, manager(r));

async function place(body: Record<string, unknown>): Promise<Order> {
  const placed = await staff().post('/orders', body);
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body;
}
const takeout = (lines = [{ menu_item_id: menu.samosa.id, quantity: 2 }]) =>
  place({ channel: 'takeout', lines });
const move = (id: string, status: OrderStatus, reason?: string) =>
  staff().post(`/orders/${id}/status`, { status, ...(reason && { reason }) });
const eventsOf = async (id: string) => (await outbox(t, r.id)).filter((event) => event.aggregate_id === id);

describe('the status machine', () => {
  it('dine-in: confirmed → preparing → ready → served → completed, each step in history and announced', async () => {
    const table = await addTable(t, r, 'S1');
    const order = await place({
      channel: 'dine_in',
      table_id: table.id,
      lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
    });
    for (const status of ['preparing', 'ready', 'served', 'completed'] as const) {
      const moved = await move(order.id, status);
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.status).toBe(status);
    }
    const history = (await staff().get(`/orders/${order.id}/history`)).body.data;
    expect(history.map((entry: { status: string }) => entry.status)).toEqual([
      'pending',
      'confirmed',
      'preparing',
      'ready',
      'served',
      'completed',
    ]);
    expect(history.at(-1)).toMatchObject({ from: 'served', changed_by: waiterId, reason: null });
    const events = await eventsOf(order.id);
    expect(events.map((event) => event.type)).toEqual([
      'orders.order_created.v1',
      'orders.order_confirmed.v1',
      'orders.order_preparing.v1',
      'orders.order_ready.v1',
      'orders.order_served.v1',
      'orders.order_completed.v1',
    ]);
    expect(events[4]!.payload).toEqual({
      order_id: order.id,
      number: order.number,
      channel: 'dine_in',
      table_id: table.id,
      session_id: order.session_id,
      from: 'ready',
      to: 'served',
      changed_by: waiterId,
      reason: null,
      version: 4, // placed (1), preparing, ready, served
    });
    const view = await staff().get(`/orders/${order.number}/status`);
    expect(view.body).toMatchObject({
      order_id: order.id,
      order_number: order.number,
      current_status: 'completed',
      estimated_completion: null,
      processed_by: waiterId,
    });
    // Closed: nothing moves it again.
    const closed = await move(order.id, 'cancelled', 'too late');
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('order_closed');
    expect(
      (
        await staff().post(`/orders/${order.id}/lines`, {
          lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
        })
      ).body.code,
    ).toBe('order_closed');
  });

  it('takeout is picked up; delivery goes out and is delivered; the wrong hand-off is refused', async () => {
    const pickup = await takeout();
    await move(pickup.id, 'ready');
    const wrong = await move(pickup.id, 'served');
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ code: 'invalid_transition' });
    expect(wrong.body.detail).toContain('ready to served');
    for (const status of ['picked_up', 'completed'] as const)
      expect((await move(pickup.id, status)).status).toBe(200);
    expect((await eventsOf(pickup.id)).map((event) => event.type)).toContain('orders.order_picked_up.v1');

    const delivery = await place({
      channel: 'delivery',
      delivery_address: { line1: '5 Park Street', city: 'Kolkata' },
      lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
    });
    for (const status of ['preparing', 'ready', 'out_for_delivery', 'delivered', 'completed'] as const) {
      expect((await move(delivery.id, status)).status).toBe(200);
    }
    expect((await eventsOf(delivery.id)).map((event) => event.type).slice(2)).toEqual([
      'orders.order_preparing.v1',
      'orders.order_ready.v1',
      'orders.order_dispatched.v1',
      'orders.order_delivered.v1',
      'orders.order_completed.v1',
    ]);
  });

  it('online: pending → confirmed (or payment_failed → pending again); illegal jumps 409; the current status again is a no-op', async () => {
    const online = await place({ channel: 'online', lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }] });
    expect((await move(online.id, 'ready')).body.code).toBe('invalid_transition');
    expect((await move(online.id, 'payment_failed')).status).toBe(200);
    expect((await move(online.id, 'pending')).status).toBe(200);
    expect((await move(online.id, 'confirmed')).status).toBe(200);
    const before = (await eventsOf(online.id)).length;
    const again = await move(online.id, 'confirmed');
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('confirmed');
    expect((await eventsOf(online.id)).length).toBe(before);
    expect((await eventsOf(online.id)).map((event) => event.type)).toEqual([
      'orders.order_created.v1',
      'orders.order_payment_failed.v1',
      'orders.order_reopened.v1',
      'orders.order_confirmed.v1',
    ]);
    expect((await move(online.id, 'completed')).status).toBe(409);
  });

  it('cancel with a reason: history, cancel_reason, and the event lists the active lines with their kitchen state', async () => {
    const order = await takeout([
      { menu_item_id: menu.samosa.id, quantity: 1 },
      { menu_item_id: menu.beer.id, quantity: 1 },
    ]);
    await ordersService(t).recordKitchenProgress(system(r), {
      order_id: order.id,
      line_ids: [order.lines[0]!.id],
      state: 'started',
    });
    expect((await staff().post(`/orders/${order.id}/cancel`, {})).status).toBe(400);
    const cancelled = await staff().post(`/orders/${order.id}/cancel`, { reason: 'Guest left' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancel_reason: 'Guest left' });
    const [event] = await outbox(t, r.id, 'orders.order_cancelled.v1').then((rows) =>
      rows.filter((row) => row.aggregate_id === order.id),
    );
    expect(event!.payload).toMatchObject({
      from: 'preparing',
      to: 'cancelled',
      reason: 'Guest left',
      changed_by: waiterId,
      lines: [
        { line_id: order.lines[0]!.id, kitchen_state: 'started' },
        { line_id: order.lines[1]!.id, kitchen_state: 'queued' },
      ],
    });
    const history = (await staff().get(`/orders/${order.id}/history`)).body.data;
    expect(history.at(-1)).toMatchObject({ status: 'cancelled', from: 'preparing', reason: 'Guest left' });
    // Cancelling again changes nothing; a cancelled order moves no more.
    expect((await staff().post(`/orders/${order.id}/cancel`, { reason: 'again' })).status).toBe(200);
    expect((await move(order.id, 'ready')).body.code).toBe('order_closed');
  });

  it('concurrent moves of one order serialize into one valid chain of history', async () => {
    const order = await takeout();
    const results = await Promise.all([
      move(order.id, 'preparing'),
      move(order.id, 'ready'),
      move(order.id, 'preparing'),
    ]);
    const final = (await staff().get(`/orders/${order.id}`)).body;
    const history = (await staff().get(`/orders/${order.id}/history`)).body.data;
    // Every answer was either a move, a no-op or a refused move — and history is a valid chain.
    for (const result of results) expect([200, 409]).toContain(result.status);
    for (let index = 1; index < history.length; index++) {
      expect(history[index].from).toBe(history[index - 1].status);
    }
    expect(history.at(-1).status).toBe(final.status);
  });
});

describe('kitchen progress', () => {
  it('a started line moves a confirmed order to preparing (once), done lines stay done, recall queues again', async () => {
    const order = await takeout([
      { menu_item_id: menu.samosa.id, quantity: 1 },
      { menu_item_id: menu.beer.id, quantity: 1 },
    ]);
    const service = ordersService(t);
    const kitchenCtx = system(r);
    const [first, second] = order.lines;
    await service.recordKitchenProgress(kitchenCtx, {
      order_id: order.id,
      line_ids: [first!.id],
      state: 'started',
    });
    await service.recordKitchenProgress(kitchenCtx, {
      order_id: order.id,
      line_ids: [first!.id],
      state: 'started',
    });
    let current = (await staff().get(`/orders/${order.id}`)).body as Order;
    expect(current.status).toBe('preparing');
    expect(current.lines.map((line) => line.kitchen_state)).toEqual(['started', 'queued']);
    expect(
      (await eventsOf(order.id)).filter((event) => event.type === 'orders.order_preparing.v1'),
    ).toHaveLength(1);
    // The kitchen works for no one in particular: its moves are signed `kitchen`.
    expect((await staff().get(`/orders/${order.id}/history`)).body.data.at(-1)).toMatchObject({
      status: 'preparing',
      from: 'confirmed',
      changed_by: 'kitchen',
    });
    await service.recordKitchenProgress(kitchenCtx, {
      order_id: order.id,
      line_ids: [first!.id, second!.id],
      state: 'done',
    });
    await service.recordKitchenProgress(kitchenCtx, {
      order_id: order.id,
      line_ids: [first!.id],
      state: 'started',
    });
    const preparingVersion = current.version;
    current = (await staff().get(`/orders/${order.id}`)).body;
    expect(current.lines.map((line) => line.kitchen_state)).toEqual(['done', 'done']);
    // Progress makes a new version (so a void computed before it is computed again); a report
    // that changes nothing does not.
    expect(current.version).toBe(preparingVersion + 1);
    await service.recordKitchenProgress(kitchenCtx, {
      order_id: order.id,
      line_ids: [first!.id],
      state: 'queued',
    });
    current = (await staff().get(`/orders/${order.id}`)).body;
    expect(current.lines.map((line) => line.kitchen_state)).toEqual(['queued', 'done']);
    // The kitchen's order status endpoint path: ready through changeStatus; again is a no-op.
    await service.changeStatus(kitchenCtx, { id: order.id, status: 'ready' });
    await service.changeStatus(kitchenCtx, { id: order.id, status: 'ready' });
    expect((await eventsOf(order.id)).filter((event) => event.type === 'orders.order_ready.v1')).toHaveLength(
      1,
    );
    // Closed orders accept reports silently.
    await staff().post(`/orders/${order.id}/cancel`, { reason: 'test' });
    await expect(
      service.recordKitchenProgress(kitchenCtx, {
        order_id: order.id,
        line_ids: [first!.id],
        state: 'started',
      }),
    ).resolves.toBeUndefined();
  });
});

describe('modifying orders', () => {
  it('adds lines priced like a new order, recomputes totals and discounts, announces the added lines', async () => {
    const order = await place({
      channel: 'takeout',
      promo_code: 'TENOFF',
      lines: [{ menu_item_id: menu.samosa.id, quantity: 2 }],
    });
    // 19800 − 1980 discount = 17820; 5 % tax = 891.
    expect(order).toMatchObject({ subtotal: 19800, discount_total: 1980, tax_total: 891, total: 18711 });
    expect(order.discounts).toEqual([{ code: 'TENOFF', description: '10 % off', amount: 1980 }]);
    const added = await staff().post(`/orders/${order.id}/lines`, {
      lines: [{ menu_item_id: menu.curry.id, quantity: 1, option_ids: [optionId(menu.spice, 'Mild')] }],
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const updated = added.body as Order;
    expect(updated.lines).toHaveLength(2);
    expect(updated.lines[1]).toMatchObject({
      position: 2,
      name: 'Butter Chicken',
      unit_price: 34900,
      kitchen_state: 'queued',
    });
    // 54700 subtotal, 5470 off (split 1980 / 3490), tax 5 % of 49230 = 2461.5 → per line 891 + 1571 = 2462.
    expect(updated).toMatchObject({ subtotal: 54700, discount_total: 5470 });
    expect(updated.lines.map((line) => line.discount)).toEqual([1980, 3490]);
    expect(updated.total).toBe(updated.lines.reduce((sum, line) => sum + line.total, 0));
    expect(updated.total).toBe(updated.subtotal - updated.discount_total + updated.tax_total);
    expect(updated.version).toBe(order.version + 1);
    const [event] = (await outbox(t, r.id, 'orders.order_modified.v1')).filter(
      (row) => row.aggregate_id === order.id,
    );
    expect(event!.payload).toMatchObject({
      order_id: order.id,
      status: 'confirmed',
      added_lines: [
        {
          line_id: updated.lines[1]!.id,
          name: 'Butter Chicken',
          station: 'curry',
          total: updated.lines[1]!.total,
        },
      ],
      voided_lines: [],
      total: updated.total,
      changed_by: waiterId,
    });
    const refused = await staff().post(`/orders/${order.id}/lines`, {
      lines: [{ menu_item_id: menu.curry.id, quantity: 1 }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('lines[0].option_ids');
  });

  it('voids: queued lines by staff; started lines need orders:void and a reason; a partial void splits the line', async () => {
    const order = await takeout([
      { menu_item_id: menu.samosa.id, quantity: 3 },
      { menu_item_id: menu.beer.id, quantity: 1 },
    ]);
    const [samosa, beer] = order.lines;
    // Queued: a waiter voids 1 of 3 samosas.
    const partial = await staff().post(`/orders/${order.id}/lines/${samosa!.id}/void`, { quantity: 1 });
    expect(partial.status, JSON.stringify(partial.body)).toBe(200);
    const afterPartial = partial.body as Order;
    expect(afterPartial.lines).toHaveLength(3);
    expect(afterPartial.lines[0]).toMatchObject({
      id: samosa!.id,
      quantity: 2,
      subtotal: 19800,
      status: 'active',
    });
    expect(afterPartial.lines[2]).toMatchObject({
      name: 'Veg Samosa',
      quantity: 1,
      subtotal: 9900,
      total: 0,
      status: 'voided',
      voided_by: waiterId,
      position: 3,
    });
    expect(afterPartial.subtotal).toBe(19800 + 30000);
    expect(afterPartial.total).toBe(afterPartial.lines.reduce((sum, line) => sum + line.total, 0));
    expect(
      (await staff().post(`/orders/${order.id}/lines/${samosa!.id}/void`, { quantity: 5 })).body.code,
    ).toBe('void_quantity_too_large');

    // Started: a waiter may not; a manager must say why.
    await ordersService(t).recordKitchenProgress(system(r), {
      order_id: order.id,
      line_ids: [beer!.id],
      state: 'started',
    });
    const waiterTry = await staff().post(`/orders/${order.id}/lines/${beer!.id}/void`, { reason: 'wrong' });
    expect(waiterTry.status).toBe(403);
    expect(waiterTry.body.code).toBe('void_needs_manager');
    const noReason = await boss().post(`/orders/${order.id}/lines/${beer!.id}/void`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('reason_required');
    const voided = await boss().post(`/orders/${order.id}/lines/${beer!.id}/void`, { reason: 'Spilled' });
    expect(voided.status).toBe(200);
    expect(voided.body.lines[1]).toMatchObject({
      status: 'voided',
      void_reason: 'Spilled',
      voided_by: managerId,
      total: 0,
    });
    expect(voided.body).toMatchObject({ subtotal: 19800, total: 20790 });
    expect(
      (await boss().post(`/orders/${order.id}/lines/${beer!.id}/void`, { reason: 'again' })).body.code,
    ).toBe('line_already_voided');
    const modifications = (await outbox(t, r.id, 'orders.order_modified.v1')).filter(
      (row) => row.aggregate_id === order.id,
    );
    expect(modifications.map((row) => row.payload.voided_lines)).toEqual([
      [
        expect.objectContaining({
          line_id: samosa!.id,
          quantity: 1,
          kitchen_state: 'queued',
          reason: null,
          station: 'fryer',
        }),
      ],
      [
        expect.objectContaining({
          line_id: beer!.id,
          quantity: 1,
          kitchen_state: 'started',
          reason: 'Spilled',
          station: 'bar',
        }),
      ],
    ]);
    // Unknown lines and other orders' lines are not found.
    expect((await staff().post(`/orders/${order.id}/lines/${order.id}/void`, {})).status).toBe(404);
  });
});

describe('concurrent changes', () => {
  it('lines added at the same time all land, with distinct positions and exact totals', async () => {
    const order = await takeout([{ menu_item_id: menu.samosa.id, quantity: 1 }]);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        staff().post(`/orders/${order.id}/lines`, {
          lines: [{ menu_item_id: menu.beer.id, quantity: index + 1 }],
        }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const final = (await staff().get(`/orders/${order.id}`)).body as Order;
    expect(final.lines).toHaveLength(7);
    expect(new Set(final.lines.map((line) => line.position)).size).toBe(7);
    expect(
      final.lines
        .slice(1)
        .map((line) => line.quantity)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5, 6]);
    expect(final.subtotal).toBe(9900 + 21 * 30000);
    expect(final.total).toBe(final.lines.reduce((sum, line) => sum + line.total, 0));
    expect(final.version).toBe(order.version + 6);
    expect(
      (await outbox(t, r.id, 'orders.order_modified.v1')).filter((row) => row.aggregate_id === order.id),
    ).toHaveLength(6);
  });
});

describe('editing details', () => {
  it('PATCH changes notes and customer of an open order; nothing else; closed orders refuse', async () => {
    const order = await takeout();
    const patched = await staff().patch(`/orders/${order.id}`, {
      notes: 'no onions',
      customer: { name: 'Ravi' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      notes: 'no onions',
      customer: { name: 'Ravi' },
      total: order.total,
      version: order.version + 1,
    });
    expect((await staff().patch(`/orders/${order.id}`, {})).status).toBe(400);
    expect((await staff().patch(`/orders/${order.id}`, { total: 1 })).status).toBe(400);
    await staff().post(`/orders/${order.id}/cancel`, { reason: 'test' });
    expect((await staff().patch(`/orders/${order.id}`, { notes: 'late' })).body.code).toBe('order_closed');
  });
});

describe('lists', () => {
  it('newest first, filtered, paged with cursors; bad filters are 400', async () => {
    const fresh = await newRestaurant(t, 'lifecycle-lists');
    const freshMenu = await createMenu(t, fresh);
    const api = client(t, waiter(fresh));
    const placed: Order[] = [];
    for (const channel of ['takeout', 'online', 'takeout', 'delivery', 'takeout']) {
      const response = await api.post('/orders', {
        channel,
        lines: [{ menu_item_id: freshMenu.samosa.id, quantity: 1 }],
        ...(channel === 'delivery' && { delivery_address: { line1: 'x', city: 'y' } }),
      });
      placed.push(response.body);
    }
    const newestFirst = [...placed].reverse().map((order) => order.id);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.get(`/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      pages.push(...page.body.data.map((order: Order) => order.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(pages).toEqual(newestFirst);
    const takeouts = await api.get('/orders?channel=takeout');
    expect(takeouts.body.data).toHaveLength(3);
    const mixed = await api.get('/orders?status=pending&status=confirmed&channel=online&channel=delivery');
    expect(mixed.body.data.map((order: Order) => order.channel).sort()).toEqual(['delivery', 'online']);
    const byNumber = await api.get(`/orders?number=${placed[2]!.number}`);
    expect(byNumber.body.data.map((order: Order) => order.id)).toEqual([placed[2]!.id]);
    const byDay = await api.get(`/orders?number=${placed[0]!.number.slice(0, 12)}`);
    expect(byDay.body.data).toHaveLength(5);
    const window = await api.get(
      `/orders?from=${encodeURIComponent(placed[0]!.created_at)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(window.body.data).toHaveLength(5);
    for (const bad of [
      'status=nope',
      'channel=boat',
      'limit=0',
      'cursor=garbage',
      'from=yesterday',
      'number=ord%25',
    ]) {
      expect((await api.get(`/orders?${bad}`)).status, bad).toBe(400);
    }
    expect(await countRows(t, 'orders', fresh.id)).toBe(5);
  });

  it('another restaurant’s orders are 404 everywhere', async () => {
    const order = await takeout();
    const other = await newRestaurant(t, 'lifecycle-other');
    const intruder = client(t, manager(other));
    for (const url of [
      `/orders/${order.id}`,
      `/orders/${order.id}/status`,
      `/orders/${order.number}/history`,
    ]) {
      expect((await intruder.get(url)).status, url).toBe(404);
    }
    expect((await intruder.post(`/orders/${order.id}/status`, { status: 'ready' })).status).toBe(404);
    expect((await intruder.post(`/orders/${order.id}/cancel`, { reason: 'x' })).status).toBe(404);
    expect(
      (
        await intruder.post(`/orders/${order.id}/lines`, {
          lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    expect((await intruder.post(`/orders/${order.id}/lines/${order.lines[0]!.id}/void`, {})).status).toBe(
      404,
    );
    expect((await intruder.get('/orders')).body.data).toEqual([]);
    expect((await staff().get(`/orders/${order.id}`)).body.status).toBe('confirmed');
    // The kitchen role reads but does not take orders.
    expect((await client(t, kitchen(r)).post('/orders', { channel: 'takeout', lines: [] })).status).toBe(403);
  });
});
