import type { Restaurant } from '@brigade/tenants';
import type { TestApp } from '@brigade/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscountPolicy, OrderLineInput } from '../src/contract/index.js';
import {
  createMenu,
  createOrdersApp,
  newRestaurant,
  optionId,
  ordersService,
  system,
  type TestMenu,
} from './support/orders-app.js';

/** `OFF<n>` takes n minor units off the named lines (`@i,j`) or all of them — sometimes more than the order. */
const promo: DiscountPolicy = async (_ctx, request) => {
  const match = /^OFF(\d+)(?:@([\d,]+))?$/.exec(request.promo_code ?? '');
  if (!match) return [];
  return [
    {
      code: 'OFF',
      description: 'random',
      amount: Number(match[1]),
      ...(match[2] && { line_indexes: match[2].split(',').map(Number) }),
    },
  ];
};

let t: TestApp;
const restaurants: { restaurant: Restaurant; menu: TestMenu; inclusive: boolean }[] = [];

beforeAll(async () => {
  t = await createOrdersApp({ orders: { discounts: promo } });
  for (const [slug, currency, inclusive] of [
    ['prop-jpy', 'JPY', true],
    ['prop-eur', 'EUR', false],
    ['prop-kwd', 'KWD', true],
  ] as const) {
    const restaurant = await newRestaurant(t, slug, {
      currency,
      tax: {
        prices_include_tax: inclusive,
        default_category: 'food',
        rates: [
          { category: 'food', name: 'Food', rate_bps: 825 },
          { category: 'alcohol', name: 'Alcohol', rate_bps: 1975 },
        ],
      },
    });
    restaurants.push({ restaurant, menu: await createMenu(t, restaurant), inclusive });
  }
});
afterAll(() => t?.close());

describe('orders placed through the service (property)', () => {
  it('line totals + added tax − discounts = order total, exactly, in 0-, 2- and 3-decimal currencies', async () => {
    const lineArbitrary = fc.record({
      kind: fc.constantFrom('samosa', 'beer', 'biryani', 'curry'),
      quantity: fc.integer({ min: 1, max: 99 }),
      variant: fc.nat(1),
      addOn: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.nat(2),
        fc.array(lineArbitrary, { minLength: 1, maxLength: 8 }),
        fc.option(
          fc.tuple(fc.integer({ min: 0, max: 50_000_000 }), fc.option(fc.array(fc.nat(9), { maxLength: 3 }))),
        ),
        async (which, picks, discount) => {
          const { restaurant, menu, inclusive } = restaurants[which]!;
          const lines: OrderLineInput[] = picks.map((pick) => {
            if (pick.kind === 'biryani') {
              return {
                menu_item_id: menu.biryani.id,
                variant_id: menu.biryani.variants[pick.variant]!.id,
                quantity: pick.quantity,
              };
            }
            if (pick.kind === 'curry') {
              return {
                menu_item_id: menu.curry.id,
                quantity: pick.quantity,
                option_ids: [
                  optionId(menu.spice, 'Hot'),
                  ...(pick.addOn ? [optionId(menu.addOns, 'Raita')] : []),
                ],
              };
            }
            return { menu_item_id: menu[pick.kind].id, quantity: pick.quantity };
          });
          const promo_code = discount
            ? `OFF${discount[0]}${discount[1]?.length ? `@${discount[1].join(',')}` : ''}`
            : undefined;
          const order = await ordersService(t).placeOrder(system(restaurant), {
            channel: 'takeout',
            lines,
            ...(promo_code && { promo_code }),
          });
          const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
          expect(order.total).toBe(sum(order.lines.map((line) => line.total)));
          expect(order.subtotal).toBe(sum(order.lines.map((line) => line.unit_price * line.quantity)));
          expect(order.discount_total).toBe(sum(order.lines.map((line) => line.discount)));
          expect(order.discount_total).toBe(sum(order.discounts.map((granted) => granted.amount)));
          expect(order.discount_total).toBeLessThanOrEqual(order.subtotal);
          expect(order.tax_total).toBe(sum(order.taxes.map((tax) => tax.amount)));
          expect(order.total).toBe(order.subtotal - order.discount_total + (inclusive ? 0 : order.tax_total));
          for (const line of order.lines) expect(line.total).toBeGreaterThanOrEqual(0);
          // What was stored is what was answered.
          const stored = await ordersService(t).getOrder(system(restaurant), { id: order.id });
          const { tracking_token: _token, ...answered } = order;
          expect(stored).toEqual(answered);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
