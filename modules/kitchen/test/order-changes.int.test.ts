import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@brigade/kernel';
import { eventually, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  cook,
  createKitchenApp,
  createMenu,
  manager,
  newRestaurant,
  orderBecomes,
  outbox,
  placeOrder,
  type TestMenu,
  ticketsOf,
} from './support/kitchen-app.js';

/** Issue 6 point 6: held online orders, added and voided lines, cancellations — all from orders' events. */
let t: TestApp;
let r: { id: string };
let menu: TestMenu;

beforeAll(async () => {
  t = await createKitchenApp();
  r = await newRestaurant(t, 'kds-changes');
  menu = await createMenu(t, r);
});
afterAll(() => t?.close());

// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
type Json = any;

async function expoOf(orderId: string, until: (expo: Json) => boolean): Promise<Json> {
  const staff = client(t, cook(r));
  const answer = await eventually(
    () => staff.get(`/kds/orders/${orderId}`),
    (response) => response.status === 200 && until(response.body),
  );
  return answer.body;
}

describe('order changes reach the kitchen', () => {
  it('an online order waits (held) until it is confirmed, then course 1 fires', async () => {
    const order = await placeOrder(
      t,
      r,
      [
        { menu_item_id: menu.burger.id, quantity: 1 },
        { menu_item_id: menu.cake.id, quantity: 1, course: 2 },
      ],
      'online' as 'takeout',
      { customer: { name: 'Ada', phone: '+3312345678' } },
    );
    expect(order.status).toBe('pending');
    const tickets = await ticketsOf(t, r, order.id, 2);
    expect(tickets.map((ticket: Json) => ticket.status)).toEqual(['held', 'held']);
    const staff = client(t, cook(r));
    const early = await staff.post(`/kds/orders/${order.id}/fire`, { course: 1 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('order_not_confirmed');
    expect((await staff.get(`/kds/tickets?status=held`)).body.data.length).toBeGreaterThanOrEqual(2);

    const confirmed = await client(t, manager(r)).post(`/orders/${order.id}/status`, { status: 'confirmed' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const expo = await expoOf(order.id, (body) =>
      body.tickets.some((ticket: Json) => ticket.status === 'fired'),
    );
    expect(expo.tickets.map((ticket: Json) => [ticket.course, ticket.status])).toEqual([
      [1, 'fired'],
      [2, 'held'],
    ]);
    const unknownCourse = await staff.post(`/kds/orders/${order.id}/fire`, { course: 3 });
    expect(unknownCourse.status).toBe(422);
    expect(unknownCourse.body.code).toBe('course_not_found');
  });

  it('added lines join the unstarted ticket of their station, or make a new one once it started', async () => {
    const order = await placeOrder(t, r, [{ menu_item_id: menu.burger.id, quantity: 1 }]);
    const [grill] = await ticketsOf(t, r, order.id, 1);
    const staff = client(t, manager(r));
    const added = await staff.post(`/orders/${order.id}/lines`, {
      lines: [{ menu_item_id: menu.burger.id, quantity: 2, notes: 'well done' }],
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const joined = await expoOf(order.id, (body) => body.tickets[0].items.length === 2);
    expect(joined.tickets).toHaveLength(1);
    expect(joined.tickets[0].id).toBe(grill.id);
    expect(joined.tickets[0].items.map((item: Json) => [item.quantity, item.notes])).toEqual([
      [1, null],
      [2, 'well done'],
    ]);
    expect(
      (await outbox(t, r.id, 'kitchen.ticket_updated.v1')).some((row) => row.payload.ticket_id === grill.id),
    ).toBe(true);

    expect((await client(t, cook(r)).post(`/kds/tickets/${grill.id}/start`)).status).toBe(200);
    await staff.post(`/orders/${order.id}/lines`, { lines: [{ menu_item_id: menu.burger.id, quantity: 1 }] });
    const split = await expoOf(order.id, (body) => body.tickets.length === 2);
    expect(split.tickets.map((ticket: Json) => ticket.status)).toEqual(['started', 'fired']);
  });

  it('a void before the station started strikes the item; after, the station gets a void ticket', async () => {
    const order = await placeOrder(t, r, [
      { menu_item_id: menu.burger.id, quantity: 2 },
      { menu_item_id: menu.fries.id, quantity: 1 },
      { menu_item_id: menu.lemonade.id, quantity: 2 },
    ]);
    const tickets = await ticketsOf(t, r, order.id, 3);
    const grill = tickets.find((ticket: Json) => ticket.station === 'grill');
    const fries = tickets.find((ticket: Json) => ticket.station === 'fryer');
    const line = (name: string) => order.lines.find((entry) => entry.name === name)!.id;
    const staff = client(t, manager(r));

    // Not started: the fryer's only item is struck and the ticket leaves the board.
    const voidFries = await staff.post(`/orders/${order.id}/lines/${line('Fries')}/void`, {});
    expect(voidFries.status, JSON.stringify(voidFries.body)).toBe(200);
    await expoOf(order.id, (body) => !body.tickets.some((ticket: Json) => ticket.id === fries.id));
    const cancelled = (await outbox(t, r.id, 'kitchen.ticket_cancelled.v1')).find(
      (row) => row.payload.ticket_id === fries.id,
    );
    expect(cancelled?.payload.reason).toBe('items_voided');
    // Part of a line: the quantity goes down.
    const voidOneLemonade = await staff.post(`/orders/${order.id}/lines/${line('Lemonade')}/void`, {
      quantity: 1,
    });
    expect(voidOneLemonade.status, JSON.stringify(voidOneLemonade.body)).toBe(200);
    await expoOf(order.id, (body) =>
      body.tickets.some((ticket: Json) => ticket.station === 'bar' && ticket.items[0].quantity === 1),
    );

    // Started: the grill keeps its ticket (less one burger) and gets a void ticket to acknowledge.
    expect((await client(t, cook(r)).post(`/kds/tickets/${grill.id}/start`)).status).toBe(200);
    const voidBurger = await staff.post(`/orders/${order.id}/lines/${line('Burger')}/void`, {
      quantity: 1,
      reason: 'guest changed mind',
    });
    expect(voidBurger.status, JSON.stringify(voidBurger.body)).toBe(200);
    const expo = await expoOf(order.id, (body) =>
      body.tickets.some((ticket: Json) => ticket.type === 'void'),
    );
    const voidTicket = expo.tickets.find((ticket: Json) => ticket.type === 'void');
    expect(voidTicket).toMatchObject({
      station: 'grill',
      status: 'fired',
      reason: 'guest changed mind',
      items: [{ name: 'Burger', quantity: 1 }],
    });
    expect(expo.tickets.find((ticket: Json) => ticket.id === grill.id).items[0].quantity).toBe(1);
    const board = await client(t, cook(r)).get('/kds/tickets?station=grill&type=void');
    expect(board.body.data.map((ticket: Json) => ticket.id)).toContain(voidTicket.id);
    // Acknowledged by a bump; void tickets do not count towards the order being done.
    expect((await client(t, cook(r)).post(`/kds/tickets/${voidTicket.id}/bump`)).status).toBe(200);
    const after = await client(t, cook(r)).get(`/kds/orders/${order.id}`);
    expect(after.body).toMatchObject({ tickets_total: 2, tickets_bumped: 0, done: false });
  });

  it('a cancelled order leaves the board; a station that started gets a void ticket', async () => {
    const order = await placeOrder(t, r, [
      { menu_item_id: menu.burger.id, quantity: 1 },
      { menu_item_id: menu.fries.id, quantity: 1 },
      { menu_item_id: menu.cake.id, quantity: 1, course: 2 },
    ]);
    const tickets = await ticketsOf(t, r, order.id, 3);
    const grill = tickets.find((ticket: Json) => ticket.station === 'grill');
    expect((await client(t, cook(r)).post(`/kds/tickets/${grill.id}/start`)).status).toBe(200);
    await orderBecomes(t, r, order.id, 'preparing');
    const cancelled = await client(t, manager(r)).post(`/orders/${order.id}/cancel`, {
      reason: 'guest left',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    const staff = client(t, cook(r));
    const voids = await eventually(
      () => staff.get('/kds/tickets?station=grill&type=void'),
      (answer) => answer.body.data.some((ticket: Json) => ticket.order_id === order.id),
    );
    const voidTicket = voids.body.data.find((ticket: Json) => ticket.order_id === order.id);
    expect(voidTicket).toMatchObject({ reason: 'guest left', items: [{ name: 'Burger', quantity: 1 }] });
    const cancelledEvents = (await outbox(t, r.id, 'kitchen.ticket_cancelled.v1')).filter(
      (row) => row.payload.order_id === order.id,
    );
    expect(cancelledEvents.map((row) => row.payload.station).sort()).toEqual(['fryer', 'grill', 'pastry']);
    // Off the board and out of the expo; the void ticket can still be acknowledged.
    const board = await staff.get('/kds/tickets?status=held,fired,started&type=food&limit=200');
    expect(board.body.data.some((ticket: Json) => ticket.order_id === order.id)).toBe(false);
    const expo = await staff.get('/kds/expo?limit=200');
    expect(expo.body.data.some((entry: Json) => entry.order_id === order.id)).toBe(false);
    expect((await staff.post(`/kds/tickets/${voidTicket.id}/bump`)).status).toBe(200);
    const fire = await staff.post(`/kds/orders/${order.id}/fire`, { course: 2 });
    expect(fire.status).toBe(409);
    expect(fire.body.code).toBe('order_closed');
  });

  it('the same order events delivered again (new event ids) add no ticket and no item', async () => {
    const order = await placeOrder(t, r, [
      { menu_item_id: menu.burger.id, quantity: 1 },
      { menu_item_id: menu.fries.id, quantity: 1 },
    ]);
    await client(t, manager(r)).post(`/orders/${order.id}/lines`, {
      lines: [{ menu_item_id: menu.fries.id, quantity: 2 }],
    });
    const before = await expoOf(order.id, (body) =>
      body.tickets.some((ticket: Json) => ticket.items.length === 2),
    );
    const envelopes = await t.db.admin.query<EventEnvelope>(
      `select event_id, type, occurred_at, tenant_id, correlation_id, causation_id, 'orders' as source,
              aggregate_id, payload
       from orders.outbox where aggregate_id = $1 and type in ('orders.order_created.v1', 'orders.order_modified.v1')
       order by id`,
      [order.id],
    );
    expect(envelopes.map((envelope) => envelope.type)).toEqual([
      'orders.order_created.v1',
      'orders.order_modified.v1',
    ]);
    const again = envelopes.map((envelope) => ({
      ...envelope,
      event_id: randomUUID(),
      occurred_at: new Date(envelope.occurred_at).toISOString(),
    }));
    await t.db.platformTx((tx) => t.events.transport.publish(again, tx));
    t.events.transport.committed?.();
    await eventually(
      async () =>
        (
          await t.db.admin.query<{ count: number }>(
            'select count(*)::int as count from messaging.inbox where event_id = any($1::uuid[])',
            [again.map((envelope) => envelope.event_id)],
          )
        )[0]!.count,
      (count) => count >= 2,
      30_000,
    );
    const after = (await client(t, cook(r)).get(`/kds/orders/${order.id}`)).body;
    const shape = (expo: Json) =>
      expo.tickets.map((ticket: Json) => [
        ticket.id,
        ticket.items.map((item: Json) => [item.line_id, item.quantity]),
      ]);
    expect(shape(after)).toEqual(shape(before));
  });

  it('changes taken before their order wait for it, then apply in order', async () => {
    const order = await placeOrder(t, r, [
      { menu_item_id: menu.burger.id, quantity: 2 },
      { menu_item_id: menu.fries.id, quantity: 1 },
    ]);
    const staff = client(t, manager(r));
    await staff.post(`/orders/${order.id}/lines`, {
      lines: [{ menu_item_id: menu.lemonade.id, quantity: 2 }],
    });
    const burgerLine = order.lines.find((line) => line.name === 'Burger')!.id;
    expect((await staff.post(`/orders/${order.id}/lines/${burgerLine}/void`, { quantity: 1 })).status).toBe(
      200,
    );
    const original = await expoOf(order.id, (body) =>
      body.tickets.some((ticket: Json) => ticket.station === 'grill' && ticket.items[0].quantity === 1),
    );
    // The same events for an order the kitchen never saw, the changes delivered first.
    const twin = randomUUID();
    const rows = await t.db.admin.query<EventEnvelope>(
      `select event_id, type, occurred_at, tenant_id, correlation_id, causation_id, 'orders' as source,
              aggregate_id, payload
       from orders.outbox where aggregate_id = $1 and type in ('orders.order_created.v1', 'orders.order_modified.v1')
       order by id`,
      [order.id],
    );
    const copies = rows.map((envelope) => ({
      ...envelope,
      event_id: randomUUID(),
      occurred_at: new Date(envelope.occurred_at).toISOString(),
      aggregate_id: twin,
      payload: { ...(envelope.payload as Record<string, unknown>), order_id: twin, number: 'TWIN_001' },
    }));
    const deliver = async (envelopes: EventEnvelope[]) => {
      await t.db.platformTx((tx) => t.events.transport.publish(envelopes, tx));
      t.events.transport.committed?.();
      await eventually(
        async () =>
          (
            await t.db.admin.query<{ count: number }>(
              'select count(*)::int as count from messaging.inbox where event_id = any($1::uuid[])',
              [envelopes.map((envelope) => envelope.event_id)],
            )
          )[0]!.count,
        (count) => count === envelopes.length,
        30_000,
      );
    };
    const changes = copies.filter((envelope) => envelope.type === 'orders.order_modified.v1');
    expect(changes).toHaveLength(2);
    await deliver(changes);
    expect((await client(t, cook(r)).get(`/kds/orders/${twin}`)).status).toBe(404);
    await deliver(copies.filter((envelope) => envelope.type === 'orders.order_created.v1'));
    const shape = (expo: Json) =>
      expo.tickets
        .map((ticket: Json) => [
          ticket.station,
          ticket.status,
          ticket.items.map((item: Json) => [item.name, item.quantity]),
        ])
        .sort();
    const rebuilt = (await client(t, cook(r)).get(`/kds/orders/${twin}`)).body;
    expect(shape(rebuilt)).toEqual(shape(original));
    expect(shape(rebuilt)).toEqual(
      [
        ['bar', 'fired', [['Lemonade', 2]]],
        ['fryer', 'fired', [['Fries', 1]]],
        ['grill', 'fired', [['Burger', 1]]],
      ].sort(),
    );
  });

  it('an order handed off past the kitchen takes its open tickets off the board, out of the prep metrics', async () => {
    const order = await placeOrder(t, r, [
      { menu_item_id: menu.burger.id, quantity: 1 },
      { menu_item_id: menu.cake.id, quantity: 1, course: 2 },
    ]);
    await ticketsOf(t, r, order.id, 2);
    const pos = client(t, manager(r));
    // A takeout the counter hands over while the board still shows it.
    for (const status of ['preparing', 'ready', 'picked_up']) {
      const moved = await pos.post(`/orders/${order.id}/status`, { status });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    const expo = await expoOf(order.id, (body) =>
      body.tickets.every((ticket: Json) => ticket.status === 'bumped'),
    );
    expect(expo.tickets.map((ticket: Json) => [ticket.course, ticket.reason])).toEqual([
      [1, 'closed_with_order'],
      [2, 'closed_with_order'],
    ]);
    const board = await client(t, cook(r)).get('/kds/tickets?limit=200');
    expect(board.body.data.some((ticket: Json) => ticket.order_id === order.id)).toBe(false);
    const bumped = (await outbox(t, r.id, 'kitchen.ticket_bumped.v1')).filter(
      (event) => event.aggregate_id === order.id,
    );
    expect(bumped.map((event) => event.payload.order_done)).toEqual([true, true]);
    const metrics = await client(t, cook(r)).get('/kds/metrics');
    expect(metrics.status).toBe(200);
    const cakes = metrics.body.items?.find((item: Json) => item.name === menu.cake.name);
    expect(cakes).toBeUndefined(); // the cake was never cooked: only closed with its order
  });

  it('an older status event taken late does not bring a cancelled order back', async () => {
    const order = await placeOrder(t, r, [{ menu_item_id: menu.burger.id, quantity: 1 }]);
    const [ticket] = await ticketsOf(t, r, order.id, 1);
    expect((await client(t, cook(r)).post(`/kds/tickets/${ticket.id}/start`)).status).toBe(200);
    await orderBecomes(t, r, order.id, 'preparing');
    expect(
      (await client(t, manager(r)).post(`/orders/${order.id}/cancel`, { reason: 'walked out' })).status,
    ).toBe(200);
    await expoOf(order.id, (body) => body.status === 'cancelled');
    const [preparing] = await t.db.admin.query<EventEnvelope>(
      `select event_id, type, occurred_at, tenant_id, correlation_id, causation_id, 'orders' as source,
              aggregate_id, payload
       from orders.outbox where aggregate_id = $1 and type = 'orders.order_preparing.v1'`,
      [order.id],
    );
    const late = {
      ...preparing!,
      event_id: randomUUID(),
      occurred_at: new Date(preparing!.occurred_at).toISOString(),
    };
    await t.db.platformTx((tx) => t.events.transport.publish([late], tx));
    t.events.transport.committed?.();
    await eventually(
      async () =>
        (
          await t.db.admin.query<{ count: number }>(
            'select count(*)::int as count from messaging.inbox where event_id = $1',
            [late.event_id],
          )
        )[0]!.count,
      (count) => count === 1,
      30_000,
    );
    expect((await client(t, cook(r)).get(`/kds/orders/${order.id}`)).body.status).toBe('cancelled');
    const expo = await client(t, cook(r)).get('/kds/expo?limit=200');
    expect(expo.body.data.some((entry: Json) => entry.order_id === order.id)).toBe(false);
  });
});
