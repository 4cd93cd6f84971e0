import type { PricingItem } from '@brigade/menu';
import { describe, expect, it } from 'vitest';
import { priceDrafts, settle, type TaxSettings, taxFor } from './order-pricing.js';

const tax: TaxSettings = {
  prices_include_tax: false,
  default_category: 'food',
  rates: [
    { category: 'food', name: 'GST 5%', rate_bps: 500 },
    { category: 'alcohol', name: 'VAT 18%', rate_bps: 1800 },
  ],
};

const id = (n: number) => `0190a0a0-0000-7000-8000-${String(n).padStart(12, '0')}`;

const item = (extra: Partial<PricingItem> = {}): PricingItem => ({
  id: id(1),
  category_id: id(2),
  name: 'Lassi',
  price: 12000,
  tax_category: null,
  station: 'bar',
  prep_time_seconds: 120,
  is_available: true,
  variants: [],
  modifier_groups: [
    {
      id: id(10),
      name: 'Flavour',
      min_select: 1,
      max_select: 1,
      is_required: true,
      options: [
        {
          id: id(11),
          group_id: id(10),
          name: 'Mango',
          price_delta: 2000,
          is_available: true,
          opens_group_id: null,
        },
        {
          id: id(12),
          group_id: id(10),
          name: 'Rose',
          price_delta: 0,
          is_available: false,
          opens_group_id: null,
        },
      ],
    },
  ],
  nested_modifier_groups: [],
  ...extra,
});

describe('taxFor', () => {
  it('takes the item’s category, the default when it names none or one the restaurant lacks', () => {
    expect(taxFor(tax, 'alcohol')).toMatchObject({ category: 'alcohol', rate_bps: 1800 });
    expect(taxFor(tax, null)).toMatchObject({ category: 'food', rate_bps: 500 });
    expect(taxFor(tax, 'luxury')).toMatchObject({ category: 'food', rate_bps: 500 });
  });
});

describe('priceDrafts', () => {
  it('captures price, options, tax rate and kitchen data of each line', () => {
    const { drafts, problems } = priceDrafts(
      [{ menu_item_id: id(1), option_ids: [id(11)], quantity: 3, seat: 2, course: 2, notes: '' }],
      new Map([[id(1), item()]]),
      tax,
    );
    expect(problems).toEqual([]);
    expect(drafts[0]).toMatchObject({
      name: 'Lassi',
      unit_price: 14000,
      subtotal: 42000,
      options: [{ id: id(11), name: 'Mango', price_delta: 2000 }],
      tax_category: 'food',
      tax_name: 'GST 5%',
      tax_rate_bps: 500,
      seat: 2,
      course: 2,
      notes: null,
      station: 'bar',
      prep_time_seconds: 120,
    });
  });

  it('names every problem of every line by its index and field', () => {
    const { drafts, problems } = priceDrafts(
      [
        { menu_item_id: id(1), option_ids: [], quantity: 1 },
        { menu_item_id: id(99), quantity: 1 },
        { menu_item_id: id(1), option_ids: [id(12)], quantity: 1 },
        { menu_item_id: id(1), option_ids: [id(11)], variant_id: id(50), quantity: 1 },
      ],
      new Map([[id(1), item()]]),
      tax,
    );
    expect(drafts).toEqual([]);
    expect(problems.map((problem) => problem.field)).toEqual([
      'lines[0].option_ids',
      'lines[1].menu_item_id',
      'lines[2].option_ids',
      'lines[3].variant_id',
    ]);
  });
});

describe('settle', () => {
  it('sums tax per category and keeps only discounts that took something', () => {
    const settled = settle(
      [
        { subtotal: 10000, tax_category: 'food', tax_name: 'GST 5%', tax_rate_bps: 500 },
        { subtotal: 30000, tax_category: 'alcohol', tax_name: 'VAT 18%', tax_rate_bps: 1800 },
        { subtotal: 10000, tax_category: 'food', tax_name: 'GST 5%', tax_rate_bps: 500 },
      ],
      [
        { code: 'HALF', description: 'half off the beer', amount: 15000, line_indexes: [1] },
        { code: 'NONE', description: 'nothing left', amount: 0 },
      ],
      false,
    );
    expect(settled.taxes).toEqual([
      { category: 'food', name: 'GST 5%', rate_bps: 500, amount: 1000 },
      { category: 'alcohol', name: 'VAT 18%', rate_bps: 1800, amount: 2700 },
    ]);
    expect(settled.discounts).toEqual([{ code: 'HALF', description: 'half off the beer', amount: 15000 }]);
    expect(settled).toMatchObject({ subtotal: 50000, discount_total: 15000, tax_total: 3700, total: 38700 });
  });
});
