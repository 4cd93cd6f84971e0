import type { MenuService } from '@brigade/menu';
import { eventually, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKitchenApp, newRestaurant, outbox, placeOrder, system } from './support/kitchen-app.js';

/** The sweep runs by itself on a timer (started with the module, stopped by close). */
let t: TestApp;
let r: { id: string };

beforeAll(async () => {
  t = await createKitchenApp({ kitchen: { sweepIntervalMs: 100 } });
  r = await newRestaurant(t, 'kds-sweep-timer');
});
afterAll(() => t?.close());

describe('the sweep timer', () => {
  it('flags a ticket past its target without anyone asking, once', async () => {
    const menu = t.modules.get('menu')!.service as MenuService;
    const category = await menu.createCategory(system(r), { name: 'Quick' });
    const toast = await menu.createItem(system(r), {
      category_id: category.id,
      name: 'Toast',
      price: 100,
      station: 'cold',
      prep_time_seconds: 1,
    });
    await menu.publishMenu(system(r), {});
    const order = await placeOrder(t, r, [{ menu_item_id: toast.id, quantity: 1 }]);
    const late = await eventually(
      () => outbox(t, r.id, 'kitchen.preparation_time_exceeded.v1'),
      (rows) => rows.length > 0,
      10_000,
    );
    expect(late[0]!.payload).toMatchObject({ order_id: order.id, station: 'cold', target_seconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await outbox(t, r.id, 'kitchen.preparation_time_exceeded.v1')).toHaveLength(1);
  });
});
