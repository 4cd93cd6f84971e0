import { DomainError } from '@brigade/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashIncrement, checkoutTotal, currencyExponent, percentOf, roundCash, tipOptions } from './money.js';

const amount = fc.integer({ min: 0, max: 1_000_000_000_000 });
const bps = fc.integer({ min: 0, max: 100_000 });

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  throw new Error('expected a DomainError');
};

describe('currency exponents', () => {
  it('follows ISO 4217, including where the runtime’s display data differs', () => {
    expect(
      Object.fromEntries(
        [
          'JPY',
          'KRW',
          'EUR',
          'INR',
          'USD',
          'CHF',
          'KWD',
          'BHD',
          'OMR',
          'ISK',
          'HUF',
          'IDR',
          'IQD',
          'MGA',
          'PKR',
        ].map((currency) => [currency, currencyExponent(currency)]),
      ),
    ).toEqual({
      JPY: 0,
      KRW: 0,
      EUR: 2,
      INR: 2,
      USD: 2,
      CHF: 2,
      KWD: 3,
      BHD: 3,
      OMR: 3,
      ISK: 0,
      HUF: 2,
      IDR: 2,
      IQD: 3,
      MGA: 2,
      PKR: 2,
    });
  });

  it('refuses what is not an ISO currency code', () => {
    for (const currency of ['eur', 'EURO', 'XYZ', ''])
      expect(code(() => currencyExponent(currency))).toBe('currency_invalid');
  });
});

describe('percentOf', () => {
  it('is the exact percentage rounded half away from zero', () => {
    expect(percentOf(1000, 1250)).toBe(125);
    expect(percentOf(5, 1000)).toBe(1); // 0.5 → 1
    expect(percentOf(4, 1000)).toBe(0); // 0.4 → 0
    expect(percentOf(15, 1000)).toBe(2); // 1.5 → 2
    expect(percentOf(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('is within half a minor unit of the exact value, and monotone in the rate', () => {
    fc.assert(
      fc.property(amount, bps, bps, (base, a, b) => {
        const exact = (BigInt(base) * BigInt(a) * 2n) / 10_000n; // twice the exact value, floored
        const result = BigInt(percentOf(base, a));
        // |2·result − 2·exact| ≤ 1 (up to the flooring of the reference)
        expect(2n * result - exact).toBeGreaterThanOrEqual(-1n);
        expect(2n * result - exact).toBeLessThanOrEqual(2n);
        if (a <= b) expect(percentOf(base, a)).toBeLessThanOrEqual(percentOf(base, b));
      }),
    );
  });

  it('takes 100 % as the amount itself and 0 % as nothing', () => {
    fc.assert(
      fc.property(amount, (base) => {
        expect(percentOf(base, 10_000)).toBe(base);
        expect(percentOf(base, 0)).toBe(0);
      }),
    );
  });
});

describe('cash rounding', () => {
  it('rounds to the currency’s smallest coin, halves up', () => {
    expect(cashIncrement('CHF')).toBe(5);
    expect(roundCash(1232, 5)).toEqual({ amount: 1230, adjustment: -2 });
    expect(roundCash(1233, 5)).toEqual({ amount: 1235, adjustment: 2 });
    expect(roundCash(1225, 50)).toEqual({ amount: 1250, adjustment: 25 });
    expect(roundCash(12_349, cashIncrement('SEK'))).toEqual({ amount: 12_300, adjustment: -49 });
    expect(cashIncrement('EUR')).toBe(1);
    expect(cashIncrement('EUR', { EUR: 5 })).toBe(5);
    expect(code(() => cashIncrement('EUR', { EUR: 0 }))).toBe('amount_invalid');
  });

  it('lands on a multiple of the increment, at most half an increment away, and is idempotent', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 1, max: 1000 }), (value, increment) => {
        const { amount: rounded, adjustment } = roundCash(value, increment);
        expect(rounded % increment).toBe(0);
        expect(rounded - value).toBe(adjustment);
        expect(2 * Math.abs(adjustment)).toBeLessThanOrEqual(increment);
        expect(roundCash(rounded, increment)).toEqual({ amount: rounded, adjustment: 0 });
      }),
    );
  });
});

describe('tips and service charge', () => {
  it('offers presets as percentages of the pre-tip total, in whole minor units', () => {
    expect(tipOptions(4_350, [1000, 1500, 2000])).toEqual([
      { percent_bps: 1000, amount: 435 },
      { percent_bps: 1500, amount: 653 },
      { percent_bps: 2000, amount: 870 },
    ]);
  });

  it('adds service charge (and its tax when taxable) before the tip, and the parts add up exactly', () => {
    expect(
      checkoutTotal({
        order_total: 10_000,
        service_charge: { rate_bps: 1000, taxable: true, tax_rate_bps: 500 },
        tip: { percent_bps: 1000 },
      }),
    ).toEqual({
      order_total: 10_000,
      service_charge: 1000,
      service_charge_tax: 50,
      pre_tip_total: 11_050,
      tip: 1105,
      total: 12_155,
    });
    expect(
      checkoutTotal({
        order_total: 10_000,
        service_charge: { rate_bps: 1250, taxable: false, tax_rate_bps: 500 },
        tip: { amount: 300 },
      }),
    ).toMatchObject({ service_charge: 1250, service_charge_tax: 0, tip: 300, total: 11_550 });
    expect(checkoutTotal({ order_total: 999 })).toMatchObject({ service_charge: 0, tip: 0, total: 999 });
    expect(code(() => checkoutTotal({ order_total: 1000, tip: { amount: -1 } }))).toBe('amount_invalid');
    expect(code(() => checkoutTotal({ order_total: 10.5 }))).toBe('amount_invalid');
  });

  it('always sums exactly, and a preset tip is the preset’s percentage of the pre-tip total', () => {
    const rule = fc.record({
      rate_bps: fc.integer({ min: 0, max: 3000 }),
      taxable: fc.boolean(),
      tax_rate_bps: fc.integer({ min: 0, max: 3000 }),
    });
    const tip = fc.oneof(
      fc.record({ percent_bps: fc.integer({ min: 0, max: 5000 }) }),
      fc.record({ amount: fc.integer({ min: 0, max: 1_000_000 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.option(rule, { nil: undefined }),
        fc.option(tip, { nil: undefined }),
        (total, serviceCharge, choice) => {
          const breakdown = checkoutTotal({ order_total: total, service_charge: serviceCharge, tip: choice });
          expect(breakdown.total).toBe(
            breakdown.order_total + breakdown.service_charge + breakdown.service_charge_tax + breakdown.tip,
          );
          expect(breakdown.pre_tip_total).toBe(breakdown.total - breakdown.tip);
          if (!serviceCharge?.taxable) expect(breakdown.service_charge_tax).toBe(0);
          if (choice && 'percent_bps' in choice) {
            expect(breakdown.tip).toBe(percentOf(breakdown.pre_tip_total, choice.percent_bps));
          }
          for (const part of Object.values(breakdown))
            expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
        },
      ),
    );
  });
});
