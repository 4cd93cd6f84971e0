import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, computeTotals, taxOf } from './totals.js';

/**
 * Issue 6 point 10: for random orders, line totals + tax − discounts = order total exactly, in
 * currencies with 0, 2 and 3 decimals (the arithmetic is in minor units whatever the decimals:
 * what changes is the size of the amounts — yen ~10³, euros ~10⁴, dinars ~10⁵ per item).
 */
const scales = { JPY: 1, EUR: 100, KWD: 1000 } as const;

const orderOf = (scale: number) =>
  fc.record({
    lines: fc.array(
      fc.record({
        unit: fc.integer({ min: 0, max: 500 * scale }),
        quantity: fc.integer({ min: 1, max: 99 }),
        tax_rate_bps: fc.oneof(
          fc.constantFrom(0, 500, 1000, 1800, 2000),
          fc.integer({ min: 0, max: 10_000 }),
        ),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    discounts: fc.array(
      fc.record({
        // Some larger than the whole order.
        amount: fc.oneof(
          fc.integer({ min: 0, max: 100 * scale }),
          fc.integer({ min: 0, max: 10_000_000 * scale }),
        ),
        line_indexes: fc.option(fc.array(fc.integer({ min: -2, max: 35 }), { maxLength: 5 }), {
          nil: undefined,
        }),
      }),
      { maxLength: 4 },
    ),
    prices_include_tax: fc.boolean(),
  });

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('order totals (properties)', () => {
  for (const [currency, scale] of Object.entries(scales)) {
    it(`${currency}: Σ line totals = subtotal − discounts (+ tax when added) = total, exactly`, () => {
      fc.assert(
        fc.property(orderOf(scale), (order) => {
          const lines = order.lines.map((line) => ({
            subtotal: line.unit * line.quantity,
            tax_rate_bps: line.tax_rate_bps,
          }));
          const totals = computeTotals({
            lines,
            discounts: order.discounts,
            prices_include_tax: order.prices_include_tax,
          });
          expect(totals.subtotal).toBe(sum(lines.map((line) => line.subtotal)));
          expect(totals.total).toBe(sum(totals.lines.map((line) => line.total)));
          expect(totals.discount_total).toBe(sum(totals.lines.map((line) => line.discount)));
          expect(totals.discount_total).toBe(sum(totals.discounts));
          expect(totals.tax_total).toBe(sum(totals.lines.map((line) => line.tax)));
          const addedTax = order.prices_include_tax ? 0 : totals.tax_total;
          expect(totals.total).toBe(totals.subtotal - totals.discount_total + addedTax);
          // Discounts never exceed what they apply to, nor make anything negative.
          expect(totals.discount_total).toBeLessThanOrEqual(totals.subtotal);
          totals.lines.forEach((line, index) => {
            expect(Number.isInteger(line.tax) && Number.isInteger(line.total)).toBe(true);
            expect(line.discount).toBeGreaterThanOrEqual(0);
            expect(line.discount).toBeLessThanOrEqual(lines[index]!.subtotal);
            expect(line.tax).toBeGreaterThanOrEqual(0);
            expect(line.total).toBeGreaterThanOrEqual(0);
            // Inclusive tax sits inside the taxable amount.
            if (order.prices_include_tax)
              expect(line.tax).toBeLessThanOrEqual(lines[index]!.subtotal - line.discount);
          });
          // A discount within the order is granted whole.
          const room = totals.subtotal;
          if (order.discounts.length === 1 && order.discounts[0]!.line_indexes === undefined) {
            expect(totals.discount_total).toBe(Math.min(order.discounts[0]!.amount, room));
          }
        }),
        { numRuns: 500 },
      );
    });
  }

  it('allocate splits any amount over any weights into parts that add up exactly, each within one of its share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 }),
        (amount, weights) => {
          const parts = allocate(amount, weights);
          const total = sum(weights);
          if (total === 0) {
            expect(parts.every((part) => part === 0)).toBe(true);
            return;
          }
          expect(sum(parts)).toBe(amount);
          parts.forEach((part, index) => {
            expect(Number.isInteger(part)).toBe(true);
            expect(Math.abs(part - (amount * weights[index]!) / total)).toBeLessThan(1);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('taxOf rounds half away from zero: added tax on x, and the tax inside x + tax, agree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, rate) => {
          const added = taxOf(amount, rate, false);
          expect(Math.abs(added - (amount * rate) / 10_000)).toBeLessThanOrEqual(0.5);
          const inside = taxOf(amount, rate, true);
          expect(Math.abs(inside - (amount * rate) / (10_000 + rate))).toBeLessThanOrEqual(0.5);
          expect(inside).toBeLessThanOrEqual(amount);
        },
      ),
      { numRuns: 1000 },
    );
    expect(taxOf(10, 500, false)).toBe(1); // 0.5 → 1
    expect(taxOf(9, 500, false)).toBe(0); // 0.45 → 0
    expect(taxOf(105, 500, true)).toBe(5);
  });

  it('a discount naming a line twice counts that line’s room once', () => {
    const totals = computeTotals({
      lines: [
        { subtotal: 0, tax_rate_bps: 0 },
        { subtotal: 1, tax_rate_bps: 0 },
      ],
      discounts: [{ amount: 2, line_indexes: [1, 1] }],
      prices_include_tax: false,
    });
    expect(totals).toMatchObject({ discount_total: 1, total: 0, discounts: [1] });
    expect(totals.lines[1]).toEqual({ discount: 1, tax: 0, total: 0 });
  });
});
