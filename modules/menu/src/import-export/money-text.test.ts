import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMinor, parseMajor } from './money-text.js';

describe('currencyExponent', () => {
  it('knows the usual minor units and falls back to 2', () => {
    expect(currencyExponent('INR')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('nope')).toBe(2);
  });
});

describe('formatMinor / parseMajor', () => {
  it('formats minor units with the exponent', () => {
    expect(formatMinor(34900, 2)).toBe('349.00');
    expect(formatMinor(5, 2)).toBe('0.05');
    expect(formatMinor(0, 2)).toBe('0.00');
    expect(formatMinor(1500, 0)).toBe('1500');
    expect(formatMinor(1234, 3)).toBe('1.234');
  });

  it('parses what people type', () => {
    expect(parseMajor('349.00', 2)).toEqual({ ok: true, minor: 34900 });
    expect(parseMajor('349', 2)).toEqual({ ok: true, minor: 34900 });
    expect(parseMajor('349.5', 2)).toEqual({ ok: true, minor: 34950 });
    expect(parseMajor(' 0.05 ', 2)).toEqual({ ok: true, minor: 5 });
    expect(parseMajor('.5', 2)).toEqual({ ok: true, minor: 50 });
    expect(parseMajor('1500', 0)).toEqual({ ok: true, minor: 1500 });
  });

  it('refuses negatives, extra decimals and non-numbers', () => {
    expect(parseMajor('-1.00', 2)).toMatchObject({ ok: false, message: 'must not be negative' });
    expect(parseMajor('1.005', 2)).toMatchObject({ ok: false, message: 'at most 2 decimal places' });
    expect(parseMajor('1.5', 0)).toMatchObject({ ok: false });
    for (const bad of ['', 'abc', '1,000.00', '1e3', '+1', '₹349', '1.2.3', '.']) {
      expect(parseMajor(bad, 2).ok, bad).toBe(false);
    }
  });

  it('round-trips every amount exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 0, max: 3 }),
        (minor, exp) => {
          expect(parseMajor(formatMinor(minor, exp), exp)).toEqual({ ok: true, minor });
        },
      ),
    );
  });
});
