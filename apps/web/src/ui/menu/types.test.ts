import { describe, expect, it } from 'vitest';
import { type CartLine, orderLines, unitPrice } from './types.js';

const item = {
  id: 'item-1',
  name: 'Paneer Tikka',
  description: null,
  price: 30_000,
  image_url: null,
  allergens: [],
  dietary_tags: [],
  variants: [],
  modifier_group_ids: [],
};
const line: CartLine = {
  key: 'a',
  item,
  variant: null,
  options: [{ id: 'hot', name: 'Hot', price_delta: 2_000 }],
  quantity: 2,
  notes: '',
};

describe('cart lines on the wire', () => {
  it('sends ids, never prices; a guest line carries no seat or course', () => {
    expect(unitPrice(line)).toBe(32_000);
    expect(orderLines([line])).toEqual([{ menu_item_id: 'item-1', option_ids: ['hot'], quantity: 2 }]);
  });

  it('a staff line names its seat and course; a shared line (seat null) names only the course', () => {
    expect(orderLines([{ ...line, seat: 2, course: 1, notes: 'no onion' }])[0]).toEqual({
      menu_item_id: 'item-1',
      option_ids: ['hot'],
      quantity: 2,
      notes: 'no onion',
      seat: 2,
      course: 1,
    });
    expect(orderLines([{ ...line, seat: null, course: 2 }])[0]).not.toHaveProperty('seat');
  });
});
