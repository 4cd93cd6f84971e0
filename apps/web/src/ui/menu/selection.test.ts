import { describe, expect, it } from 'vitest';
import { toggle, unsatisfied, visibleGroups } from './selection.js';
import type { ModifierGroup } from './types.js';

const option = (id: string, opens: string | null = null) => ({
  id,
  name: id,
  price_delta: 0,
  opens_group_id: opens,
});
const spice: ModifierGroup = {
  id: 'spice',
  name: 'Spice',
  min_select: 1,
  max_select: 1,
  is_required: true,
  options: [option('mild'), option('hot')],
};
const addOns: ModifierGroup = {
  id: 'add',
  name: 'Add-ons',
  min_select: 0,
  max_select: 2,
  is_required: false,
  options: [option('butter'), option('cheese'), option('combo', 'drink')],
};
const drink: ModifierGroup = {
  id: 'drink',
  name: 'Drink',
  min_select: 1,
  max_select: 1,
  is_required: true,
  options: [option('cola')],
};
const groups = new Map([spice, addOns, drink].map((group) => [group.id, group]));

describe('modifier selection', () => {
  it('a single-choice group swaps its choice; a multi-choice group stops at its max', () => {
    let selection = toggle({}, spice, 'mild');
    selection = toggle(selection, spice, 'hot');
    expect(selection.spice).toEqual(['hot']);
    selection = toggle(toggle(selection, addOns, 'butter'), addOns, 'cheese');
    expect(toggle(selection, addOns, 'combo').add).toEqual(['butter', 'cheese']);
    expect(toggle(selection, addOns, 'butter').add).toEqual(['cheese']);
  });

  it('required groups below their min are unsatisfied, and a chosen option opens its nested group', () => {
    expect(unsatisfied(visibleGroups(['spice', 'add'], groups, {}), {}).map((group) => group.id)).toEqual([
      'spice',
    ]);
    const selection = { spice: ['mild'], add: ['combo'] };
    const visible = visibleGroups(['spice', 'add'], groups, selection);
    expect(visible.map((group) => group.id)).toEqual(['spice', 'add', 'drink']);
    expect(unsatisfied(visible, selection).map((group) => group.id)).toEqual(['drink']);
    expect(unsatisfied(visible, { ...selection, drink: ['cola'] })).toEqual([]);
  });
});
