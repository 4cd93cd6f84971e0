import { DomainError } from '@brigade/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashProvider, settleCash } from './cash.js';
import { containsCardNumber, terminalProvider } from './terminal.js';

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

const base = { currency: 'EUR', reference: 'pay-1', idempotency_key: 'key-1' };

describe('cash', () => {
  it('gives change from what was tendered', async () => {
    const paid = await cashProvider().createPayment({ ...base, amount: 4_270, tendered: 5_000 });
    expect(paid).toEqual({
      provider_ref: 'cash_pay-1',
      status: 'succeeded',
      amount: 4_270,
      currency: 'EUR',
      cash: { tendered: 5_000, change_due: 730, rounding_adjustment: 0 },
      raw_status: 'settled',
    });
    // Exact money when nothing is said about the tender.
    expect((await cashProvider().createPayment({ ...base, amount: 4_270 })).cash).toEqual({
      tendered: 4_270,
      change_due: 0,
      rounding_adjustment: 0,
    });
  });

  it('rounds the amount due to the smallest coin first (CHF 5 Rappen, or a restaurant’s own rule)', async () => {
    const chf = await cashProvider().createPayment({
      ...base,
      currency: 'CHF',
      amount: 1_233,
      tendered: 2_000,
    });
    expect(chf).toMatchObject({
      amount: 1_235,
      cash: { tendered: 2_000, change_due: 765, rounding_adjustment: 2 },
    });

    const dutch = cashProvider({ rounding: { EUR: 5 } });
    expect((await dutch.createPayment({ ...base, amount: 1_232, tendered: 1_230 })).cash).toEqual({
      tendered: 1_230,
      change_due: 0,
      rounding_adjustment: -2,
    });
    expect(
      await dutch.refund({
        provider_ref: 'cash_pay-1',
        amount: 1_233,
        currency: 'EUR',
        reason: 'x',
        idempotency_key: 'r-1',
      }),
    ).toEqual({
      refund_ref: 'cash_refund_r-1',
      status: 'succeeded',
      amount: 1_235,
      raw_status: 'settled',
    });
  });

  it('refuses less than is due, saying by how much', async () => {
    const error = await rejection(cashProvider().createPayment({ ...base, amount: 4_270, tendered: 4_000 }));
    expect(error.code).toBe('cash_tendered_insufficient');
    expect(error.kind).toBe('rule');
    expect(error.details).toMatchObject({ due: 4_270, tendered: 4_000, short_by: 270 });
    expect((await rejection(cashProvider().createPayment({ ...base, amount: 100, tendered: -5 }))).code).toBe(
      'amount_invalid',
    );
  });

  it('always gives tendered − due as change, never negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom('EUR', 'CHF', 'SEK', 'JPY', 'KWD'),
        (amount, extra, currency) => {
          const { due } = settleCash({ amount, currency });
          const settled = settleCash({ amount, currency, tendered: due + extra });
          expect(settled.change_due).toBe(extra);
          expect(settled.tendered - settled.change_due).toBe(settled.due);
          expect(settled.due - amount).toBe(settled.rounding_adjustment);
        },
      ),
    );
  });
});

describe('external card terminal', () => {
  it('records the terminal’s reference without calling anyone', async () => {
    const terminal = terminalProvider();
    expect(
      await terminal.createPayment({ ...base, amount: 2_500, terminal_reference: ' AUTH 0472-91 ' }),
    ).toEqual({
      provider_ref: 'AUTH 0472-91',
      status: 'succeeded',
      amount: 2_500,
      currency: 'EUR',
      raw_status: 'recorded',
    });
    expect(
      (
        await terminal.refund({
          provider_ref: 'AUTH 0472-91',
          amount: 500,
          currency: 'EUR',
          reason: 'x',
          idempotency_key: 'r',
          terminal_reference: 'RFND 88',
        })
      ).refund_ref,
    ).toBe('RFND 88');
  });

  it('needs a reference, and refuses a card number typed in its place', async () => {
    const terminal = terminalProvider();
    expect((await rejection(terminal.createPayment({ ...base, amount: 2_500 }))).code).toBe(
      'terminal_reference_invalid',
    );
    expect(
      (await rejection(terminal.createPayment({ ...base, amount: 2_500, terminal_reference: '   ' }))).code,
    ).toBe('terminal_reference_invalid');
    for (const pan of [
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      'card 5555555555554444 ok',
      '378282246310005',
    ]) {
      const error = await rejection(
        terminal.createPayment({ ...base, amount: 2_500, terminal_reference: pan }),
      );
      expect(error.code).toBe('card_data_refused');
    }
  });

  it('tells card numbers from ordinary references', () => {
    expect(containsCardNumber('4111111111111111')).toBe(true);
    expect(containsCardNumber('ref 4000 0566 5566 5556')).toBe(true);
    expect(containsCardNumber('4111111111111112')).toBe(false); // fails Luhn
    expect(containsCardNumber('AUTH 123456')).toBe(false);
    expect(containsCardNumber('2026-11-22 12:30')).toBe(false);
  });
});
