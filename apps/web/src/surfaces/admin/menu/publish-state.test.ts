import { describe, expect, it } from 'vitest';
import type { MenuItem, ModifierGroup } from './menu-data.js';
import { type Draft, hasUnpublishedChanges, snapshotOf } from './publish-state.js';

const spice: ModifierGroup = {
  id: 'g1',
  name: 'Spice level',
  min_select: 1,
  max_select: 1,
  is_required: true,
  options: [
    {
      id: 'o2',
      group_id: 'g1',
      name: 'Hot',
      price_delta: 0,
      is_available: true,
      opens_group_id: null,
      position: 1,
    },
    {
      id: 'o1',
      group_id: 'g1',
      name: 'Mild',
      price_delta: 0,
      is_available: true,
      opens_group_id: null,
      position: 0,
    },
  ],
};
const unused: ModifierGroup = { ...spice, id: 'g2', name: 'Unused', options: [] };
const tikka: MenuItem = {
  id: 'i1',
  category_id: 'c1',
  name: 'Paneer Tikka',
  description: null,
  price: 29900,
  cost_price: 9000,
  tax_category: null,
  image_url: null,
  allergens: ['dairy'],
  dietary_tags: [],
  station: 'tandoor',
  prep_time_seconds: 600,
  is_available: true,
  position: 0,
  variants: [],
  modifier_group_ids: ['g1'],
  version: 3,
};
const draft: Draft = {
  categories: [{ id: 'c1', name: 'Starters', description: null, position: 0 }],
  items: [{ ...tikka, created_at: '2026-11-01T00:00:00Z' } as MenuItem],
  groups: [unused, spice],
};

describe('unpublished changes', () => {
  it('a draft equal to the live version has none, whatever availability, cost or unused groups say', () => {
    const live = snapshotOf(draft);
    expect(live.modifier_groups.map((group) => group.id)).toEqual(['g1']);
    expect(live.modifier_groups[0]!.options.map((option) => option.name)).toEqual(['Mild', 'Hot']);
    const soldOut: Draft = {
      ...draft,
      items: [{ ...tikka, is_available: false, cost_price: 1, version: 9 }],
      groups: [{ ...spice, options: spice.options.map((option) => ({ ...option, is_available: false })) }],
    };
    expect(hasUnpublishedChanges(soldOut, live)).toBe(false);
  });

  it('sees a new price, a renamed category, a removed item and a changed option', () => {
    const live = snapshotOf(draft);
    expect(hasUnpublishedChanges({ ...draft, items: [{ ...tikka, price: 31900 }] }, live)).toBe(true);
    expect(
      hasUnpublishedChanges(
        { ...draft, categories: [{ ...draft.categories[0]!, name: 'Small plates' }] },
        live,
      ),
    ).toBe(true);
    expect(hasUnpublishedChanges({ ...draft, items: [] }, live)).toBe(true);
    const pricier = { ...spice, options: [{ ...spice.options[0]!, price_delta: 500 }, spice.options[1]!] };
    expect(hasUnpublishedChanges({ ...draft, groups: [pricier] }, live)).toBe(true);
  });

  it('before a first publish, any menu is unpublished and an empty one is not', () => {
    expect(hasUnpublishedChanges(draft, null)).toBe(true);
    expect(hasUnpublishedChanges({ categories: [], items: [], groups: [] }, null)).toBe(false);
  });
});
