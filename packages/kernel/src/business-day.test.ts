import { describe, expect, it } from 'vitest';
import { businessDate, businessDayBounds } from './business-day.js';

describe('business day bounds', () => {
  it('starts at local midnight: Kolkata is UTC+5:30', () => {
    const { from, to } = businessDayBounds('2026-11-23', 'Asia/Kolkata');
    expect(from.toISOString()).toBe('2026-11-22T18:30:00.000Z');
    expect(to.toISOString()).toBe('2026-11-23T18:30:00.000Z');
  });

  it('is 23 hours long on the day clocks go forward (Paris, 29 March 2026)', () => {
    const { from, to } = businessDayBounds('2026-03-29', 'Europe/Paris');
    expect(from.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(to.toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('is the UTC day in UTC', () => {
    const { from, to } = businessDayBounds('2026-01-01', 'UTC');
    expect(from.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(to.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });
});

describe('business date', () => {
  it('is the local calendar day: 20:00 UTC is already tomorrow in Kolkata', () => {
    expect(businessDate(new Date('2026-11-22T20:00:00Z'), 'Asia/Kolkata')).toBe('2026-11-23');
    expect(businessDate(new Date('2026-11-22T20:00:00Z'), 'America/New_York')).toBe('2026-11-22');
  });
});
