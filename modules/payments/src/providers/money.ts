/**
 * Money rules of the payment step, pure and exact in integer minor units (DESIGN.md §9):
 * currency exponents, cash rounding, tips and service charge. Percentages are basis points
 * (1250 = 12.5 %), so nothing here touches floating point.
 */
import { isCurrencyCode } from '@brigade/kernel';
import { providerErrors as fail } from './errors.js';

/**
 * ISO 4217 minor units where the runtime's CLDR data (which describes how amounts are usually
 * *displayed*) says otherwise: CLDR drops decimals nobody writes (HUF, IDR, PKR, COP …), but
 * amounts, providers and receipts follow ISO.
 */
const isoExponentOverrides: Readonly<Record<string, number>> = {
  AFN: 2,
  ALL: 2,
  COP: 2,
  HUF: 2,
  IDR: 2,
  IQD: 3,
  IRR: 2,
  KPW: 2,
  LAK: 2,
  LBP: 2,
  MGA: 2,
  MMK: 2,
  PKR: 2,
  RSD: 2,
  SLL: 2,
  SOS: 2,
  SYP: 2,
  YER: 2,
};

/** `currency` as an ISO 4217 code the runtime knows, or a `currency_invalid` error. */
export function assertCurrency(currency: string): string {
  if (!isCurrencyCode(currency)) {
    throw fail('currency_invalid', `Not an ISO 4217 currency code: ${currency}`, { details: { currency } });
  }
  return currency;
}

/** Decimal places of the currency's minor unit: JPY 0, EUR/INR/USD 2, KWD/BHD 3. */
export function currencyExponent(currency: string): number {
  assertCurrency(currency);
  const override = isoExponentOverrides[currency];
  if (override !== undefined) return override;
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** A whole number of minor units, > 0 (or ≥ 0 with allowZero); `amount_invalid` otherwise. */
export function assertAmount(
  amount: number,
  field = 'amount',
  options: { allowZero?: boolean } = {},
): number {
  const ok = Number.isSafeInteger(amount) && (options.allowZero ? amount >= 0 : amount > 0);
  if (!ok) {
    throw fail(
      'amount_invalid',
      `${field} must be a whole number of minor units${options.allowZero ? '' : ' above 0'}`,
      {
        errors: [{ field, message: 'not a positive whole number of minor units' }],
        details: { [field]: amount },
      },
    );
  }
  return amount;
}

/** `numerator / denominator` rounded half away from zero, exactly (BigInt: no overflow). */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator - quotient * denominator;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  if (twice < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/** `rateBps` basis points of `amount`, rounded half away from zero to a whole minor unit. */
export function percentOf(amount: number, rateBps: number): number {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(rateBps) || rateBps < 0) {
    throw fail('amount_invalid', 'percentages are whole basis points of whole minor units', {
      details: { amount, rate_bps: rateBps },
    });
  }
  return Number(divideRounded(BigInt(amount) * BigInt(rateBps), 10_000n));
}

/**
 * The smallest coin, in minor units, where a currency's cash payments are rounded (Swiss 5 Rappen,
 * Swedish and Norwegian whole kronor, Canadian and Australian 5 cents …). Only where the rule is
 * national; euro cash rounding differs by country (NL, BE, FI, IE, IT round to 5 cents), so a
 * restaurant sets it in its settings and passes it as an override.
 */
export const defaultCashIncrements: Readonly<Record<string, number>> = {
  AUD: 5,
  CAD: 5,
  CHF: 5,
  CZK: 100,
  DKK: 50,
  HUF: 500,
  NOK: 100,
  NZD: 10,
  SEK: 100,
};

export function cashIncrement(currency: string, overrides: Readonly<Record<string, number>> = {}): number {
  assertCurrency(currency);
  const increment = overrides[currency] ?? defaultCashIncrements[currency] ?? 1;
  if (!Number.isSafeInteger(increment) || increment < 1) {
    throw fail('amount_invalid', `cash rounding increment for ${currency} must be a whole number ≥ 1`, {
      details: { currency, increment },
    });
  }
  return increment;
}

/**
 * Rounds an amount due in cash to the nearest multiple of `increment`, halves away from zero
 * (CHF 12.325 → 12.35). `adjustment` is what rounding added (negative when it took off).
 */
export function roundCash(amount: number, increment: number): { amount: number; adjustment: number } {
  assertAmount(amount, 'amount', { allowZero: true });
  if (!Number.isSafeInteger(increment) || increment < 1) {
    throw fail('amount_invalid', 'a cash rounding increment is a whole number of minor units ≥ 1', {
      details: { increment },
    });
  }
  const rounded = Number(divideRounded(BigInt(amount), BigInt(increment)) * BigInt(increment));
  return { amount: rounded, adjustment: rounded - amount };
}

export interface TipOption {
  percent_bps: number;
  amount: number;
}

/** The preset tips offered on a pre-tip total, each rounded to a whole minor unit. */
export function tipOptions(preTipTotal: number, presetsBps: readonly number[]): TipOption[] {
  assertAmount(preTipTotal, 'pre_tip_total', { allowZero: true });
  return presetsBps.map((percent_bps) => ({ percent_bps, amount: percentOf(preTipTotal, percent_bps) }));
}

export interface ServiceChargeRule {
  rate_bps: number;
  /** Whether tax is charged on the service charge (it is in some countries, not in others). */
  taxable: boolean;
  /** The tax rate on a taxable service charge; the charge is added on top, so tax is exclusive. */
  tax_rate_bps?: number;
}

export type TipChoice = { percent_bps: number } | { amount: number };

export interface CheckoutBreakdown {
  order_total: number;
  service_charge: number;
  service_charge_tax: number;
  /** order_total + service charge + its tax: what tip percentages are taken of. */
  pre_tip_total: number;
  tip: number;
  total: number;
}

/**
 * What the guest pays: the order's total, the service charge (and its tax when taxable), then
 * the tip — a preset percentage of the pre-tip total or a custom amount. Exact:
 * total = order_total + service_charge + service_charge_tax + tip.
 */
export function checkoutTotal(input: {
  order_total: number;
  service_charge?: ServiceChargeRule | undefined;
  tip?: TipChoice | undefined;
}): CheckoutBreakdown {
  const orderTotal = assertAmount(input.order_total, 'order_total', { allowZero: true });
  const rule = input.service_charge;
  const serviceCharge = rule ? percentOf(orderTotal, rule.rate_bps) : 0;
  const serviceChargeTax = rule?.taxable ? percentOf(serviceCharge, rule.tax_rate_bps ?? 0) : 0;
  const preTip = orderTotal + serviceCharge + serviceChargeTax;
  const choice = input.tip;
  const tip =
    choice === undefined
      ? 0
      : 'amount' in choice
        ? assertAmount(choice.amount, 'tip', { allowZero: true })
        : percentOf(preTip, choice.percent_bps);
  return {
    order_total: orderTotal,
    service_charge: serviceCharge,
    service_charge_tax: serviceChargeTax,
    pre_tip_total: preTip,
    tip,
    total: preTip + tip,
  };
}
