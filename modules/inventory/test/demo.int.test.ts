import { demoRestaurantId } from '@brigade/tenants';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createInventoryApp, manager } from './support/inventory-app.js';

/** Issue 9 point 8 (the brief's): Spice Route's store room, recipes on its menu, one supplier; idempotent. */
let t: TestApp;
beforeAll(async () => {
  t = await createInventoryApp();
});
afterAll(() => t?.close());

describe('demo seed', () => {
  it('stocks the demo restaurant, maps recipes onto its menu, and runs twice without change', async () => {
    await t.seed();
    await t.seed();
    const api = client(t, manager({ id: demoRestaurantId }));
    const items = (await api.get('/inventory/items?limit=200')).body.data;
    expect(items.map((item: { name: string }) => item.name)).toEqual(
      expect.arrayContaining(['Paneer', 'Chicken', 'Basmati rice', 'Flour']),
    );
    expect((await api.get('/inventory/suppliers')).body.map((s: { name: string }) => s.name)).toEqual([
      'Fresh Farms Wholesale',
    ]);
    const recipes = (await api.get('/inventory/recipes')).body;
    expect(recipes.map((recipe: { kind: string; name: string }) => `${recipe.kind}:${recipe.name}`)).toEqual(
      expect.arrayContaining(['item:Paneer Tikka', 'variant:Hyderabadi Biryani/Full', 'option:Extra butter']),
    );
    const paneerTikka = recipes.find((recipe: { name: string }) => recipe.name === 'Paneer Tikka');
    // 200 g paneer at ₹400/kg + 50 g onion at 90 % yield at ₹40/kg = ₹80.00 + ₹2.22.
    expect(paneerTikka.cost).toBe(8222);
    const paneer = (await api.get('/inventory/levels')).body.find(
      (level: { name: string }) => level.name === 'Paneer',
    );
    expect(paneer).toMatchObject({ quantity: 6, unit: 'kg', reorder_point: 2, low_stock: false });
  });

  it('documents every inventory route in the OpenAPI document', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const paths = Object.keys(spec.json().paths).filter((path) => path.startsWith('/api/v1/inventory'));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/inventory/items',
        '/api/v1/inventory/stock-in',
        '/api/v1/inventory/stock-out',
        '/api/v1/inventory/levels',
        '/api/v1/inventory/adjust',
        '/api/v1/inventory/transactions',
        '/api/v1/inventory/recipes/{kind}/{id}',
        '/api/v1/inventory/purchase-orders/{id}/receive',
        '/api/v1/inventory/reports/variance',
      ]),
    );
  });
});
