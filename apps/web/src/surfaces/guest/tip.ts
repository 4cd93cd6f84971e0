import { currencyDigits } from '../../ui/format.js';
import type { GuestCheck, TipInput } from './types.js';

/** The tip a guest chose: none, a preset (basis points) or a custom amount typed in major units. */
export type TipChoice =
  | { kind: 'none' }
  | { kind: 'preset'; percent_bps: number }
  | { kind: 'custom'; text: string };

/** The tip in minor units; null when the custom amount is not an amount of the currency (validated before sending). */
export function tipInMinor(
  tip: TipChoice,
  check: Pick<GuestCheck, 'currency' | 'tip_options'>,
): number | null {
  if (tip.kind === 'none') return 0;
  if (tip.kind === 'preset') {
    return check.tip_options.find((option) => option.percent_bps === tip.percent_bps)?.amount ?? 0;
  }
  const digits = currencyDigits(check.currency);
  const text = tip.text.trim().replace(',', '.');
  const pattern = digits > 0 ? new RegExp(`^\\d{1,9}(\\.\\d{1,${digits}})?$`) : /^\d{1,9}$/;
  if (!pattern.test(text)) return null;
  // Digits, not floating point: "12.10" is 1210 exactly.
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** The tip as the API takes it (a preset as its percentage, so the server rounds it); none when zero. */
export function tipInput(tip: TipChoice, amount: number | null): { tip?: TipInput } {
  if (tip.kind === 'preset') return { tip: { percent_bps: tip.percent_bps } };
  if (tip.kind === 'custom' && amount) return { tip: { amount } };
  return {};
}
