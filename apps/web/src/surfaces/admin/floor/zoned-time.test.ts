import { describe, expect, it } from 'vitest';
import { fromZoned, toZoned } from './zoned-time.js';

describe("the restaurant's clock", () => {
  it('reads a booking time in the restaurant’s zone, not the browser’s', () => {
    expect(fromZoned('2026-11-23', '19:30', 'Asia/Kolkata')).toBe('2026-11-23T14:00:00.000Z');
    expect(fromZoned('2026-07-01', '20:00', 'Europe/Madrid')).toBe('2026-07-01T18:00:00.000Z');
    expect(fromZoned('2026-01-15', '20:00', 'Europe/Madrid')).toBe('2026-01-15T19:00:00.000Z');
    expect(fromZoned('2026-11-23', '00:15', 'America/New_York')).toBe('2026-11-23T05:15:00.000Z');
  });

  it('round-trips with toZoned, across a day boundary', () => {
    expect(toZoned('2026-11-23T20:00:00.000Z', 'Asia/Kolkata')).toEqual({
      date: '2026-11-24',
      time: '01:30',
    });
    const iso = fromZoned('2026-03-29', '12:45', 'Europe/London')!;
    expect(toZoned(iso, 'Europe/London')).toEqual({ date: '2026-03-29', time: '12:45' });
  });

  it('moves a time skipped by DST forward and refuses what is not a date or time', () => {
    expect(toZoned(fromZoned('2026-03-08', '02:30', 'America/New_York')!, 'America/New_York').time).toBe(
      '03:30',
    );
    expect(fromZoned('2026-02-30', '10:00', 'UTC')).toBeNull();
    expect(fromZoned('2026-02-10', '24:00', 'UTC')).toBeNull();
    expect(fromZoned('', '10:00', 'UTC')).toBeNull();
  });
});
