import { describe, expect, it } from 'vitest';
import { lowStockTransition, suggestedOrder } from './alerts.js';
import { needsFor, portionsAvailable } from './recipes.js';
import { fromBase, toBase, valueAt } from './units.js';

describe('units', () => {
  it('converts within a dimension and refuses across', () => {
    expect(toBase(2.5, 'kg', 'g')).toBe(2500);
    expect(toBase(250, 'g', 'kg')).toBe(250);
    expect(toBase(1.2, 'l', 'ml')).toBe(1200);
    expect(toBase(3, 'piece', 'piece')).toBe(3);
    expect(toBase(1, 'kg', 'ml')).toBeNull();
    expect(toBase(1, 'piece', 'g')).toBeNull();
    expect(fromBase(2500, 'kg')).toBe(2.5);
  });

  it('values base quantities at a cost per unit, in whole minor units', () => {
    expect(valueAt(250, 40000, 'kg')).toBe(10000); // 250 g at 400.00/kg = 100.00
    expect(valueAt(-1, 1, 'kg')).toBe(0);
    expect(valueAt(-1500, 999, 'kg')).toBe(-1499);
  });
});

describe('recipes', () => {
  const cheese = 'c';
  const onion = 'o';
  const bun = 'b';
  const base = [
    { ingredient_id: bun, quantity: 1, yield_pct: 100 },
    { ingredient_id: onion, quantity: 20, yield_pct: 80 },
    { ingredient_id: cheese, quantity: 30, yield_pct: 100 },
  ];

  it('adds options, removes with negative ones, never below zero, scales by portions', () => {
    const extraCheese = [{ ingredient_id: cheese, quantity: 30, yield_pct: 100 }];
    const noOnion = [{ ingredient_id: onion, quantity: -20, yield_pct: 80 }];
    const needs = needsFor({ item: base, variant: null, options: [extraCheese, noOnion] }, 2);
    expect(Object.fromEntries(needs)).toEqual({ b: 2, c: 120 });
    expect(needsFor({ item: base, variant: null, options: [] }, 1).get(onion)).toBe(25);
  });

  it('a variant recipe replaces the item recipe', () => {
    const large = [{ ingredient_id: cheese, quantity: 50, yield_pct: 100 }];
    expect(Object.fromEntries(needsFor({ item: base, variant: large, options: [] }, 1))).toEqual({ c: 50 });
  });

  it('counts portions the levels allow', () => {
    expect(
      portionsAvailable(
        base,
        new Map([
          [bun, 10],
          [onion, 100],
          [cheese, 95],
        ]),
      ),
    ).toBe(3);
    expect(
      portionsAvailable(
        base,
        new Map([
          [bun, 10],
          [onion, 24],
          [cheese, 95],
        ]),
      ),
    ).toBe(0);
    expect(portionsAvailable([], new Map())).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('alerts', () => {
  it('fires once per crossing and re-arms above the point', () => {
    expect(lowStockTransition(false, 5, 5)).toEqual({ low: true, crossed: true });
    expect(lowStockTransition(true, 3, 5)).toEqual({ low: true, crossed: false });
    expect(lowStockTransition(true, 6, 5)).toEqual({ low: false, crossed: false });
    expect(lowStockTransition(false, 0, 0)).toEqual({ low: false, crossed: false });
  });

  it('suggests up to par, covering the lead time', () => {
    expect(suggestedOrder({ level: 2, reorderPoint: 5, parLevel: 20, dailyUsage: 1, leadTimeDays: 2 })).toBe(
      18,
    );
    expect(suggestedOrder({ level: 2, reorderPoint: 5, parLevel: 0, dailyUsage: 4, leadTimeDays: 3 })).toBe(
      15,
    );
    expect(suggestedOrder({ level: 30, reorderPoint: 5, parLevel: 20, dailyUsage: 0, leadTimeDays: 1 })).toBe(
      0,
    );
  });
});
