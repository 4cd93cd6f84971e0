import type { Restaurant } from '@brigade/tenants';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createMenu,
  createOrdersApp,
  manualClock,
  newRestaurant,
  ordersService,
  system,
  type TestMenu,
  waiter,
} from './support/orders-app.js';

/** Seed 004 numbers: ORD_<local business day>_<nnn>, per restaurant, unique under concurrency. */
const clock = manualClock(new Date('2026-03-14T12:00:00Z'));
let t: TestApp;
let r: Restaurant;
let menu: TestMenu;

beforeAll(async () => {
  t = await createOrdersApp({ clock });
  r = await newRestaurant(t, 'numbering', { timezone: 'Asia/Kolkata' });
  menu = await createMenu(t, r);
});
afterAll(() => t?.close());

const order = () =>
  ordersService(t).placeOrder(system(r), {
    channel: 'takeout',
    lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
  });

describe('order numbers', () => {
  it('200 orders placed at once get 200 distinct numbers, 001 to 200, with no gaps', async () => {
    const placed = await Promise.all(Array.from({ length: 200 }, () => order()));
    const numbers = placed.map((placedOrder) => placedOrder.number);
    expect(new Set(numbers).size).toBe(200);
    const sequences = numbers.map((number) => Number(number.split('_')[2])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    expect(numbers).toContain('ORD_20260314_001');
    expect(numbers).toContain('ORD_20260314_200');
    expect(placed.every((placedOrder) => placedOrder.business_date === '2026-03-14')).toBe(true);
  }, 120_000);

  it('the business day turns at local midnight (Asia/Kolkata, UTC+5:30), not UTC’s', async () => {
    // 18:29 UTC is 23:59 in Kolkata: still the 14th.
    clock.set('2026-03-14T18:29:00Z');
    expect((await order()).number).toBe('ORD_20260314_201');
    // 18:30 UTC is midnight in Kolkata: the 15th starts again at 001 (while UTC is still the 14th).
    clock.set('2026-03-14T18:30:00Z');
    const next = await order();
    expect(next).toMatchObject({ number: 'ORD_20260315_001', business_date: '2026-03-15' });
    expect((await order()).number).toBe('ORD_20260315_002');
    // Another restaurant counts on its own, by its own time zone (Paris: still the 14th).
    const paris = await newRestaurant(t, 'numbering-paris', { timezone: 'Europe/Paris', currency: 'EUR' });
    const parisMenu = await createMenu(t, paris);
    const parisOrder = await client(t, waiter(paris)).post('/orders', {
      channel: 'takeout',
      lines: [{ menu_item_id: parisMenu.samosa.id, quantity: 1 }],
    });
    expect(parisOrder.body.number).toBe('ORD_20260314_001');
    // Listing by the day's prefix finds that day's orders.
    const day = await client(t, waiter(r)).get('/orders?number=ORD_20260315&limit=200');
    expect(day.body.data.map((found: { number: string }) => found.number).sort()).toEqual([
      'ORD_20260315_001',
      'ORD_20260315_002',
    ]);
  });
});
