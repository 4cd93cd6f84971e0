import { currencyDigits } from '../../../ui/format.js';
import type { Unit } from './types.js';

/** Units a quantity of an ingredient may be entered in: those of its dimension. */
export function unitsLike(unit: Unit): Unit[] {
  if (unit === 'g' || unit === 'kg') return ['g', 'kg'];
  if (unit === 'ml' || unit === 'l') return ['ml', 'l'];
  return ['piece'];
}

/** A typed number ("1,5" or "1.5"); null when it is not one. */
export function parseNumber(text: string): number | null {
  const cleaned = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** An amount typed in major units ("400.50") → integer minor units of the currency; null when invalid. */
export function parseMoney(text: string, currency: string): number | null {
  const amount = parseNumber(text);
  if (amount === null || amount < 0) return null;
  const digits = currencyDigits(currency);
  const [, fraction = ''] = text.trim().replace(',', '.').split('.');
  if (fraction.length > digits) return null;
  return Math.round(amount * 10 ** digits);
}

/** Integer minor units → what a money field shows for editing ("400.00"). */
export function moneyInput(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** A quantity with its unit, localized ("1.25 kg"); at most three decimals. */
export function formatQuantity(quantity: number, unit: string, locale: string): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(quantity)} ${unit}`;
}

/** A percentage with up to two decimals, or a dash without one. */
export function formatPercent(value: number | null, locale: string): string {
  if (value === null) return '—';
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)} %`;
}
