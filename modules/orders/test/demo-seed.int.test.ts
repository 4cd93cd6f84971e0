import { demoRestaurantId } from '@brigade/tenants';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../src/contract/index.js';
import { countRows, createOrdersApp, ordersService, system } from './support/orders-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createOrdersApp();
});
afterAll(() => t?.close());

describe('the demo seed', () => {
  it('places Spice Route’s orders across channels and statuses through the service, once', async () => {
    await t.seed();
    const restaurant = { id: demoRestaurantId };
    const orders = (await ordersService(t).listOrders(system(restaurant), { limit: 50 })).data;
    expect(orders.map((order: Order) => order.channel).sort()).toEqual([
      'delivery',
      'dine_in',
      'online',
      'takeout',
      'takeout',
    ]);
    expect(new Set(orders.map((order) => order.status))).toEqual(
      new Set(['served', 'preparing', 'out_for_delivery', 'pending', 'cancelled']),
    );
    for (const order of orders) {
      expect(order.currency).toBe('INR');
      expect(order.total).toBe(order.lines.reduce((sum, line) => sum + line.total, 0));
      expect(order.number).toMatch(/^ORD_\d{8}_00[1-5]$/);
    }
    expect(orders.find((order) => order.channel === 'dine_in')!.table_number).not.toBeNull();
    const before = await countRows(t, 'orders', demoRestaurantId);
    await t.seed();
    expect(await countRows(t, 'orders', demoRestaurantId)).toBe(before);
  });

  it('the API description lists the orders routes (schemas generate without collisions)', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const paths = Object.keys(spec.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/orders',
        '/api/v1/orders/{id}/lines/{line_id}/void',
        '/api/v1/public/tables/{token}/orders',
        '/api/v1/public/orders/{token}',
      ]),
    );
  });
});
