import { currencyDigits } from '../../../ui/format.js';

/** Largest price the menu API takes, in minor units (modules/menu: maxPrice). */
const maxMinor = 1_000_000_000;

/**
 * What a person types as a price ("349", "349.5", "349.00"; a comma works as the decimal
 * mark) → integer minor units of the currency, or null when it is not a valid price.
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const decimals = digits > 0 ? `(?:[.,](\\d{1,${digits}}))?` : '';
  const match = new RegExp(`^(\\d{1,10})${decimals}$`).exec(text.trim());
  if (!match) return null;
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  const minor = Number(match[1]) * 10 ** digits + Number(fraction || '0');
  return minor <= maxMinor ? minor : null;
}

/** Minor units → the plain amount an input shows ("349.00"), without currency symbols. */
export function moneyText(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}
