import { describe, expect, it } from 'vitest';
import { collectCsv, collectJson } from './import-input.js';

describe('collectCsv', () => {
  it('keeps only the columns the file has: absent columns leave fields as they are', () => {
    const { input, errors } = collectCsv('Name,Category,Price\nNaan,Breads,45\n', 2);
    expect(errors).toEqual([]);
    expect(input.items).toEqual([{ at: 'row 2', category: 'Breads', name: 'Naan', values: { price: 4500 } }]);
  });

  it('turns empty cells into null or empty lists, and reads booleans and lists', () => {
    const { input, errors } = collectCsv(
      'category,name,price,cost_price,station,allergens,is_available,modifier_groups,prep_time_seconds\n' +
        'Mains,Dal,10,,,,no, Spice level ; Extras ,\n',
      2,
    );
    expect(errors).toEqual([]);
    expect(input.items[0]!.values).toEqual({
      price: 1000,
      cost_price: null,
      station: null,
      allergens: [],
      is_available: false,
      modifier_groups: ['Spice level', 'Extras'],
      prep_time_seconds: null,
    });
  });

  it('checks each field with the item rules and reports it under the row', () => {
    const { errors } = collectCsv(
      'category,name,price,station,allergens,is_available,prep_time_seconds,variants\n' +
        'Mains,Dal,10,Not An Id,dairy;dairy,maybe,ten,Half:1;half:2\n' +
        '\n' +
        'Mains,Dal2,10,,,,,\n',
      2,
    );
    expect(errors).toEqual([
      { field: 'row 2.prep_time_seconds', message: 'whole seconds, e.g. 600' },
      { field: 'row 2.is_available', message: 'true or false' },
    ]);
    const second = collectCsv(
      'category,name,price,station,allergens,variants\nMains,Dal,10,Not An Id,dairy;dairy,Half:1;half:2\n',
      2,
    );
    expect(second.errors.map((error) => error.field)).toEqual([
      'row 2.allergens',
      'row 2.station',
      'row 2.variants',
    ]);
  });

  it('reports malformed CSV with its row', () => {
    expect(collectCsv('category,name,price\nMains,"Dal,10\n', 2).errors).toEqual([
      { field: 'row 2', message: 'a quoted field is never closed' },
    ]);
    expect(collectCsv('', 2).errors[0]!.field).toBe('row 1');
  });
});

describe('collectJson', () => {
  it('reads the document shape, checking modifier rules with the domain rules', () => {
    const { input, errors } = collectJson({
      categories: [{ name: 'Mains', items: [{ name: 'Dal', price: 1000, modifier_groups: ['Spice'] }] }],
      modifier_groups: [{ name: 'Spice', is_required: true, options: [{ name: 'Hot', opens_group: null }] }],
    });
    expect(errors).toEqual([]);
    expect(input.groups).toEqual([
      {
        at: 'modifier_groups.0',
        name: 'Spice',
        rules: { min_select: 1, max_select: 1, is_required: true },
        options: [{ name: 'Hot', price_delta: 0, is_available: undefined, opens_group: null }],
      },
    ]);
    expect(input.items[0]).toMatchObject({
      category: 'Mains',
      name: 'Dal',
      values: { price: 1000, modifier_groups: ['Spice'] },
    });
  });

  it('refuses a document of another shape with paths', () => {
    expect(collectJson({ categories: 'x' }).errors).toEqual([
      { field: 'categories', message: expect.any(String) },
    ]);
    expect(collectJson([]).errors[0]!.field).toBe('(document)');
    const duplicate = collectJson({
      categories: [
        { name: 'Mains', items: [] },
        { name: 'mains', items: [] },
      ],
    });
    expect(duplicate.errors).toEqual([
      { field: 'categories.1.name', message: "duplicate category name 'mains' (also at categories.0)" },
    ]);
  });
});
