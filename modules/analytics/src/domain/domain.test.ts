import { describe, expect, it } from 'vitest';
import { addDays, daysFrom } from './calendar.js';
import { averageTicket, everyHour } from './figures.js';

describe('calendar', () => {
  it('moves across months, leap days and years', () => {
    expect(addDays('2026-11-23', -7)).toBe('2026-11-16');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('lists the days of a range, both ends included', () => {
    expect(daysFrom('2026-03-28', '2026-03-30')).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(daysFrom('2026-03-28', '2026-03-28')).toEqual(['2026-03-28']);
    expect(daysFrom('2026-03-29', '2026-03-28')).toEqual([]);
  });
});

describe('figures', () => {
  it('averages a ticket half up, and is 0 without orders', () => {
    expect(averageTicket(1000, 3)).toBe(333);
    expect(averageTicket(1001, 2)).toBe(501);
    expect(averageTicket(0, 0)).toBe(0);
  });

  it('fills the 24 hours of a day', () => {
    const hours = everyHour([{ hour: 13, orders: 2, sales: 900 }]);
    expect(hours).toHaveLength(24);
    expect(hours[13]).toEqual({ hour: 13, orders: 2, sales: 900 });
    expect(hours[0]).toEqual({ hour: 0, orders: 0, sales: 0 });
  });
});
