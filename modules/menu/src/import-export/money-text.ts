/**
 * Money as people type it in a spreadsheet ("349.00") ↔ integer minor units (34900). Exact:
 * strings in, integers out, no floating point.
 */

/**
 * Decimal places of a currency's minor unit (INR, USD 2; JPY 0; BHD 3). @brigade/kernel has no
 * money exponent helper yet, so this asks the runtime's ICU data (ISO 4217 via CLDR), and falls
 * back to 2 for a code it does not know.
 */
export function currencyExponent(currency: string): number {
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    return typeof digits === 'number' && digits >= 0 && digits <= 4 ? digits : 2;
  } catch {
    return 2;
  }
}

/** 34900, 2 → "349.00"; 5, 0 → "5". */
export function formatMinor(minor: number, exponent: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole number of minor units: ${minor}`);
  const negative = minor < 0;
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, '0');
  const major = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${major}` : major;
}

export type ParsedMoney = { ok: true; minor: number } | { ok: false; message: string };

/**
 * "349", "349.5", "349.50" (and " 349.50 ") → 34950 with exponent 2. Refuses negatives, more
 * decimals than the currency has, thousands separators, signs, exponents and anything else.
 */
export function parseMajor(text: string, exponent: number): ParsedMoney {
  const value = text.trim();
  if (value.startsWith('-')) return { ok: false, message: 'must not be negative' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(value) ?? /^()\.(\d+)$/.exec(value);
  if (!match) {
    return {
      ok: false,
      message: `not an amount: write it like ${formatMinor(34900, exponent)} (digits${exponent > 0 ? ', a dot and decimals' : ''})`,
    };
  }
  const whole = match[1] || '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    return {
      ok: false,
      message: exponent === 0 ? 'this currency has no decimals' : `at most ${exponent} decimal places`,
    };
  }
  const minorText = `${whole}${fraction.padEnd(exponent, '0')}`.replace(/^0+(?=\d)/, '');
  if (minorText.length > 15) return { ok: false, message: 'too large' };
  return { ok: true, minor: Number(minorText) };
}
