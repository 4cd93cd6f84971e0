/**
 * An external card terminal (a standalone EFTPOS/PDQ device not integrated with us): the
 * cashier charges on the device and records its transaction reference. No remote call; the
 * card never touches the platform — and a reference that looks like a card number is refused,
 * so one typed into the wrong field is not stored either.
 */
import { providerErrors as fail } from './errors.js';
import { assertAmount, assertCurrency } from './money.js';
import type { LocalPaymentProvider } from './provider.js';

/** A Luhn-valid run of 13–19 digits (spaces or dashes between them allowed): a PAN, most likely. */
export function containsCardNumber(text: string): boolean {
  for (const run of text.match(/\d(?:[ -]?\d)*/g) ?? []) {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
  }
  return false;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function terminalReference(reference: string | undefined): string {
  const trimmed = reference?.trim() ?? '';
  if (trimmed === '' || trimmed.length > 100 || /[\p{Cc}]/u.test(trimmed)) {
    throw fail(
      'terminal_reference_invalid',
      'Record the terminal’s transaction reference (1–100 characters).',
      {
        errors: [{ field: 'terminal_reference', message: 'required, 1–100 printable characters' }],
      },
    );
  }
  if (containsCardNumber(trimmed)) {
    throw fail(
      'card_data_refused',
      'That looks like a card number: record the terminal’s reference, never the card.',
      {
        errors: [{ field: 'terminal_reference', message: 'looks like a card number' }],
      },
    );
  }
  return trimmed;
}

export function terminalProvider(): LocalPaymentProvider {
  return {
    method: 'card_terminal',
    kind: 'local',

    async createPayment(input) {
      assertAmount(input.amount);
      return {
        provider_ref: terminalReference(input.terminal_reference),
        status: 'succeeded',
        amount: input.amount,
        currency: assertCurrency(input.currency),
        raw_status: 'recorded',
      };
    },

    async refund(input) {
      assertAmount(input.amount);
      assertCurrency(input.currency);
      return {
        refund_ref: terminalReference(input.terminal_reference),
        status: 'succeeded',
        amount: input.amount,
        raw_status: 'recorded',
      };
    },
  };
}
