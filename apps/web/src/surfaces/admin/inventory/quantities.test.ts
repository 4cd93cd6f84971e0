import { describe, expect, it } from 'vitest';
import {
  formatPercent,
  formatQuantity,
  moneyInput,
  parseMoney,
  parseNumber,
  unitsLike,
} from './quantities.js';

describe('inventory quantities', () => {
  it('reads numbers typed with a point or a comma and refuses anything else', () => {
    expect(parseNumber('1.5')).toBe(1.5);
    expect(parseNumber(' 2,25 ')).toBe(2.25);
    expect(parseNumber('-20')).toBe(-20);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1e3')).toBeNull();
    expect(parseNumber('12 kg')).toBeNull();
  });

  it('turns major-unit amounts into whole minor units of the currency', () => {
    expect(parseMoney('400', 'INR')).toBe(40000);
    expect(parseMoney('400.5', 'INR')).toBe(40050);
    expect(parseMoney('0.07', 'INR')).toBe(7);
    expect(parseMoney('1200', 'JPY')).toBe(1200);
    expect(parseMoney('1.5', 'JPY')).toBeNull();
    expect(parseMoney('4.005', 'INR')).toBeNull();
    expect(parseMoney('-1', 'INR')).toBeNull();
    expect(moneyInput(40050, 'INR')).toBe('400.50');
    expect(parseMoney(moneyInput(123456, 'INR'), 'INR')).toBe(123456);
  });

  it('offers only the units of the same dimension', () => {
    expect(unitsLike('kg')).toEqual(['g', 'kg']);
    expect(unitsLike('ml')).toEqual(['ml', 'l']);
    expect(unitsLike('piece')).toEqual(['piece']);
  });

  it('formats quantities and percentages for the locale', () => {
    expect(formatQuantity(1.2345, 'kg', 'en')).toBe('1.235 kg');
    expect(formatQuantity(1500, 'g', 'es')).toBe('1500 g');
    expect(formatPercent(31.456, 'en')).toBe('31.46 %');
    expect(formatPercent(null, 'en')).toBe('—');
  });
});
