import { describe, expect, it } from 'vitest';
import { daysBefore, periodOf, startOfDay } from './period.js';

describe('report periods in the restaurant time zone', () => {
  it('starts a business day at local midnight', () => {
    expect(startOfDay('2026-11-23', 'Asia/Kolkata')).toBe('2026-11-22T18:30:00.000Z');
    expect(startOfDay('2026-11-23', 'UTC')).toBe('2026-11-23T00:00:00.000Z');
    expect(startOfDay('2026-07-01', 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
    // The day Europe/Madrid moves its clocks forward still starts at its midnight (UTC+1).
    expect(startOfDay('2026-03-29', 'Europe/Madrid')).toBe('2026-03-28T23:00:00.000Z');
  });

  it('counts days back across months and covers the last day whole', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2026-11-23', 6)).toBe('2026-11-17');
    expect(periodOf('2026-11-17', '2026-11-23', 'Asia/Kolkata')).toEqual({
      from: '2026-11-16T18:30:00.000Z',
      to: '2026-11-23T18:30:00.000Z',
    });
  });
});
