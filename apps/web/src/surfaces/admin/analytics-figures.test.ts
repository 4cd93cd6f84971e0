import { describe, expect, it } from 'vitest';
import { barShares, changeFrom, peakHour } from './analytics-figures.js';

const hours = (sales: number[]) =>
  sales.map((value, hour) => ({ hour, orders: value > 0 ? 1 : 0, sales: value }));

describe('dashboard figures', () => {
  it('compares with a week before, and not with nothing', () => {
    expect(changeFrom(1250, 1000)).toBe(0.25);
    expect(changeFrom(500, 1000)).toBe(-0.5);
    expect(changeFrom(500, 0)).toBeNull();
  });

  it('finds the peak hour, the earliest of equals, none on an empty day', () => {
    expect(peakHour(hours([0, 300, 900, 900]))).toEqual({ hour: 2, orders: 1, sales: 900 });
    expect(peakHour(hours([0, 0]))).toBeNull();
  });

  it('scales bars to the busiest hour', () => {
    expect(barShares(hours([0, 250, 1000]))).toEqual([0, 0.25, 1]);
    expect(barShares(hours([0, 0]))).toEqual([0, 0]);
  });
});
