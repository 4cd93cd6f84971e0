import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isProblem,
  type SplitLine,
  splitByAmounts,
  splitByItems,
  splitBySeat,
  splitEvenly,
} from './split.js';

const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

const linesArb = fc
  .array(
    fc.record({
      total: fc.integer({ min: 0, max: 5_000_000 }),
      seat: fc.option(fc.integer({ min: 1, max: 6 })),
    }),
    {
      minLength: 1,
      maxLength: 12,
    },
  )
  .map((lines) =>
    lines.map((line, index): SplitLine => ({ line_id: id(index), name: `L${index}`, ...line })),
  );

describe('splitting a check', () => {
  it('even splits add up exactly and differ by at most one minor unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 2, max: 50 }), (due, parts) => {
        const amounts = splitEvenly(due, parts).map((part) => part.amount);
        expect(sum(amounts)).toBe(due);
        expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('by item (any fractions) and by seat, parts add up to the lines plus the extra, exactly', () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 7 })), { minLength: 1, maxLength: 8 }),
        (lines, extra, picks) => {
          const total = sum(lines.map((line) => line.total)) + extra;
          // Each pick takes 1/denominator of a line, for its own part; over-claims are refused.
          const claims = picks.map(([line, denominator]) => ({
            items: [{ line_id: lines[line % lines.length]!.line_id, numerator: 1, denominator }],
          }));
          const byItem = splitByItems(lines, claims, extra);
          if (!isProblem(byItem)) expect(sum(byItem.map((part) => part.amount))).toBe(total);
          const bySeat = splitBySeat(lines, extra);
          if (isProblem(bySeat)) expect(lines.every((line) => line.seat === null)).toBe(true);
          else expect(sum(bySeat.map((part) => part.amount))).toBe(total);
        },
      ),
    );
  });

  it('refuses shares over a whole line, unknown lines and amounts that do not add up', () => {
    const lines: SplitLine[] = [{ line_id: id(1), name: 'Tikka', seat: null, total: 900 }];
    const over = splitByItems(
      lines,
      [
        { items: [{ line_id: id(1), numerator: 2, denominator: 3 }] },
        { items: [{ line_id: id(1), numerator: 1, denominator: 2 }] },
      ],
      0,
    );
    expect(isProblem(over)).toBe(true);
    expect(
      isProblem(splitByItems(lines, [{ items: [{ line_id: id(2), numerator: 1, denominator: 1 }] }], 0)),
    ).toBe(true);
    expect(isProblem(splitByAmounts(900, [400, 400]))).toBe(true);
    const free: SplitLine[] = [
      { line_id: id(3), name: 'Water', seat: 1, total: 0 },
      { line_id: id(4), name: 'Bread', seat: 2, total: 0 },
    ];
    expect(splitBySeat(free, 101)).toMatchObject([{ amount: 51 }, { amount: 50 }]);
    expect(splitByItems(lines, [{ items: [{ line_id: id(1), numerator: 1, denominator: 3 }] }], 0)).toEqual([
      {
        label: 'Part 1',
        amount: 300,
        items: [{ line_id: id(1), name: 'Tikka', numerator: 1, denominator: 3, amount: 300 }],
      },
      {
        label: 'Rest',
        amount: 600,
        items: [{ line_id: id(1), name: 'Tikka', numerator: 2, denominator: 3, amount: 600 }],
      },
    ]);
  });
});
