import { describe, expect, it } from 'vitest';
import { searchFilter } from './order-search-filter.js';
import type { Order } from './types.js';

const date = '2026-11-23';
const order = (customer: Order['customer']) => ({ customer }) as Order;

describe('the POS order search', () => {
  it('today’s orders are today’s numbers; a bare number is today’s sequence', () => {
    expect(searchFilter({ text: '', status: '', today: true }, date).query).toBe(
      'limit=50&number=ORD_20261123',
    );
    expect(searchFilter({ text: '7', status: 'ready', today: true }, date).query).toBe(
      'limit=50&number=ORD_20261123_007&status=ready',
    );
    expect(searchFilter({ text: 'ord_20261120_01', status: '', today: true }, date).query).toBe(
      'limit=50&number=ORD_20261120_01',
    );
    expect(searchFilter({ text: '', status: '', today: false }, date).query).toBe('limit=50');
  });

  it('anything else looks for the customer by name, e-mail or phone digits', () => {
    const filter = searchFilter({ text: 'Meera', status: '', today: true }, date);
    expect(filter.query).toBe('limit=50&number=ORD_20261123');
    expect(filter.matches(order({ name: 'Meera Nair' }))).toBe(true);
    expect(filter.matches(order({ name: 'Ravi' }))).toBe(false);
    expect(filter.matches(order(null))).toBe(false);
    const byPhone = searchFilter({ text: '98765', status: '', today: false }, date);
    expect(byPhone.query).toBe('limit=50');
    expect(byPhone.matches(order({ phone: '+91 98765 43210' }))).toBe(true);
    expect(searchFilter({ text: '', status: '', today: true }, date).matches(order(null))).toBe(true);
  });
});
