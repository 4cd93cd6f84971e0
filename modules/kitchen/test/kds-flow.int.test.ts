import { eventually, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  cook,
  countRows,
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

/**
 * Issue 6 point 6, end to end: orders placed through the orders API reach the kitchen as
 * tickets per station and course; the kitchen's moves drive the order's status back.
 */
let t: TestApp;
let r: { id: string };
let menu: TestMenu;

beforeAll(async () => {
  t = await createKitchenApp();
  r = await newRestaurant(t, 'kds-flow');
  menu = await createMenu(t, r);
});
afterAll(() => t?.close());

// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
const byStation = (tickets: any[]): Record<string, any> =>
  Object.fromEntries(tickets.map((ticket) => [ticket.station, ticket]));

describe('tickets from orders', () => {
  it('routes an order to its stations by course; start → preparing; every ticket bumped → ready', async () => {
    const order = await placeOrder(t, r, [
      { menu_item_id: menu.burger.id, quantity: 2, notes: 'no onion', seat: 1 },
      { menu_item_id: menu.fries.id, quantity: 1 },
      { menu_item_id: menu.lemonade.id, quantity: 3 },
      { menu_item_id: menu.bread.id, quantity: 1 },
      { menu_item_id: menu.cake.id, quantity: 2, course: 2 },
    ]);
    const tickets = byStation(await ticketsOf(t, r, order.id, 5));
    expect(Object.keys(tickets).sort()).toEqual(['bar', 'fryer', 'grill', 'kitchen', 'pastry']);
    expect(tickets.grill).toMatchObject({
      status: 'fired',
      course: 1,
      type: 'food',
      order_number: order.number,
      target_seconds: 600,
      items: [{ name: 'Burger', quantity: 2, notes: 'no onion', seat: 1 }],
    });
    expect(tickets.fryer.target_seconds).toBe(300);
    // No prep time on the item: the module default; no station: the default station.
    expect(tickets.bar.target_seconds).toBe(600);
    expect(tickets.kitchen.items[0].name).toBe('Bread');
    expect(tickets.pastry).toMatchObject({
      status: 'held',
      course: 2,
      fired_at: null,
      elapsed_seconds: null,
    });

    const staff = client(t, cook(r));
    const grillBoard = await staff.get('/kds/tickets?station=grill');
    expect(grillBoard.status).toBe(200);
    expect(grillBoard.body.data.map((ticket: { id: string }) => ticket.id)).toContain(tickets.grill.id);
    expect(grillBoard.body.data.every((ticket: { station: string }) => ticket.station === 'grill')).toBe(
      true,
    );

    const allDay = await staff.get('/kds/all-day');
    expect(allDay.body.data).toEqual(
      expect.arrayContaining([
        { name: 'Lemonade', variant_name: null, quantity: 3, not_started: 3 },
        { name: 'Burger', variant_name: null, quantity: 2, not_started: 2 },
      ]),
    );
    // Held courses are not on the line yet.
    expect(allDay.body.data.map((entry: { name: string }) => entry.name)).not.toContain('Cake');

    const started = await staff.post(`/kds/tickets/${tickets.grill.id}/start`);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.status).toBe('started');
    const preparing = await orderBecomes(t, r, order.id, 'preparing');
    const burgerLine = preparing.lines.find((line: { name: string }) => line.name === 'Burger');
    expect(burgerLine.kitchen_state).toBe('started');

    for (const station of ['grill', 'fryer', 'bar', 'kitchen']) {
      const bumped = await staff.post(`/kds/tickets/${tickets[station].id}/bump`);
      expect(bumped.status, JSON.stringify(bumped.body)).toBe(200);
      expect(bumped.body.status).toBe('bumped');
    }
    // Course 2 is still held: not ready.
    const expo = await staff.get(`/kds/orders/${order.id}`);
    expect(expo.body).toMatchObject({ tickets_total: 5, tickets_bumped: 4, done: false });

    const fired = await staff.post(`/kds/orders/${order.id}/fire`, { course: 2 });
    expect(fired.status, JSON.stringify(fired.body)).toBe(200);
    const pastry = fired.body.tickets.find((ticket: { station: string }) => ticket.station === 'pastry');
    expect(pastry.status).toBe('fired');
    expect((await staff.post(`/kds/tickets/${pastry.id}/bump`)).status).toBe(200);
    const ready = await orderBecomes(t, r, order.id, 'ready');
    expect(ready.lines.every((line: { kitchen_state: string }) => line.kitchen_state === 'done')).toBe(true);

    const bumpedEvents = await outbox(t, r.id, 'kitchen.ticket_bumped.v1');
    const mine = bumpedEvents.filter((row) => row.payload.order_id === order.id);
    expect(mine.map((row) => row.payload.order_done)).toEqual([false, false, false, false, true]);

    // A recall puts the order back to preparing; bumping again makes it ready again.
    const recalled = await staff.post(`/kds/tickets/${pastry.id}/recall`);
    expect(recalled.status, JSON.stringify(recalled.body)).toBe(200);
    expect(recalled.body).toMatchObject({ status: 'started', bumped_at: null });
    await orderBecomes(t, r, order.id, 'preparing');
    expect((await staff.post(`/kds/tickets/${pastry.id}/bump`)).status).toBe(200);
    await orderBecomes(t, r, order.id, 'ready');
  });

  it("a dine-in order's tickets and expo name its table, as cooks call it", async () => {
    const table = await client(t, manager(r)).post('/tables', { number: 'T9', capacity: 4 });
    expect(table.status, JSON.stringify(table.body)).toBe(201);
    const order = await placeOrder(t, r, [{ menu_item_id: menu.burger.id, quantity: 1 }], 'dine_in', {
      table_id: table.body.id,
    });
    const [ticket] = await ticketsOf(t, r, order.id, 1);
    expect(ticket).toMatchObject({ channel: 'dine_in', table_id: table.body.id, table_number: 'T9' });
    const expo = await client(t, cook(r)).get(`/kds/orders/${order.id}`);
    expect(expo.body).toMatchObject({ table_number: 'T9' });
    const created = (await outbox(t, r.id, 'kitchen.ticket_created.v1')).filter(
      (event) => event.aggregate_id === order.id,
    );
    expect(created.map((event) => event.payload.table_number)).toEqual(['T9']);
    // Takeout has no table.
    const takeout = await placeOrder(t, r, [{ menu_item_id: menu.fries.id, quantity: 1 }]);
    expect((await ticketsOf(t, r, takeout.id, 1))[0].table_number).toBeNull();
  });

  it('POST /kds/orders/{id}/status: preparing starts every fired ticket, ready bumps them all', async () => {
    const order = await placeOrder(t, r, [
      { menu_item_id: menu.burger.id, quantity: 1 },
      { menu_item_id: menu.fries.id, quantity: 2 },
    ]);
    await ticketsOf(t, r, order.id, 2);
    const staff = client(t, cook(r));
    const preparing = await staff.post(`/kds/orders/${order.id}/status`, { status: 'preparing' });
    expect(preparing.status, JSON.stringify(preparing.body)).toBe(200);
    expect(preparing.body.tickets.map((ticket: { status: string }) => ticket.status)).toEqual([
      'started',
      'started',
    ]);
    await orderBecomes(t, r, order.id, 'preparing');

    const ready = await staff.post(`/kds/orders/${order.id}/status`, { status: 'ready' });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ done: true, tickets_total: 2, tickets_bumped: 2 });
    await orderBecomes(t, r, order.id, 'ready');
    // The same effects as ticket by ticket: one bumped event each, the last one finishing the order.
    const bumped = (await outbox(t, r.id, 'kitchen.ticket_bumped.v1')).filter(
      (row) => row.payload.order_id === order.id,
    );
    expect(bumped.map((row) => row.payload.order_done)).toEqual([false, true]);

    // Nothing left to move: the order's tickets are done; starting one again is a conflict.
    const again = await staff.post(`/kds/tickets/${ready.body.tickets[0].id}/start`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_transition');
  });

  it('rush sorts first; the board shows elapsed and target seconds', async () => {
    const first = await placeOrder(t, r, [{ menu_item_id: menu.fries.id, quantity: 1 }]);
    const second = await placeOrder(t, r, [{ menu_item_id: menu.fries.id, quantity: 1 }]);
    const [firstTicket] = await ticketsOf(t, r, first.id, 1);
    const [secondTicket] = await ticketsOf(t, r, second.id, 1);
    const staff = client(t, cook(r));
    const board = async () =>
      (await staff.get('/kds/tickets?station=fryer&status=fired')).body.data.map(
        (ticket: { id: string }) => ticket.id,
      );
    const before = await board();
    expect(before.indexOf(firstTicket.id)).toBeLessThan(before.indexOf(secondTicket.id));
    const rushed = await staff.post(`/kds/tickets/${secondTicket.id}/rush`, {});
    expect(rushed.status, JSON.stringify(rushed.body)).toBe(200);
    expect(rushed.body.rush).toBe(true);
    expect((await board())[0]).toBe(secondTicket.id);
    // Toggling again (no body) unmarks it; {rush: false} keeps it unmarked.
    expect((await staff.post(`/kds/tickets/${secondTicket.id}/rush`)).body.rush).toBe(false);
    expect((await staff.post(`/kds/tickets/${secondTicket.id}/rush`, { rush: false })).body.rush).toBe(false);
    const view = (await staff.get(`/kds/tickets/${firstTicket.id}`)).body;
    expect(view.target_seconds).toBe(300);
    expect(view.elapsed_seconds).toBeGreaterThanOrEqual(0);
    expect(view.late).toBe(false);
    // Pagination walks the board in order.
    const page1 = await staff.get('/kds/tickets?station=fryer&status=fired&limit=1');
    expect(page1.body.next_cursor).toBeTruthy();
    const page2 = await staff.get(
      `/kds/tickets?station=fryer&status=fired&limit=1&cursor=${page1.body.next_cursor}`,
    );
    expect(page2.body.data[0].id).not.toBe(page1.body.data[0].id);
    expect([page1.body.data[0].id, page2.body.data[0].id]).toEqual((await board()).slice(0, 2));
  });

  it('the expo lists open orders oldest first, each with all its tickets', async () => {
    const staff = client(t, manager(r));
    const expo = await staff.get('/kds/expo?limit=200');
    expect(expo.status).toBe(200);
    const placedAt = expo.body.data.map((order: { placed_at: string }) => order.placed_at);
    expect([...placedAt].sort()).toEqual(placedAt);
    for (const order of expo.body.data) {
      expect(['confirmed', 'preparing', 'ready']).toContain(order.status);
      expect(order.tickets.every((ticket: { order_id: string }) => ticket.order_id === order.order_id)).toBe(
        true,
      );
    }
    const stations = await staff.get('/kds/stations');
    expect(stations.body.data.map((station: { station: string }) => station.station)).toEqual(
      expect.arrayContaining(['fryer', 'kitchen']),
    );
    const fryer = stations.body.data.find((station: { station: string }) => station.station === 'fryer');
    expect(fryer.fired).toBeGreaterThanOrEqual(2);
  });

  it('an effect the order has moved past (recall after it was picked up) is settled, not retried forever', async () => {
    const order = await placeOrder(t, r, [{ menu_item_id: menu.fries.id, quantity: 1 }]);
    const [ticket] = await ticketsOf(t, r, order.id, 1);
    const staff = client(t, cook(r));
    expect((await staff.post(`/kds/tickets/${ticket.id}/bump`)).status).toBe(200);
    await orderBecomes(t, r, order.id, 'ready');
    const pickedUp = await client(t, manager(r)).post(`/orders/${order.id}/status`, { status: 'picked_up' });
    expect(pickedUp.status, JSON.stringify(pickedUp.body)).toBe(200);
    // The kitchen hears of it (the expo drops the order), then recalls the ticket anyway.
    await eventually(
      () => staff.get('/kds/expo?limit=200'),
      (answer) => !answer.body.data.some((entry: { order_id: string }) => entry.order_id === order.id),
    );
    expect((await staff.post(`/kds/tickets/${ticket.id}/recall`)).status).toBe(200);
    // The orders module refuses picked_up → preparing; the kitchen takes that as done.
    await eventually(
      () => countRows(t, 'order_effects', r.id),
      (count) => count === 0,
    );
    expect((await client(t, manager(r)).get(`/orders/${order.id}`)).body.status).toBe('picked_up');
  });
});
