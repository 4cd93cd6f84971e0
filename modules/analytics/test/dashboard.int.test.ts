import { randomUUID } from 'node:crypto';
import { deliver, manualClock, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAnalyticsApp,
  dashboard,
  eventsFor,
  get,
  line,
  manager,
  newRestaurant,
  order,
  waiter,
} from './support/analytics-app.js';

/**
 * Issue 8 point 4: the dashboard and the sales series from order and payment events, in a
 * Kolkata restaurant (UTC+5:30): business days end at 18:30 UTC.
 */
const clock = manualClock('2026-11-20T19:00:00Z'); // 00:30 on the 21st in Kolkata
let t: TestApp;
let r: { id: string };

const paneer = { id: randomUUID(), name: 'Paneer Tikka' };
const lassi = { id: randomUUID(), name: 'Mango Lassi' };
const biryani = { id: randomUUID(), name: 'Veg Biryani' };

beforeAll(async () => {
  t = await createAnalyticsApp(clock);
  r = await newRestaurant(t, 'analytics-main');
}, 60_000);
afterAll(() => t?.close());

describe('a business day from placed, modified, cancelled orders and payments', () => {
  const lunch = order('takeout');
  const table = order('dine_in');
  const walkout = order('dine_in');
  const lateDinner = order('dine_in');
  const afterMidnight = order('takeout');
  const lastWeek = order('online');
  const payment = { id: randomUUID(), orderId: lunch.id, amount: 1000, tip: 50 };

  beforeAll(async () => {
    const e = eventsFor(r.id);
    const tableBiryani = line(biryani, 1, 1100);
    const events = [
      // 12:00 local
      e.created(lunch, '2026-11-20T06:30:00Z', [line(paneer, 2, 800), line(lassi, 1, 200)]),
      // 13:15 local; the biryani is voided afterwards
      e.created(table, '2026-11-20T07:45:00Z', [line(paneer, 1, 400), tableBiryani]),
      e.modified(table, '2026-11-20T08:10:00Z', {
        total: 400,
        voided: [{ line: tableBiryani, quantity: 1 }],
      }),
      e.created(walkout, '2026-11-20T08:00:00Z', [line(paneer, 2, 700)]),
      e.cancelled(walkout, '2026-11-20T08:05:00Z'),
      // 23:30 local: still the 20th
      e.created(lateDinner, '2026-11-20T18:00:00Z', [line(lassi, 1, 200)]),
      // 00:15 local on the 21st
      e.created(afterMidnight, '2026-11-20T18:45:00Z', [line(lassi, 3, 600)]),
      e.created(lastWeek, '2026-11-13T07:00:00Z', [line(biryani, 1, 900)]),
      e.paid(payment, '2026-11-20T09:00:00Z'),
      e.refunded({ paymentId: payment.id, orderId: lunch.id, amount: 100 }, '2026-11-20T10:00:00Z'),
    ];
    for (const event of events) await deliver(t, event);
  }, 60_000);

  it('adds up sales, orders, tips and refunds of the day, against the same weekday a week before', async () => {
    const day = await dashboard(t, r, '2026-11-20');
    expect(day).toMatchObject({
      date: '2026-11-20',
      currency: 'INR',
      timezone: 'Asia/Kolkata',
      sales: 1000 + 400 + 200,
      orders: 3,
      average_ticket: 533,
      tips: 50,
      refunds: 100,
      cancelled_orders: 1,
      compare: { date: '2026-11-13', sales: 900, orders: 1, average_ticket: 900, tips: 0, refunds: 0 },
    });
    expect(day.by_channel).toEqual([
      { channel: 'takeout', orders: 1, sales: 1000 },
      { channel: 'dine_in', orders: 2, sales: 600 },
    ]);
  });

  it('places orders in the hours of the restaurant’s wall clock', async () => {
    const { by_hour } = await dashboard(t, r, '2026-11-20');
    expect(by_hour).toHaveLength(24);
    expect(by_hour.filter((hour: { orders: number }) => hour.orders > 0)).toEqual([
      { hour: 12, orders: 1, sales: 1000 },
      { hour: 13, orders: 1, sales: 400 },
      { hour: 23, orders: 1, sales: 200 },
    ]);
  });

  it('ranks items by what was sold and not voided or cancelled', async () => {
    const { top_items } = await dashboard(t, r, '2026-11-20');
    expect(top_items).toEqual([
      { menu_item_id: paneer.id, name: 'Paneer Tikka', quantity: 3, sales: 1200 },
      { menu_item_id: lassi.id, name: 'Mango Lassi', quantity: 2, sales: 400 },
    ]);
  });

  it('counts an order after local midnight on the next day, and defaults to today there', async () => {
    const today = await dashboard(t, r);
    expect(today).toMatchObject({ date: '2026-11-21', orders: 1, sales: 600 });
    expect(today.top_items).toEqual([
      { menu_item_id: lassi.id, name: 'Mango Lassi', quantity: 3, sales: 600 },
    ]);
  });

  it('gives a daily series with empty days', async () => {
    const series = await get(t, manager(r), '/analytics/sales?from=2026-11-19&to=2026-11-21');
    expect(series.status).toBe(200);
    expect(series.body).toEqual({
      from: '2026-11-19',
      to: '2026-11-21',
      currency: 'INR',
      timezone: 'Asia/Kolkata',
      data: [
        { date: '2026-11-19', orders: 0, sales: 0, average_ticket: 0 },
        { date: '2026-11-20', orders: 3, sales: 1600, average_ticket: 533 },
        { date: '2026-11-21', orders: 1, sales: 600, average_ticket: 600 },
      ],
    });
  });
});

describe('delivery', () => {
  it('counts a redelivered event once', async () => {
    const other = await newRestaurant(t, 'analytics-redelivery');
    const e = eventsFor(other.id);
    const placed = order('takeout');
    const created = e.created(placed, '2026-11-18T07:00:00Z', [line(paneer, 1, 450)]);
    const paid = e.paid(
      { id: randomUUID(), orderId: placed.id, amount: 450, tip: 30 },
      '2026-11-18T07:30:00Z',
    );
    const addedLassi = e.modified(placed, '2026-11-18T07:10:00Z', {
      total: 450,
      added: [line(lassi, 2, 400)],
    });
    for (const event of [created, addedLassi, paid, created, paid, addedLassi]) await deliver(t, event);
    expect(await dashboard(t, other, '2026-11-18')).toMatchObject({
      orders: 1,
      sales: 450,
      tips: 30,
      top_items: [
        { name: 'Mango Lassi', quantity: 2, sales: 400 },
        { name: 'Paneer Tikka', quantity: 1, sales: 450 },
      ],
    });
  });

  it('is right when the events of an order arrive out of order', async () => {
    const other = await newRestaurant(t, 'analytics-out-of-order');
    const e = eventsFor(other.id);
    const kept = order('dine_in');
    const thali = line(biryani, 3, 1500);
    const cancelledFirst = order('takeout');
    const events = [
      // The second change, then the first, then the order itself.
      e.modified(kept, '2026-11-18T08:20:00Z', { total: 500, voided: [{ line: thali, quantity: 1 }] }),
      e.modified(kept, '2026-11-18T08:10:00Z', { total: 1000, voided: [{ line: thali, quantity: 1 }] }),
      e.created(kept, '2026-11-18T08:00:00Z', [thali]),
      e.cancelled(cancelledFirst, '2026-11-18T09:05:00Z'),
      e.created(cancelledFirst, '2026-11-18T09:00:00Z', [line(paneer, 1, 400)]),
    ];
    for (const event of events) await deliver(t, event);
    const day = await dashboard(t, other, '2026-11-18');
    expect(day).toMatchObject({ orders: 1, sales: 500, cancelled_orders: 1 });
    expect(day.top_items).toEqual([
      { menu_item_id: biryani.id, name: 'Veg Biryani', quantity: 1, sales: 500 },
    ]);
  });
});

describe('access and input', () => {
  it('refuses a waiter', async () => {
    const answer = await get(t, waiter(r), '/analytics/dashboard?date=2026-11-20');
    expect(answer.status).toBe(403);
    expect((await get(t, waiter(r), '/analytics/sales?from=2026-11-19&to=2026-11-21')).status).toBe(403);
  });

  it("never shows another restaurant's figures", async () => {
    const stranger = await newRestaurant(t, 'analytics-stranger');
    expect(await dashboard(t, stranger, '2026-11-20')).toMatchObject({
      sales: 0,
      orders: 0,
      tips: 0,
      refunds: 0,
      cancelled_orders: 0,
      by_channel: [],
      top_items: [],
    });
    const series = await get(t, manager(stranger), '/analytics/sales?from=2026-11-20&to=2026-11-20');
    expect(series.body.data).toEqual([{ date: '2026-11-20', orders: 0, sales: 0, average_ticket: 0 }]);
  });

  it.each([
    '/analytics/dashboard?date=2026-02-30',
    '/analytics/dashboard?date=yesterday',
    '/analytics/sales?from=2026-11-20',
    '/analytics/sales?from=2026-11-21&to=2026-11-20',
    '/analytics/sales?from=2026-01-01&to=2026-04-03',
  ])('answers 400 to %s', async (url) => {
    const answer = await get(t, manager(r), url);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  });

  it('accepts a series of exactly 92 days', async () => {
    const answer = await get(t, manager(r), '/analytics/sales?from=2026-01-01&to=2026-04-02');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(92);
  });
});
