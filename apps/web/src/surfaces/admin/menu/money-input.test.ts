import { describe, expect, it } from 'vitest';
import { moneyText, parseMoney } from './money-input.js';

describe('price inputs', () => {
  it('reads major units into minor units with the currency’s decimals', () => {
    expect(parseMoney('349', 'INR')).toBe(34900);
    expect(parseMoney('349.5', 'INR')).toBe(34950);
    expect(parseMoney(' 349,05 ', 'INR')).toBe(34905);
    expect(parseMoney('0', 'INR')).toBe(0);
    expect(parseMoney('1200', 'JPY')).toBe(1200);
    expect(parseMoney('1.250', 'BHD')).toBe(1250);
  });

  it('refuses what is not a price', () => {
    for (const text of ['', 'abc', '-5', '3.999', '1.5.0', '12 00', '10000000.01']) {
      expect(parseMoney(text, 'INR'), text).toBeNull();
    }
    expect(parseMoney('12.5', 'JPY')).toBeNull();
  });

  it('shows minor units as an editable amount that reads back the same', () => {
    expect(moneyText(34900, 'INR')).toBe('349.00');
    expect(moneyText(1200, 'JPY')).toBe('1200');
    for (const minor of [0, 1, 99, 34950, 1_000_000_000]) {
      expect(parseMoney(moneyText(minor, 'INR'), 'INR')).toBe(minor);
    }
  });
});
