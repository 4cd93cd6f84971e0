import { describe, expect, it } from 'vitest';
import { parseMoney, quickTenders, toMajorText } from './money.js';

describe('money typed at the till', () => {
  it('reads whole and decimal amounts with a dot or a comma as the decimal mark', () => {
    expect(parseMoney('500', 'INR')).toBe(50_000);
    expect(parseMoney('12.5', 'INR')).toBe(1_250);
    expect(parseMoney('12,50', 'EUR')).toBe(1_250);
    expect(parseMoney(' 1,234.56 ', 'INR')).toBe(123_456);
    expect(parseMoney('1.234,56', 'EUR')).toBe(123_456);
    expect(parseMoney('1,000', 'INR')).toBe(100_000);
  });

  it('follows the currency: no decimals for yen, three for dinars', () => {
    expect(parseMoney('1500', 'JPY')).toBe(1_500);
    expect(parseMoney('1.5', 'JPY')).toBeNull();
    expect(parseMoney('2.125', 'BHD')).toBe(2_125);
  });

  it('refuses what is not an amount', () => {
    for (const text of ['', 'abc', '-5', '12.3456', '1.2.3x', '.5'])
      expect(parseMoney(text, 'INR')).toBeNull();
  });

  it('shows minor units as a plain amount to edit', () => {
    expect(toMajorText(123_450, 'INR')).toBe('1234.50');
    expect(toMajorText(1_500, 'JPY')).toBe('1500');
    expect(parseMoney(toMajorText(98_765, 'INR'), 'INR')).toBe(98_765);
  });

  it('offers the exact sum and the next round notes', () => {
    expect(quickTenders(41_300, 'INR')).toEqual([41_300, 42_000, 45_000, 50_000]);
    expect(quickTenders(50_000, 'INR')).toEqual([50_000, 200_000]);
    expect(quickTenders(1_234, 'JPY')).toEqual([1_234, 1_240, 1_250, 1_300]);
  });
});
