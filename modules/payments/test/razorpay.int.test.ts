import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RazorpayConfig, razorpayProvider } from '../src/providers/razorpay.js';
import { failure, thrown } from './support/domain-errors.js';
import {
  checkoutSignature,
  type RazorpayServer,
  razorpayEventBody,
  signRazorpayWebhook,
  startRazorpayServer,
} from './support/razorpay-server.js';

const webhookSecret = 'rzp-webhook-secret-7Hq2';

let server: RazorpayServer;

beforeAll(async () => {
  server = await startRazorpayServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const razorpay = (overrides: Partial<RazorpayConfig> = {}) =>
  razorpayProvider({
    key_id: server.keyId,
    key_secret: server.keySecret,
    webhook_secret: webhookSecret,
    base_url: server.url,
    merchant_name: 'Café Brigade',
    resilience: { timeoutMs: 5000, retries: 2, retryDelayMs: 5, breakerThreshold: 50 },
    ...overrides,
  });

const reference = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const payment = (amount = 45_000, currency = 'INR') => ({
  amount,
  currency,
  reference,
  idempotency_key: `create-${amount}`,
  description: 'Order 42',
  customer: { email: 'ravi@example.in', phone: '+919876543210' },
});

describe('Razorpay orders and Checkout', () => {
  it('creates an order with Basic auth and JSON, and hands Checkout what it needs (and nothing secret)', async () => {
    const created = await razorpay().createPayment(payment());

    expect(server.received).toHaveLength(1);
    const request = server.received[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/orders');
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`${server.keyId}:${server.keySecret}`).toString('base64')}`,
    );
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(request.body)).toEqual({
      amount: 45_000,
      currency: 'INR',
      receipt: reference,
      notes: { payment_id: reference, description: 'Order 42' },
    });

    const order = server.orders.get(created.provider_ref)!;
    expect(created).toEqual({
      provider_ref: order.id,
      status: 'requires_action',
      amount: 45_000,
      currency: 'INR',
      checkout: {
        provider: 'razorpay',
        key_id: server.keyId,
        order_id: order.id,
        amount: 45_000,
        currency: 'INR',
        name: 'Café Brigade',
        description: 'Order 42',
        prefill: { email: 'ravi@example.in', contact: '+919876543210' },
      },
      raw_status: 'created',
    });
    expect(JSON.stringify(created)).not.toContain(server.keySecret);
  });

  it('verifies Checkout’s signature over order_id|payment_id with the key secret, in constant time', async () => {
    const provider = razorpay();
    const created = await provider.createPayment(payment());
    const { checkout } = server.pay(created.provider_ref);
    expect(provider.verifyCheckoutSignature(checkout)).toBe(true);

    expect(provider.verifyCheckoutSignature({ ...checkout, razorpay_payment_id: 'pay_Forged00000000' })).toBe(
      false,
    );
    expect(provider.verifyCheckoutSignature({ ...checkout, razorpay_order_id: 'order_Other0000000' })).toBe(
      false,
    );
    const flipped = checkout.razorpay_signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expect(provider.verifyCheckoutSignature({ ...checkout, razorpay_signature: flipped })).toBe(false);
    expect(provider.verifyCheckoutSignature({ ...checkout, razorpay_signature: '' })).toBe(false);
    expect(
      provider.verifyCheckoutSignature({
        ...checkout,
        razorpay_signature: checkout.razorpay_signature.slice(2),
      }),
    ).toBe(false);
    // Signed with another secret (e.g. the webhook secret) is not Checkout's signature.
    const wrongKey = checkoutSignature(
      checkout.razorpay_order_id,
      checkout.razorpay_payment_id,
      webhookSecret,
    );
    expect(provider.verifyCheckoutSignature({ ...checkout, razorpay_signature: wrongKey })).toBe(false);
  });

  it('reads the status from the order and its payments: unpaid, failed attempt, captured, and by payment id', async () => {
    const provider = razorpay();
    const created = await provider.createPayment(payment());

    expect(await provider.retrieve(created.provider_ref)).toEqual({
      provider_ref: created.provider_ref,
      status: 'requires_action',
      amount: 45_000,
      amount_received: 0,
      amount_refunded: 0,
      currency: 'INR',
      raw_status: 'created',
    });
    expect(server.received.at(-1)!.path).toBe(`/v1/orders/${created.provider_ref}`);

    const failed = server.pay(created.provider_ref, 'failed').payment;
    expect(await provider.retrieve(created.provider_ref)).toMatchObject({
      status: 'failed',
      payment_ref: failed.id,
      failure_reason: 'Payment failed because the UPI PIN was incorrect.',
      raw_status: 'failed',
    });
    expect(server.received.at(-1)!.path).toBe(`/v1/orders/${created.provider_ref}/payments`);

    const captured = server.pay(created.provider_ref, 'captured').payment;
    expect(await provider.retrieve(created.provider_ref)).toMatchObject({
      status: 'succeeded',
      amount: 45_000,
      amount_received: 45_000,
      payment_ref: captured.id,
      raw_status: 'captured',
    });

    const byPayment = await provider.retrieve(captured.id);
    expect(server.received.at(-1)!.path).toBe(`/v1/payments/${captured.id}`);
    expect(byPayment).toMatchObject({
      provider_ref: captured.id,
      status: 'succeeded',
      amount_received: 45_000,
    });

    const authorized = await provider.createPayment(payment(10_000));
    server.pay(authorized.provider_ref, 'authorized');
    expect((await provider.retrieve(authorized.provider_ref)).status).toBe('pending');
  });

  it('refunds through POST /v1/payments/{id}/refund with X-Refund-Idempotency, by order or payment reference', async () => {
    const provider = razorpay();
    const created = await provider.createPayment(payment(80_000));
    const { payment: paid } = server.pay(created.provider_ref);

    const partial = await provider.refund({
      provider_ref: created.provider_ref,
      amount: 30_000,
      currency: 'INR',
      reason: 'late delivery',
      idempotency_key: '0193a1b2-0000-7000-8000-000000000001',
    });
    expect(partial).toMatchObject({ status: 'succeeded', amount: 30_000, raw_status: 'processed' });
    expect(partial.refund_ref).toMatch(/^rfnd_/);
    const request = server.received.at(-1)!;
    expect(request.path).toBe(`/v1/payments/${paid.id}/refund`);
    expect(request.headers['x-refund-idempotency']).toBe('0193a1b2-0000-7000-8000-000000000001');
    expect(JSON.parse(request.body)).toEqual({ amount: 30_000, notes: { reason: 'late delivery' } });

    // A retry after a lost answer is the same refund.
    server.failNext(1, 502);
    const replay = await provider.refund({
      provider_ref: created.provider_ref,
      amount: 30_000,
      currency: 'INR',
      reason: 'late delivery',
      idempotency_key: '0193a1b2-0000-7000-8000-000000000001',
    });
    expect(replay.refund_ref).toBe(partial.refund_ref);
    expect(server.payments.get(paid.id)!.amount_refunded).toBe(30_000);

    const tooMuch = await failure(
      provider.refund({
        provider_ref: paid.id,
        amount: 60_000,
        currency: 'INR',
        reason: 'all',
        idempotency_key: 'short',
      }),
    );
    expect(tooMuch.code).toBe('provider_invalid_request');
    expect(tooMuch.details).toMatchObject({
      provider: 'razorpay',
      provider_code: 'BAD_REQUEST_ERROR',
      field: 'amount',
    });
    // A key Razorpay would refuse ('short') is hashed into one it accepts.
    expect(server.received.at(-1)!.headers['x-refund-idempotency']).toMatch(/^[0-9a-f]{64}$/);

    const rest = await provider.refund({
      provider_ref: paid.id,
      amount: 50_000,
      currency: 'INR',
      reason: 'all',
      idempotency_key: '0193a1b2-0000-7000-8000-000000000002',
    });
    expect(rest.amount).toBe(50_000);
    expect(await provider.retrieve(created.provider_ref)).toMatchObject({
      status: 'succeeded',
      amount_refunded: 80_000,
    });

    const unpaid = await provider.createPayment(payment(1000));
    expect(
      (
        await failure(
          provider.refund({
            provider_ref: unpaid.provider_ref,
            amount: 1000,
            currency: 'INR',
            reason: 'x',
            idempotency_key: 'refund-unpaid-1',
          }),
        )
      ).code,
    ).toBe('provider_invalid_request');
  });

  it('survives a lost refund answer: the retry with the same X-Refund-Idempotency refunds once', async () => {
    const provider = razorpay({ resilience: { timeoutMs: 300, retries: 2, retryDelayMs: 5 } });
    const created = await provider.createPayment(payment(20_000));
    const { payment: paid } = server.pay(created.provider_ref);
    server.reset();
    server.loseAnswerNext(1);
    const refund = await provider.refund({
      provider_ref: paid.id,
      amount: 5_000,
      currency: 'INR',
      reason: 'lost answer',
      idempotency_key: '0193a1b2-0000-7000-8000-0000000000aa',
    });
    expect(refund.amount).toBe(5_000);
    expect(server.received).toHaveLength(2);
    expect(server.payments.get(paid.id)!.amount_refunded).toBe(5_000);
  });

  it('maps Razorpay’s error bodies: validation, unknown ids, refused keys', async () => {
    const small = await failure(razorpay().createPayment(payment(50)));
    expect(small.code).toBe('provider_invalid_request');
    expect(small.message).toContain('The amount must be atleast INR 1.00');

    expect((await failure(razorpay().retrieve('order_DoesNotExist1'))).code).toBe('provider_ref_not_found');
    expect((await failure(razorpay().retrieve('pay_DoesNotExist01'))).code).toBe('provider_ref_not_found');

    server.reset();
    const refused = await failure(razorpay({ key_secret: 'wrong' }).retrieve('order_Any00000000000'));
    expect(refused.code).toBe('provider_credentials_rejected');
    expect(server.received).toHaveLength(1);
  });

  it('never retries order creation (no idempotency key), but retries reads', async () => {
    server.failNext(1, 500);
    const down = await failure(razorpay().createPayment(payment()));
    expect(down.code).toBe('provider_unavailable');
    expect(down.details).toMatchObject({ reason: 'provider_error', status: 500, outcome_unknown: true });
    expect(server.received).toHaveLength(1);

    const created = await razorpay().createPayment(payment());
    server.reset();
    server.failNext(2, 503);
    expect((await razorpay().retrieve(created.provider_ref)).status).toBe('requires_action');
    expect(server.received).toHaveLength(3);
  });

  it('times out, and opens the circuit after consecutive failures', async () => {
    server.hangNext(1);
    const slow = await failure(razorpay({ resilience: { timeoutMs: 300 } }).createPayment(payment()));
    expect(slow.details).toMatchObject({ provider: 'razorpay', reason: 'timeout', outcome_unknown: true });
    expect(server.received).toHaveLength(1);

    server.reset();
    const provider = razorpay({
      resilience: { retries: 0, timeoutMs: 200, breakerThreshold: 2, breakerHalfOpenAfterMs: 60_000 },
    });
    server.failNext(1, 500);
    server.hangNext(1);
    await failure(provider.retrieve('order_A0000000000000'));
    await failure(provider.retrieve('order_B0000000000000'));
    const open = await failure(provider.createPayment(payment()));
    expect(open.code).toBe('provider_unavailable');
    // Never sent: nothing to reconcile.
    expect(open.details).toMatchObject({ reason: 'circuit_open', outcome_unknown: false });
    expect(server.received).toHaveLength(2);
  });

  it('takes three-decimal currencies only in multiples of 10, before calling Razorpay', async () => {
    const error = await failure(razorpay().createPayment(payment(12_345, 'KWD')));
    expect(error.code).toBe('amount_invalid');
    expect(server.received).toHaveLength(0);
    expect((await razorpay().createPayment(payment(12_340, 'KWD'))).amount).toBe(12_340);
  });
});

describe('Razorpay webhooks', () => {
  const verifier = (secret = webhookSecret) =>
    razorpayProvider({
      key_id: 'rzp_test_x',
      key_secret: 'unused',
      webhook_secret: secret,
      base_url: 'http://127.0.0.1:9',
    });
  const capturedPayment = {
    id: 'pay_29QQoUBi66xm2f',
    entity: 'payment',
    amount: 45_000,
    currency: 'INR',
    status: 'captured',
    order_id: 'order_9A33XWu170gUtm',
    amount_refunded: 0,
  };
  const captured = razorpayEventBody('payment.captured', { payment: capturedPayment });
  const headers = (body: string, secret = webhookSecret, eventId = 'KhbMeJFdhPYQAq') => ({
    'x-razorpay-signature': signRazorpayWebhook(body, secret),
    'x-razorpay-event-id': eventId,
  });

  it('verifies X-Razorpay-Signature over the raw body and takes the event id from its header', () => {
    expect(verifier().parseWebhook(Buffer.from(captured), headers(captured))).toEqual({
      event_id: 'KhbMeJFdhPYQAq',
      type: 'payment_succeeded',
      provider_event: 'payment.captured',
      provider_ref: 'order_9A33XWu170gUtm',
      payment_ref: 'pay_29QQoUBi66xm2f',
      amount: 45_000,
      currency: 'INR',
    });
    // Header names arrive in any case from other stacks.
    const upper = {
      'X-Razorpay-Signature': signRazorpayWebhook(captured, webhookSecret),
      'X-Razorpay-Event-Id': 'E1',
    };
    expect(verifier().parseWebhook(Buffer.from(captured), upper).event_id).toBe('E1');
  });

  it('refuses tampered bodies and other secrets as webhook_signature_invalid', () => {
    const tampered = captured.replace('45000', '4500000');
    expect(thrown(() => verifier().parseWebhook(Buffer.from(tampered), headers(captured))).code).toBe(
      'webhook_signature_invalid',
    );
    expect(
      thrown(() => verifier().parseWebhook(Buffer.from(captured), headers(captured, 'other'))).code,
    ).toBe('webhook_signature_invalid');
    expect(
      thrown(() => verifier('rotated').parseWebhook(Buffer.from(captured), headers(captured))).code,
    ).toBe('webhook_signature_invalid');
    const truncated = {
      ...headers(captured),
      'x-razorpay-signature': headers(captured)['x-razorpay-signature'].slice(1),
    };
    expect(thrown(() => verifier().parseWebhook(Buffer.from(captured), truncated)).code).toBe(
      'webhook_signature_invalid',
    );
  });

  it('refuses what is not a signed Razorpay event as webhook_malformed', () => {
    const body = Buffer.from(captured);
    expect(thrown(() => verifier().parseWebhook(body, { 'x-razorpay-event-id': 'E1' })).code).toBe(
      'webhook_malformed',
    );
    expect(
      thrown(() =>
        verifier().parseWebhook(body, {
          'x-razorpay-signature': signRazorpayWebhook(captured, webhookSecret),
        }),
      ).code,
    ).toBe('webhook_malformed');
    const notJson = 'payment.captured';
    expect(thrown(() => verifier().parseWebhook(Buffer.from(notJson), headers(notJson))).code).toBe(
      'webhook_malformed',
    );
    const noPayload = JSON.stringify({ entity: 'event', event: 'payment.captured' });
    expect(thrown(() => verifier().parseWebhook(Buffer.from(noPayload), headers(noPayload))).code).toBe(
      'webhook_malformed',
    );
  });

  it('maps order.paid, payment.failed, refund.processed and ignores the rest', () => {
    const parse = (body: string) => verifier().parseWebhook(Buffer.from(body), headers(body));
    expect(
      parse(
        razorpayEventBody('order.paid', {
          payment: capturedPayment,
          order: {
            id: 'order_9A33XWu170gUtm',
            entity: 'order',
            amount: 45_000,
            amount_paid: 45_000,
            status: 'paid',
          },
        }),
      ),
    ).toMatchObject({
      type: 'payment_succeeded',
      provider_ref: 'order_9A33XWu170gUtm',
      payment_ref: capturedPayment.id,
    });

    expect(
      parse(
        razorpayEventBody('payment.failed', {
          payment: {
            ...capturedPayment,
            status: 'failed',
            error_code: 'BAD_REQUEST_ERROR',
            error_description: 'Payment was cancelled by the customer.',
          },
        }),
      ),
    ).toMatchObject({
      type: 'payment_failed',
      provider_ref: 'order_9A33XWu170gUtm',
      failure_reason: 'Payment was cancelled by the customer.',
    });

    expect(
      parse(
        razorpayEventBody('refund.processed', {
          refund: {
            id: 'rfnd_FP8QHiV938haTz',
            entity: 'refund',
            amount: 20_000,
            currency: 'INR',
            payment_id: capturedPayment.id,
            status: 'processed',
          },
          payment: { ...capturedPayment, amount_refunded: 20_000 },
        }),
      ),
    ).toMatchObject({
      type: 'refund_succeeded',
      provider_ref: 'order_9A33XWu170gUtm',
      payment_ref: capturedPayment.id,
      refund_ref: 'rfnd_FP8QHiV938haTz',
      amount: 20_000,
      amount_refunded: 20_000,
    });

    expect(parse(razorpayEventBody('payment.authorized', { payment: capturedPayment }))).toMatchObject({
      type: 'ignored',
      provider_event: 'payment.authorized',
    });
  });
});
