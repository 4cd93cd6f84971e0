import { describe, expect, it } from 'vitest';
import { recipeTargets } from './menu-targets.js';

describe('recipe targets of a menu item', () => {
  it('lists the item, its variants and the options of every group it reaches, each group once', () => {
    const item = {
      id: 'item',
      name: 'Biryani',
      variants: [
        { id: 'half', name: 'Half' },
        { id: 'full', name: 'Full' },
      ],
      modifier_group_ids: ['extras', 'combo'],
    };
    const groups = [
      { id: 'extras', name: 'Extras', options: [{ id: 'raita', name: 'Raita', opens_group_id: null }] },
      { id: 'combo', name: 'Combo', options: [{ id: 'meal', name: 'Meal', opens_group_id: 'drinks' }] },
      {
        id: 'drinks',
        name: 'Drinks',
        options: [{ id: 'lassi', name: 'Lassi', opens_group_id: 'combo' }],
      },
      { id: 'unrelated', name: 'Other', options: [{ id: 'x', name: 'X', opens_group_id: null }] },
    ];
    expect(recipeTargets(item, groups)).toEqual([
      { kind: 'item', id: 'item', title: 'Biryani' },
      { kind: 'variant', id: 'half', title: 'Biryani · Half' },
      { kind: 'variant', id: 'full', title: 'Biryani · Full' },
      { kind: 'option', id: 'raita', title: 'Extras · Raita' },
      { kind: 'option', id: 'meal', title: 'Combo · Meal' },
      { kind: 'option', id: 'lassi', title: 'Drinks · Lassi' },
    ]);
  });
});
