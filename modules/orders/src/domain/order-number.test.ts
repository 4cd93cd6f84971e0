import { describe, expect, it } from 'vitest';
import { formatOrderNumber, looksLikeOrderNumber } from './order-number.js';

describe('order numbers', () => {
  it('are the business date and the day’s sequence, padded to three digits, growing past 999', () => {
    expect(formatOrderNumber('2024-12-16', 1)).toBe('ORD_20241216_001');
    expect(formatOrderNumber('2024-12-16', 42)).toBe('ORD_20241216_042');
    expect(formatOrderNumber('2024-12-16', 999)).toBe('ORD_20241216_999');
    expect(formatOrderNumber('2024-12-16', 1000)).toBe('ORD_20241216_1000');
  });

  it('are told apart from ids', () => {
    expect(looksLikeOrderNumber('ORD_20241216_001')).toBe(true);
    expect(looksLikeOrderNumber('ORD_20241216_1000')).toBe(true);
    expect(looksLikeOrderNumber('0190a0a0-0000-7000-8000-00000000a001')).toBe(false);
    expect(looksLikeOrderNumber('ORD_2024121_001')).toBe(false);
  });
});
