/**
 * Cash at the counter: the amount due is rounded to the currency's smallest coin (money.ts),
 * the change is what was tendered beyond it. Settled on the spot; nothing remote.
 */
import { providerErrors as fail } from './errors.js';
import { assertAmount, assertCurrency, cashIncrement, roundCash } from './money.js';
import type { LocalPaymentProvider } from './provider.js';

export interface CashConfig {
  /** Per-currency rounding increments in minor units, over the national defaults (e.g. { EUR: 5 } in NL). */
  rounding?: Readonly<Record<string, number>> | undefined;
}

export interface CashSettlement {
  /** What is due in cash after rounding. */
  due: number;
  rounding_adjustment: number;
  tendered: number;
  change_due: number;
}

/** The cash arithmetic on its own: `cash_tendered_insufficient` when less is handed over than due. */
export function settleCash(input: {
  amount: number;
  currency: string;
  tendered?: number | undefined;
  rounding?: Readonly<Record<string, number>> | undefined;
}): CashSettlement {
  assertAmount(input.amount);
  const { amount: due, adjustment } = roundCash(
    input.amount,
    cashIncrement(assertCurrency(input.currency), input.rounding),
  );
  const tendered =
    input.tendered === undefined ? due : assertAmount(input.tendered, 'tendered', { allowZero: true });
  if (tendered < due) {
    throw fail('cash_tendered_insufficient', `${tendered} tendered is less than the ${due} due.`, {
      details: { due, tendered, short_by: due - tendered, currency: input.currency },
    });
  }
  return { due, rounding_adjustment: adjustment, tendered, change_due: tendered - due };
}

export function cashProvider(config: CashConfig = {}): LocalPaymentProvider {
  return {
    method: 'cash',
    kind: 'local',

    async createPayment(input) {
      const settled = settleCash({ ...input, rounding: config.rounding });
      return {
        provider_ref: `cash_${input.reference}`,
        status: 'succeeded',
        amount: settled.due,
        currency: input.currency,
        cash: {
          tendered: settled.tendered,
          change_due: settled.change_due,
          rounding_adjustment: settled.rounding_adjustment,
        },
        raw_status: 'settled',
      };
    },

    /** Cash handed back, rounded like a payment (no coin exists for less). */
    async refund(input) {
      assertAmount(input.amount);
      const { amount } = roundCash(
        input.amount,
        cashIncrement(assertCurrency(input.currency), config.rounding),
      );
      return {
        refund_ref: `cash_refund_${input.idempotency_key}`,
        status: 'succeeded',
        amount,
        raw_status: 'settled',
      };
    },
  };
}
