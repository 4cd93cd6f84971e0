import { describe, expect, it } from 'vitest';
import { type KitchenLine, routeLines, targetSeconds } from './routing.js';

const line = (overrides: Partial<KitchenLine>): KitchenLine => ({
  line_id: crypto.randomUUID(),
  name: 'Item',
  variant_name: null,
  options: [],
  quantity: 1,
  notes: null,
  seat: null,
  course: 1,
  station: null,
  prep_time_seconds: null,
  ...overrides,
});

describe('routing lines to tickets', () => {
  it('one ticket per station and course, courses in order, stations as they first appear', () => {
    const lines = [
      line({ name: 'Dessert', station: 'pastry', course: 2 }),
      line({ name: 'Steak', station: 'grill' }),
      line({ name: 'Fries', station: 'fryer' }),
      line({ name: 'Burger', station: 'grill' }),
      line({ name: 'Bread', station: null }),
      line({ name: 'Ribs', station: 'grill', course: 2 }),
    ];
    const tickets = routeLines(lines, 'kitchen');
    expect(
      tickets.map((ticket) => [ticket.station, ticket.course, ticket.lines.map((entry) => entry.name)]),
    ).toEqual([
      ['grill', 1, ['Steak', 'Burger']],
      ['fryer', 1, ['Fries']],
      ['kitchen', 1, ['Bread']],
      ['pastry', 2, ['Dessert']],
      ['grill', 2, ['Ribs']],
    ]);
    // Every line lands on exactly one ticket.
    expect(tickets.flatMap((ticket) => ticket.lines).length).toBe(lines.length);
  });

  it('the target is the slowest item, or the default when none has one', () => {
    expect(
      targetSeconds(
        [{ prep_time_seconds: 300 }, { prep_time_seconds: 900 }, { prep_time_seconds: null }],
        600,
      ),
    ).toBe(900);
    expect(targetSeconds([{ prep_time_seconds: null }], 600)).toBe(600);
    expect(targetSeconds([{ prep_time_seconds: 0 }], 600)).toBe(600);
    expect(targetSeconds([], 600)).toBe(600);
  });
});
