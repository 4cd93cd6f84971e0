import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MenuDocument } from '../contract/import-export.js';
import { collectCsv } from './import-input.js';
import { menuToCsv, protectCell } from './menu-csv.js';

type DocItem = MenuDocument['categories'][number]['items'][number];

const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const label = fc
  .string({
    minLength: 1,
    maxLength: 20,
    unit: fc.constantFrom('a', 'B', ' ', ',', '"', 'é', '\n', '-', ':', '=', '+', '@', "'"),
  })
  .map((text) => text.trim())
  .filter((text) => text.length > 0);
const money = fc.integer({ min: 0, max: 1_000_000_000 });
const uniqueBy = <T>(list: T[], key: (value: T) => string) => {
  const seen = new Set<string>();
  return list.filter((value) => !seen.has(key(value)) && Boolean(seen.add(key(value))));
};

const itemArb: fc.Arbitrary<Omit<DocItem, 'name' | 'position'>> = fc.record({
  description: fc.option(
    fc.string({ minLength: 1, maxLength: 60 }).filter((text) => text.trim() !== ''),
    {
      nil: null,
    },
  ),
  price: money,
  cost_price: fc.option(money, { nil: null }),
  tax_category: fc.option(identifier, { nil: null }),
  image_url: fc.constant(null),
  allergens: fc.uniqueArray(identifier, { maxLength: 3 }),
  dietary_tags: fc.uniqueArray(identifier, { maxLength: 3 }),
  station: fc.option(identifier, { nil: null }),
  prep_time_seconds: fc.option(fc.integer({ min: 0, max: 86_400 }), { nil: null }),
  is_available: fc.boolean(),
  variants: fc
    .array(fc.record({ name: label.filter((n) => !n.includes(';')), price: money }), { maxLength: 3 })
    .map((list) => uniqueBy(list, (variant) => variant.name.toLowerCase())),
  modifier_groups: fc
    .array(
      label.filter((n) => !n.includes(';')),
      { maxLength: 3 },
    )
    .map((list) => uniqueBy(list, (name) => name.toLowerCase())),
});

describe('menuToCsv ↔ collectCsv', () => {
  it('shields formula-like cells from spreadsheets', () => {
    expect(protectCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(protectCell('- spicy')).toBe("'- spicy");
    expect(protectCell('Naan')).toBe('Naan');
    expect(protectCell("'=1")).toBe("''=1");
    expect(protectCell("it's")).toBe("it's");
  });

  it('reads back every item it wrote, exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(label, label, itemArb), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(0, 2, 3),
        (rows, exponent) => {
          const unique = uniqueBy(rows, ([, name]) => name.toLowerCase());
          const byCategory = new Map<string, { name: string; items: DocItem[] }>();
          unique.forEach(([category, name, item], position) => {
            const key = category.toLowerCase();
            if (!byCategory.has(key)) byCategory.set(key, { name: category, items: [] });
            byCategory.get(key)!.items.push({ ...item, name, position });
          });
          const document: MenuDocument = {
            format: 'brigade.menu',
            version: 1,
            currency: 'INR',
            exported_at: new Date(0).toISOString(),
            restaurant: { name: 'Test', slug: 'test' },
            categories: [...byCategory.values()].map((category, position) => ({
              ...category,
              description: null,
              position,
            })),
            modifier_groups: [],
          };
          const { input, errors } = collectCsv(menuToCsv(document, exponent), exponent);
          expect(errors).toEqual([]);
          expect(input.categories.map((category) => category.name)).toEqual(
            document.categories.map((category) => category.name),
          );
          const expected = document.categories.flatMap((category) =>
            category.items.map(({ name, position: _p, ...values }) => ({
              category: category.name,
              name,
              values,
            })),
          );
          expect(input.items.map(({ at: _at, ...item }) => item)).toEqual(expected);
          expect(input.items.map((item) => item.at)).toEqual(expected.map((_, i) => `row ${i + 2}`));
        },
      ),
      { numRuns: 200 },
    );
  });
});
