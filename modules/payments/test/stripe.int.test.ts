import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RemotePaymentProvider } from '../src/providers/provider.js';
import { type StripeConfig, stripeProvider } from '../src/providers/stripe.js';
import { failure, thrown } from './support/domain-errors.js';
import {
  parseStripeForm,
  type StripeServer,
  startStripeServer,
  stripeEventBody,
  stripeSignatureHeader,
} from './support/stripe-server.js';

const webhookSecret = 'whsec_3a8f0c2d9b7e4f1a6c5d8e9f0a1b2c3d';
const publishableKey = 'pk_test_51HxYzExampleKey';

let server: StripeServer;

beforeAll(async () => {
  server = await startStripeServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const stripe = (overrides: Partial<StripeConfig> = {}) =>
  stripeProvider({
    secret_key: server.secretKey,
    publishable_key: publishableKey,
    webhook_secret: webhookSecret,
    base_url: server.url,
    resilience: { timeoutMs: 5000, retries: 2, retryDelayMs: 5, breakerThreshold: 50 },
    ...overrides,
  });

const payment = (key: string, amount = 2599, currency = 'EUR') => ({
  amount,
  currency,
  reference: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  idempotency_key: key,
  description: 'Table 4',
});

describe('Stripe PaymentIntents', () => {
  it('creates an intent with the documented form fields, key and headers, and hands the browser its client secret', async () => {
    const created = await stripe().createPayment({
      ...payment('create-1'),
      customer: { email: 'ana@example.com' },
    });

    expect(server.received).toHaveLength(1);
    const request = server.received[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/payment_intents');
    expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.headers.authorization).toBe(`Bearer ${server.secretKey}`);
    expect(request.headers['idempotency-key']).toBe('create-1');
    expect(request.headers['stripe-version']).toBe('2024-06-20');
    expect(parseStripeForm(request.body)).toEqual({
      amount: '2599',
      currency: 'eur',
      automatic_payment_methods: { enabled: 'true' },
      metadata: { payment_id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' },
      description: 'Table 4',
      receipt_email: 'ana@example.com',
    });

    const intent = server.intents.get(created.provider_ref)!;
    expect(created).toEqual({
      provider_ref: intent.id,
      status: 'requires_action',
      amount: 2599,
      currency: 'EUR',
      checkout: {
        provider: 'stripe',
        publishable_key: publishableKey,
        client_secret: intent.client_secret,
        payment_intent_id: intent.id,
      },
      raw_status: 'requires_payment_method',
    });
  });

  it('replays a repeated create with the same idempotency key instead of creating a second intent', async () => {
    const provider = stripe();
    const before = server.intents.size;
    const first = await provider.createPayment(payment('create-replay'));
    const again = await provider.createPayment(payment('create-replay'));
    expect(again.provider_ref).toBe(first.provider_ref);
    expect(server.intents.size).toBe(before + 1);

    const conflict = await failure(provider.createPayment(payment('create-replay', 3000)));
    expect(conflict.code).toBe('provider_idempotency_conflict');
    expect(conflict.kind).toBe('conflict');
  });

  it('retries a 5xx with the same Idempotency-Key and creates exactly one intent', async () => {
    const before = server.intents.size;
    server.failNext(1, 500);
    const created = await stripe().createPayment(payment('create-after-500'));
    expect(server.received.map((request) => request.headers['idempotency-key'])).toEqual([
      'create-after-500',
      'create-after-500',
    ]);
    expect(server.intents.size).toBe(before + 1);
    expect(server.intents.has(created.provider_ref)).toBe(true);
  });

  it('survives a lost answer: the retry with the same key returns the intent Stripe already made, and a refund is made once', async () => {
    const provider = stripe({ resilience: { timeoutMs: 300, retries: 2, retryDelayMs: 5 } });
    const before = server.intents.size;
    server.loseAnswerNext(1);
    const created = await provider.createPayment(payment('lost-answer'));
    expect(server.received).toHaveLength(2);
    expect(server.intents.size).toBe(before + 1);
    expect(server.intents.has(created.provider_ref)).toBe(true);

    server.confirm(created.provider_ref);
    server.loseAnswerNext(1);
    const refund = await provider.refund({
      provider_ref: created.provider_ref,
      amount: 1000,
      currency: 'EUR',
      reason: 'lost answer',
      idempotency_key: 'refund-lost-answer',
    });
    expect(refund.amount).toBe(1000);
    expect((await provider.retrieve(created.provider_ref)).amount_refunded).toBe(1000);
  });

  it('retrieves the status, amounts and refunds, and reads a decline as failed with its reason', async () => {
    const provider = stripe();
    const created = await provider.createPayment(payment('retrieve-1'));
    expect((await provider.retrieve(created.provider_ref)).status).toBe('requires_action');
    expect(server.received.at(-1)!.query.getAll('expand[]')).toEqual(['latest_charge']);

    server.confirm(created.provider_ref, {
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    const declined = await provider.retrieve(created.provider_ref);
    expect(declined).toMatchObject({
      status: 'failed',
      failure_reason: 'Your card has insufficient funds.',
      amount_received: 0,
    });

    server.confirm(created.provider_ref);
    await provider.refund({
      provider_ref: created.provider_ref,
      amount: 599,
      currency: 'EUR',
      reason: 'cold soup',
      idempotency_key: 'refund-r1',
    });
    const retrieved = await provider.retrieve(created.provider_ref);
    expect(retrieved).toMatchObject({
      provider_ref: created.provider_ref,
      status: 'succeeded',
      amount: 2599,
      amount_received: 2599,
      amount_refunded: 599,
      currency: 'EUR',
      raw_status: 'succeeded',
    });
    expect(retrieved.payment_ref).toMatch(/^ch_/);
  });

  it('refunds partially then fully through POST /v1/refunds, and maps the over-refund to an invalid request', async () => {
    const provider = stripe();
    const created = await provider.createPayment(payment('refund-1', 5000));
    server.confirm(created.provider_ref);

    const partial = await provider.refund({
      provider_ref: created.provider_ref,
      amount: 1250,
      currency: 'EUR',
      reason: 'wrong dish',
      idempotency_key: 'refund-1a',
    });
    expect(partial).toMatchObject({ status: 'succeeded', amount: 1250, raw_status: 'succeeded' });
    expect(partial.refund_ref).toMatch(/^re_/);
    const request = server.received.at(-1)!;
    expect(request.path).toBe('/v1/refunds');
    expect(request.headers['idempotency-key']).toBe('refund-1a');
    expect(parseStripeForm(request.body)).toEqual({
      payment_intent: created.provider_ref,
      amount: '1250',
      metadata: { reason: 'wrong dish' },
    });

    // The same refund asked again (a retry after a crash) is the same refund, not a second one.
    const replayed = await provider.refund({
      provider_ref: created.provider_ref,
      amount: 1250,
      currency: 'EUR',
      reason: 'wrong dish',
      idempotency_key: 'refund-1a',
    });
    expect(replayed.refund_ref).toBe(partial.refund_ref);

    const tooMuch = await failure(
      provider.refund({
        provider_ref: created.provider_ref,
        amount: 4000,
        currency: 'EUR',
        reason: 'everything',
        idempotency_key: 'refund-1b',
      }),
    );
    expect(tooMuch.code).toBe('provider_invalid_request');
    expect(tooMuch.details).toMatchObject({
      provider: 'stripe',
      status: 400,
      provider_type: 'invalid_request_error',
    });

    const rest = await provider.refund({
      provider_ref: created.provider_ref,
      amount: 3750,
      currency: 'EUR',
      reason: 'everything',
      idempotency_key: 'refund-1c',
    });
    expect(rest.amount).toBe(3750);
    expect((await provider.retrieve(created.provider_ref)).amount_refunded).toBe(5000);
  });

  it('maps an unknown intent to provider_ref_not_found and a refused key to provider_credentials_rejected, without retrying', async () => {
    const missing = await failure(stripe().retrieve('pi_doesnotexist'));
    expect(missing.code).toBe('provider_ref_not_found');
    expect(missing.details).toMatchObject({ provider_code: 'resource_missing' });

    server.received.length = 0;
    const refused = await failure(stripe({ secret_key: 'sk_test_wrong' }).createPayment(payment('bad-key')));
    expect(refused.code).toBe('provider_credentials_rejected');
    expect(refused.kind).toBe('unavailable');
    expect(server.received).toHaveLength(1);
  });

  it('maps Stripe’s invalid_request_error and card_error bodies', async () => {
    const small = await failure(stripe().createPayment(payment('too-small', 10)));
    expect(small.code).toBe('provider_invalid_request');
    expect(small.details).toMatchObject({ provider_code: 'amount_too_small', param: 'amount' });

    server.answerNext({
      status: 402,
      body: {
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'stolen_card',
          message: 'Your card was declined.',
        },
      },
    });
    const declined = await failure(stripe().createPayment(payment('declined')));
    expect(declined.code).toBe('payment_declined');
    expect(declined.kind).toBe('rule');
    expect(declined.details).toMatchObject({ decline_code: 'stolen_card', provider_code: 'card_declined' });
  });

  it('gives up on a persisting 5xx after its retries, and does not retry when Stripe-Should-Retry says false', async () => {
    server.failNext(3, 503);
    const down = await failure(stripe().retrieve('pi_any'));
    expect(down.code).toBe('provider_unavailable');
    expect(down.details).toMatchObject({ provider: 'stripe', reason: 'provider_error', status: 503 });
    expect(server.received).toHaveLength(3);

    server.received.length = 0;
    server.answerNext({
      status: 500,
      headers: { 'stripe-should-retry': 'false' },
      body: { error: { type: 'api_error', message: 'Something went wrong.' } },
    });
    const noRetry = await failure(stripe().createPayment(payment('no-retry')));
    expect(noRetry.code).toBe('provider_unavailable');
    expect(server.received).toHaveLength(1);
    // Stripe never ran it: the next attempt with the same key executes normally.
    expect((await stripe().createPayment(payment('no-retry'))).status).toBe('requires_action');
  });

  it('times out a silent Stripe per attempt and reports the outcome as unknown', async () => {
    server.hangNext(3);
    const started = Date.now();
    const slow = await failure(
      stripe({ resilience: { timeoutMs: 300, retries: 2, retryDelayMs: 5 } }).createPayment(payment('hang')),
    );
    expect(slow.code).toBe('provider_unavailable');
    expect(slow.details).toMatchObject({ reason: 'timeout', outcome_unknown: true });
    expect(server.received).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('opens the circuit after consecutive failures and fails fast without calling Stripe', async () => {
    const provider = stripe({
      resilience: { retries: 0, timeoutMs: 5000, breakerThreshold: 2, breakerHalfOpenAfterMs: 60_000 },
    });
    server.failNext(2, 500);
    expect((await failure(provider.retrieve('pi_a'))).details).toMatchObject({ reason: 'provider_error' });
    expect((await failure(provider.retrieve('pi_b'))).details).toMatchObject({ reason: 'provider_error' });
    const open = await failure(provider.retrieve('pi_c'));
    expect(open.code).toBe('provider_unavailable');
    expect(open.details).toMatchObject({ reason: 'circuit_open' });
    expect(server.received).toHaveLength(2);
    // Another tenant's provider (its own breaker) is unaffected.
    const other = await stripe().createPayment(payment('other-tenant'));
    expect(other.status).toBe('requires_action');
  });

  it('converts ISO minor units to Stripe’s amount where Stripe counts differently', async () => {
    const provider = stripe();
    const sent = () => parseStripeForm(server.received.at(-1)!.body);

    const yen = await provider.createPayment(payment('jpy', 1200, 'JPY'));
    expect(sent()).toMatchObject({ amount: '1200', currency: 'jpy' });
    expect(yen.amount).toBe(1200);

    // ISK: zero-decimal in ISO, two-decimal in Stripe's API.
    const krona = await provider.createPayment(payment('isk', 5000, 'ISK'));
    expect(sent()).toMatchObject({ amount: '500000', currency: 'isk' });
    expect(krona.amount).toBe(5000);
    expect((await provider.retrieve(krona.provider_ref)).amount).toBe(5000);

    // MGA: two-decimal in ISO, zero-decimal in Stripe.
    await provider.createPayment(payment('mga', 1_500_000, 'MGA'));
    expect(sent()).toMatchObject({ amount: '15000', currency: 'mga' });

    server.received.length = 0;
    const fractional = await failure(provider.createPayment(payment('mga-frac', 1_500_050, 'MGA')));
    expect(fractional.code).toBe('amount_invalid');
    // KWD: three-decimal, Stripe wants the last digit 0.
    expect((await failure(provider.createPayment(payment('kwd', 12_345, 'KWD')))).code).toBe(
      'amount_invalid',
    );
    expect((await failure(provider.createPayment(payment('zero', 0)))).code).toBe('amount_invalid');
    expect((await failure(provider.createPayment(payment('xyz', 100, 'XYZ')))).code).toBe('currency_invalid');
    expect(server.received).toHaveLength(0);
  });
});

describe('Stripe webhooks', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const verifier = (secret = webhookSecret) =>
    stripeProvider({
      secret_key: 'sk_test_unused',
      publishable_key: publishableKey,
      webhook_secret: secret,
      base_url: 'http://127.0.0.1:9',
      clock: { now: () => now },
    });
  const succeeded = stripeEventBody(
    'payment_intent.succeeded',
    {
      id: 'pi_123',
      object: 'payment_intent',
      amount: 2599,
      amount_received: 2599,
      currency: 'eur',
      status: 'succeeded',
    },
    'evt_1Succeeded',
  );
  const signed = (
    body: string,
    options: { timestamp?: number; extraSignatures?: string[]; secret?: string } = {},
  ) => ({
    'stripe-signature': stripeSignatureHeader(body, options.secret ?? webhookSecret, {
      timestamp: options.timestamp ?? nowSeconds,
      ...(options.extraSignatures && { extraSignatures: options.extraSignatures }),
    }),
  });

  it('verifies a correctly signed event over the raw body and maps it', () => {
    expect(verifier().parseWebhook(Buffer.from(succeeded), signed(succeeded))).toEqual({
      event_id: 'evt_1Succeeded',
      type: 'payment_succeeded',
      provider_event: 'payment_intent.succeeded',
      provider_ref: 'pi_123',
      amount: 2599,
      currency: 'EUR',
    });
  });

  it('refuses a tampered body, another endpoint’s secret and a v0-only header as webhook_signature_invalid', () => {
    const tampered = succeeded.replace('2599', '9999');
    expect(thrown(() => verifier().parseWebhook(Buffer.from(tampered), signed(succeeded))).code).toBe(
      'webhook_signature_invalid',
    );
    // Re-serialising the JSON changes the bytes: verification is over the raw body, not the object.
    const reformatted = JSON.stringify(JSON.parse(succeeded), null, 2);
    expect(thrown(() => verifier().parseWebhook(Buffer.from(reformatted), signed(succeeded))).code).toBe(
      'webhook_signature_invalid',
    );
    expect(
      thrown(() =>
        verifier().parseWebhook(Buffer.from(succeeded), signed(succeeded, { secret: 'whsec_other' })),
      ).code,
    ).toBe('webhook_signature_invalid');
    expect(
      thrown(() => verifier('whsec_rotated').parseWebhook(Buffer.from(succeeded), signed(succeeded))).code,
    ).toBe('webhook_signature_invalid');
    const v0 = signed(succeeded)['stripe-signature'].replace('v1=', 'v0=');
    expect(
      thrown(() => verifier().parseWebhook(Buffer.from(succeeded), { 'stripe-signature': v0 })).code,
    ).toBe('webhook_signature_invalid');
  });

  it('accepts any matching v1 among several (secret rotation)', () => {
    const headers = signed(succeeded, { extraSignatures: ['0'.repeat(64), 'not-hex'] });
    expect(headers['stripe-signature'].match(/v1=/g)).toHaveLength(3);
    expect(verifier().parseWebhook(Buffer.from(succeeded), headers).type).toBe('payment_succeeded');
  });

  it('refuses timestamps more than 300 s in the past or the future, after checking the signature', () => {
    for (const timestamp of [nowSeconds - 301, nowSeconds + 301, nowSeconds - 86_400]) {
      const error = thrown(() =>
        verifier().parseWebhook(Buffer.from(succeeded), signed(succeeded, { timestamp })),
      );
      expect(error.code).toBe('webhook_timestamp_stale');
    }
    for (const timestamp of [nowSeconds - 300, nowSeconds + 300]) {
      expect(verifier().parseWebhook(Buffer.from(succeeded), signed(succeeded, { timestamp })).type).toBe(
        'payment_succeeded',
      );
    }
    // A stale timestamp with a wrong signature says nothing about the clock.
    const forged = { 'stripe-signature': `t=${nowSeconds - 1000},v1=${'a'.repeat(64)}` };
    expect(thrown(() => verifier().parseWebhook(Buffer.from(succeeded), forged)).code).toBe(
      'webhook_signature_invalid',
    );
  });

  it('refuses malformed headers and bodies as webhook_malformed', () => {
    const body = Buffer.from(succeeded);
    const signature = signed(succeeded)['stripe-signature'];
    for (const headers of [
      {},
      { 'stripe-signature': '' },
      { 'stripe-signature': signature.replace(/^t=\d+,/, '') },
      { 'stripe-signature': signature.replace(/^t=\d+/, 't=yesterday') },
      { 'stripe-signature': 'garbage' },
    ]) {
      expect(thrown(() => verifier().parseWebhook(body, headers)).code).toBe('webhook_malformed');
    }
    const notJson = 'not json';
    expect(thrown(() => verifier().parseWebhook(Buffer.from(notJson), signed(notJson))).code).toBe(
      'webhook_malformed',
    );
    const notEvent = JSON.stringify({ hello: 'world' });
    expect(thrown(() => verifier().parseWebhook(Buffer.from(notEvent), signed(notEvent))).code).toBe(
      'webhook_malformed',
    );
  });

  it('maps failures, refunds and everything else', () => {
    const parse = (body: string) => verifier().parseWebhook(Buffer.from(body), signed(body));
    expect(
      parse(
        stripeEventBody('payment_intent.payment_failed', {
          id: 'pi_9',
          object: 'payment_intent',
          amount: 1500,
          currency: 'usd',
          status: 'requires_payment_method',
          last_payment_error: {
            type: 'card_error',
            code: 'card_declined',
            message: 'Your card was declined.',
          },
        }),
      ),
    ).toMatchObject({
      type: 'payment_failed',
      provider_ref: 'pi_9',
      amount: 1500,
      failure_reason: 'Your card was declined.',
    });

    expect(
      parse(
        stripeEventBody('charge.refunded', {
          id: 'ch_1',
          object: 'charge',
          amount: 1500,
          amount_refunded: 500,
          currency: 'usd',
          payment_intent: 'pi_9',
        }),
      ),
    ).toMatchObject({
      type: 'refund_succeeded',
      provider_ref: 'pi_9',
      payment_ref: 'ch_1',
      amount_refunded: 500,
    });

    expect(
      parse(
        stripeEventBody('refund.updated', {
          id: 're_1',
          object: 'refund',
          amount: 500,
          currency: 'jpy',
          payment_intent: 'pi_9',
          status: 'succeeded',
        }),
      ),
    ).toMatchObject({
      type: 'refund_succeeded',
      refund_ref: 're_1',
      provider_ref: 'pi_9',
      amount: 500,
      currency: 'JPY',
    });

    expect(
      parse(
        stripeEventBody('refund.failed', {
          id: 're_2',
          object: 'refund',
          amount: 500,
          currency: 'usd',
          payment_intent: 'pi_9',
          status: 'failed',
          failure_reason: 'expired_or_canceled_card',
        }),
      ),
    ).toMatchObject({
      type: 'refund_failed',
      refund_ref: 're_2',
      failure_reason: 'expired_or_canceled_card',
    });

    expect(
      parse(
        stripeEventBody('payment_intent.created', { id: 'pi_9', object: 'payment_intent', currency: 'usd' }),
      ),
    ).toMatchObject({ type: 'ignored', provider_event: 'payment_intent.created', provider_ref: 'pi_9' });
  });
});

// The interface is what the payments service will hold; Stripe is a remote provider.
const _typed: RemotePaymentProvider['kind'] = 'remote';
void _typed;
