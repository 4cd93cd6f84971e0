import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  cook,
  createKitchenApp,
  createMenu,
  kitchenService,
  manualClock,
  newRestaurant,
  outbox,
  placeOrder,
  system,
  type TestMenu,
  ticketsOf,
} from './support/kitchen-app.js';

/** Issue 6 point 6: ticket timers against target prep times, the late event once, and the metrics. */
const clock = manualClock(new Date('2026-11-20T12:00:00.000Z'));
let t: TestApp;
let r: { id: string };
let menu: TestMenu;

beforeAll(async () => {
  t = await createKitchenApp({ clock });
  r = await newRestaurant(t, 'kds-timers');
  menu = await createMenu(t, r);
});
afterAll(() => t?.close());

// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
type Json = any;

describe('ticket timers and metrics', () => {
  it('publishes preparation_time_exceeded once per late ticket; metrics give avg and p90 per station and item', async () => {
    const start = clock.now();
    const o1 = await placeOrder(t, r, [
      { menu_item_id: menu.fries.id, quantity: 1 },
      { menu_item_id: menu.burger.id, quantity: 1 },
    ]);
    const o2 = await placeOrder(t, r, [
      { menu_item_id: menu.fries.id, quantity: 2 },
      { menu_item_id: menu.burger.id, quantity: 1 },
    ]);
    const o3 = await placeOrder(t, r, [{ menu_item_id: menu.fries.id, quantity: 1 }]);
    const station = (tickets: Json[], name: string) => tickets.find((ticket) => ticket.station === name).id;
    const t1 = await ticketsOf(t, r, o1.id, 2);
    const t2 = await ticketsOf(t, r, o2.id, 2);
    const t3 = await ticketsOf(t, r, o3.id, 1);
    const staff = client(t, cook(r));
    const kitchen = kitchenService(t);
    const bump = async (id: string) => expect((await staff.post(`/kds/tickets/${id}/bump`)).status).toBe(200);
    const exceeded = async () =>
      (await outbox(t, r.id, 'kitchen.preparation_time_exceeded.v1')).map((row) => row.payload);

    clock.advanceSeconds(100);
    await bump(station(t1, 'fryer')); // fryer 100 s
    clock.advanceSeconds(100);
    await bump(station(t2, 'fryer')); // fryer 200 s
    clock.advanceSeconds(200);
    // 400 s: the third fries (target 300 s) is late; the burgers (600 s) are not.
    expect(await kitchen.sweep(system(r))).toMatchObject({ late_tickets: 1 });
    expect(await exceeded()).toEqual([
      {
        ticket_id: station(t3, 'fryer'),
        order_id: o3.id,
        order_number: o3.number,
        station: 'fryer',
        target_seconds: 300,
        elapsed_seconds: 400,
      },
    ]);
    const lateOne = await staff.get(`/kds/tickets/${station(t3, 'fryer')}`);
    expect(lateOne.body).toMatchObject({ late: true, elapsed_seconds: 400, target_seconds: 300 });
    expect(
      (await staff.get('/kds/stations')).body.data.find((entry: Json) => entry.station === 'fryer').late,
    ).toBe(1);
    // Once only, however often the sweep runs (and across restaurants, as the timer runs it).
    expect(await kitchen.sweep(system(r))).toMatchObject({ late_tickets: 0 });
    expect(await kitchen.sweep({ ...system(r), tenantId: null })).toMatchObject({ late_tickets: 0 });
    await bump(station(t3, 'fryer')); // fryer 400 s (late)
    clock.advanceSeconds(100);
    await bump(station(t2, 'grill')); // grill 500 s
    clock.advanceSeconds(200);
    expect(await kitchen.sweep({ ...system(r), tenantId: null })).toMatchObject({ late_tickets: 1 });
    expect((await exceeded()).map((payload) => payload.ticket_id)).toEqual([
      station(t3, 'fryer'),
      station(t1, 'grill'),
    ]);
    await bump(station(t1, 'grill')); // grill 700 s (late)

    const from = new Date(start.getTime() - 1000).toISOString();
    const to = new Date(clock.now().getTime() + 1000).toISOString();
    const metrics = await staff.get(`/kds/metrics?from=${from}&to=${to}`);
    expect(metrics.status, JSON.stringify(metrics.body)).toBe(200);
    // fryer 100, 200, 400: avg 233.3, p90 = 200 + 0.8 × 200 = 360; grill 500, 700: avg 600, p90 680.
    expect(metrics.body.stations).toEqual([
      { station: 'fryer', tickets: 3, avg_prep_seconds: 233.3, p90_prep_seconds: 360, late_tickets: 1 },
      { station: 'grill', tickets: 2, avg_prep_seconds: 600, p90_prep_seconds: 680, late_tickets: 1 },
    ]);
    // All five: 100, 200, 400, 500, 700 → avg 380, p90 = 500 + 0.6 × 200 = 620.
    expect(metrics.body.overall).toEqual({
      tickets: 5,
      avg_prep_seconds: 380,
      p90_prep_seconds: 620,
      late_tickets: 2,
    });
    expect(metrics.body.items).toEqual([
      {
        name: 'Burger',
        station: 'grill',
        quantity: 2,
        tickets: 2,
        avg_prep_seconds: 600,
        p90_prep_seconds: 680,
        late_tickets: 1,
      },
      {
        name: 'Fries',
        station: 'fryer',
        quantity: 4,
        tickets: 3,
        avg_prep_seconds: 233.3,
        p90_prep_seconds: 360,
        late_tickets: 1,
      },
    ]);
    expect(metrics.body.late_open_tickets).toBe(0);

    // A window with nothing in it.
    const empty = await staff.get(
      `/kds/metrics?from=${to}&to=${new Date(clock.now().getTime() + 60_000).toISOString()}`,
    );
    expect(empty.body.overall).toEqual({
      tickets: 0,
      avg_prep_seconds: null,
      p90_prep_seconds: null,
      late_tickets: 0,
    });
    const backwards = await staff.get(`/kds/metrics?from=${to}&to=${from}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('invalid_range');
  });

  it('a bump can be recalled within the window only', async () => {
    const order = await placeOrder(t, r, [{ menu_item_id: menu.fries.id, quantity: 1 }]);
    const [ticket] = await ticketsOf(t, r, order.id, 1);
    const staff = client(t, cook(r));
    expect((await staff.post(`/kds/tickets/${ticket.id}/bump`)).status).toBe(200);
    clock.advanceSeconds(599);
    const recalled = await staff.post(`/kds/tickets/${ticket.id}/recall`);
    expect(recalled.status).toBe(200);
    expect((await staff.post(`/kds/tickets/${ticket.id}/bump`)).status).toBe(200);
    clock.advanceSeconds(601);
    const late = await staff.post(`/kds/tickets/${ticket.id}/recall`);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('recall_window_passed');
    // Recalling an open ticket is not a thing.
    const other = await placeOrder(t, r, [{ menu_item_id: menu.fries.id, quantity: 1 }]);
    const [open] = await ticketsOf(t, r, other.id, 1);
    const wrong = await staff.post(`/kds/tickets/${open.id}/recall`);
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe('invalid_transition');
  });
});
