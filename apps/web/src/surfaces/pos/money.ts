import { currencyDigits } from '../../ui/format.js';

/**
 * What a cashier typed ("500", "1,234.50", "12,5") → integer minor units of the currency, or
 * null when it is not an amount or has more decimals than the currency. The last `.` or `,`
 * followed by at most the currency's digits is the decimal mark; other marks group thousands.
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const compact = text.replace(/[\s\u00a0']/g, '');
  if (!/^\d[\d.,]*$/.test(compact)) return null;
  const mark = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
  const after = mark === -1 ? '' : compact.slice(mark + 1);
  const isDecimal = mark !== -1 && after.length > 0 && after.length <= digits;
  // Not a decimal mark: then it must group thousands ("1,000").
  if (mark !== -1 && !isDecimal && after.length !== 3) return null;
  const whole = (isDecimal ? compact.slice(0, mark) : compact).replace(/[.,]/g, '');
  const fraction = isDecimal ? after.padEnd(digits, '0') : '0'.repeat(digits);
  const minor = Number(whole + fraction);
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units → the plain amount a money input shows ("1234.50" for INR 123450). */
export function toMajorText(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/**
 * Notes a guest is likely to hand over for `amount`: the exact sum, then the next round sums
 * (to 10, 50, 100, 500, 2000 of the currency's main unit), three at most after the exact one.
 */
export function quickTenders(amount: number, currency: string): number[] {
  const unit = 10 ** currencyDigits(currency);
  const rounded = [10, 50, 100, 500, 2000].map((step) => Math.ceil(amount / (step * unit)) * step * unit);
  return [amount, ...new Set(rounded.filter((sum) => sum > amount))].slice(0, 4);
}
