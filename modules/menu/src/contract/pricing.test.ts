import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceLine } from './pricing.js';
import type { PricingGroup, PricingItem } from './schemas.js';

const id = (n: number) => `0190a0a0-0000-7000-8000-${n.toString().padStart(12, '0')}`;

const option = (
  n: number,
  group: number,
  delta: number,
  extra: Partial<PricingGroup['options'][number]> = {},
) => ({
  id: id(n),
  group_id: id(group),
  name: `Option ${n}`,
  price_delta: delta,
  is_available: true,
  opens_group_id: null,
  ...extra,
});

const spice: PricingGroup = {
  id: id(100),
  name: 'Spice level',
  min_select: 1,
  max_select: 1,
  is_required: true,
  options: [option(1, 100, 0), option(2, 100, 0)],
};
const drinks: PricingGroup = {
  id: id(300),
  name: 'Drink',
  min_select: 1,
  max_select: 1,
  is_required: true,
  options: [option(5, 300, 0), option(6, 300, 1000, { is_available: false })],
};
const addOns: PricingGroup = {
  id: id(200),
  name: 'Add-ons',
  min_select: 0,
  max_select: 3,
  is_required: false,
  options: [option(3, 200, 4900), option(4, 200, 9900, { opens_group_id: drinks.id }), option(7, 200, 2000)],
};

const biryani: PricingItem = {
  id: id(10),
  category_id: id(11),
  name: 'Biryani',
  price: 39900,
  tax_category: null,
  station: 'biryani',
  prep_time_seconds: 1200,
  is_available: true,
  variants: [
    { id: id(20), name: 'Half', price: 24900, is_available: true },
    { id: id(21), name: 'Full', price: 39900, is_available: true },
  ],
  modifier_groups: [spice, addOns],
  nested_modifier_groups: [drinks],
};

const codes = (result: ReturnType<typeof priceLine>) =>
  result.ok ? [] : result.problems.map((p) => p.code).sort();

describe('priceLine', () => {
  it('prices a variant plus option deltas', () => {
    const result = priceLine(biryani, { variant_id: id(20), option_ids: [id(1), id(3)] });
    expect(result).toMatchObject({
      ok: true,
      unit_price: 24900 + 4900,
      base_price: 24900,
      variant_id: id(20),
    });
  });

  it('opens a nested group only when its option is chosen, and then enforces it', () => {
    expect(codes(priceLine(biryani, { variant_id: id(21), option_ids: [id(1), id(5)] }))).toEqual([
      'unknown_option',
    ]);
    expect(codes(priceLine(biryani, { variant_id: id(21), option_ids: [id(1), id(4)] }))).toEqual([
      'too_few_options',
    ]);
    const combo = priceLine(biryani, { variant_id: id(21), option_ids: [id(1), id(4), id(5)] });
    expect(combo).toMatchObject({ ok: true, unit_price: 39900 + 9900 });
  });

  it('reports every problem at once', () => {
    expect(
      codes(
        priceLine({ ...biryani, is_available: false }, { option_ids: [id(1), id(2), id(1), id(4), id(6)] }),
      ),
    ).toEqual(
      [
        'duplicate_option',
        'item_unavailable',
        'option_unavailable',
        'too_many_options',
        'variant_required',
      ].sort(),
    );
    expect(codes(priceLine(biryani, { variant_id: id(99), option_ids: [] }))).toEqual([
      'too_few_options',
      'unknown_variant',
    ]);
    expect(
      codes(priceLine({ ...biryani, variants: [] }, { variant_id: id(20), option_ids: [id(1)] })),
    ).toEqual(['unknown_variant']);
    // A sold-out size is refused by name; the other size still sells.
    const fullSoldOut = {
      ...biryani,
      variants: biryani.variants.map((variant) => ({ ...variant, is_available: variant.id !== id(21) })),
    };
    const refused = priceLine(fullSoldOut, { variant_id: id(21), option_ids: [id(1)] });
    expect(codes(refused)).toEqual(['variant_unavailable']);
    expect(refused.ok ? null : refused.problems[0]!.message).toBe('Biryani (Full) is sold out.');
    expect(priceLine(fullSoldOut, { variant_id: id(20), option_ids: [id(1)] }).ok).toBe(true);
  });

  it('unit price = base + the deltas chosen, never below the base, whatever the order', () => {
    const choice = fc.record({
      variant: fc.constantFrom(id(20), id(21)),
      spice: fc.constantFrom(id(1), id(2)),
      extras: fc.subarray([id(3), id(7)]),
      price: fc.integer({ min: 0, max: 1_000_000 }),
      deltas: fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 })),
    });
    fc.assert(
      fc.property(choice, ({ variant, spice: heat, extras, price, deltas }) => {
        const item: PricingItem = {
          ...biryani,
          variants: biryani.variants.map((v) => (v.id === variant ? { ...v, price } : v)),
          modifier_groups: [
            spice,
            {
              ...addOns,
              options: addOns.options.map((o) =>
                o.id === id(3)
                  ? { ...o, price_delta: deltas[0] }
                  : o.id === id(7)
                    ? { ...o, price_delta: deltas[1] }
                    : o,
              ),
            },
          ],
        };
        const forward = priceLine(item, { variant_id: variant, option_ids: [heat, ...extras] });
        const backward = priceLine(item, {
          variant_id: variant,
          option_ids: [...extras].reverse().concat(heat),
        });
        expect(forward.ok && backward.ok).toBe(true);
        if (!forward.ok || !backward.ok) return;
        const expected =
          price + (extras.includes(id(3)) ? deltas[0] : 0) + (extras.includes(id(7)) ? deltas[1] : 0);
        expect(forward.unit_price).toBe(expected);
        expect(backward.unit_price).toBe(expected);
        expect(forward.unit_price).toBeGreaterThanOrEqual(forward.base_price);
        expect(Number.isInteger(forward.unit_price)).toBe(true);
      }),
    );
  });
});
