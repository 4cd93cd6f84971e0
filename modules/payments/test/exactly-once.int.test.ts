/**
 * Issue 7 point 9 (and 3, 4, 10): money moves exactly once whatever retries, duplicate
 * webhooks or crashes happen — against the local Stripe and Razorpay servers, counting what
 * reached them.
 */
import { systemContext } from '@brigade/kernel';
import type { Restaurant } from '@brigade/tenants';
import { eventually, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsCardNumber } from '../src/providers/terminal.js';
import {
  type Client,
  cashier,
  client,
  countRows,
  createMenu,
  createPaymentsApp,
  manager,
  newRestaurant,
  outbox,
  paymentsService,
} from './support/payments-app.js';
import {
  type RazorpayServer,
  razorpayEventBody,
  signRazorpayWebhook,
  startRazorpayServer,
} from './support/razorpay-server.js';
import {
  type StripeServer,
  startStripeServer,
  stripeEventBody,
  stripeSignatureHeader,
} from './support/stripe-server.js';

const stripeWebhookSecret = 'whsec_exactly_once_test_secret_0123456789';
const razorpayWebhookSecret = 'rzp_webhook_exactly_once_secret';

let stripe: StripeServer;
let razorpay: RazorpayServer;
let t: TestApp;
let r: Restaurant;
let menu: Awaited<ReturnType<typeof createMenu>>;
let staff: Client;
let till: Client;

beforeAll(async () => {
  stripe = await startStripeServer();
  razorpay = await startRazorpayServer();
  t = await createPaymentsApp({
    payments: {
      providers: {
        base_urls: { stripe: stripe.url, razorpay: razorpay.url },
        // No automatic retry: a lost answer stays lost, as after a crash.
        resilience: { timeoutMs: 3000, retries: 0, retryDelayMs: 5, breakerThreshold: 1000 },
      },
    },
  });
  r = await newRestaurant(t, 'exactly-once');
  menu = await createMenu(t, r);
  staff = client(t, manager(r));
  till = client(t, cashier(r));
  expect(
    (
      await staff.put('/payments/providers/stripe', {
        secret_key: stripe.secretKey,
        publishable_key: 'pk_test_exactly_once',
        webhook_secret: stripeWebhookSecret,
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await staff.put('/payments/providers/razorpay', {
        key_id: razorpay.keyId,
        key_secret: razorpay.keySecret,
        webhook_secret: razorpayWebhookSecret,
        merchant_name: 'Exactly Once',
      })
    ).status,
  ).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
  await razorpay?.close();
});

/** An online order: pending until paid (2 × Paneer Tikka + Dal = 65100 with GST). */
async function onlineOrder() {
  const placed = await staff.post('/orders', {
    channel: 'online',
    customer: { name: 'Guest', email: 'guest@example.com' },
    lines: [
      { menu_item_id: menu.tikka.id, quantity: 2 },
      { menu_item_id: menu.dal.id, quantity: 1 },
    ],
  });
  expect(placed.status, placed.text).toBe(201);
  expect(placed.body.status).toBe('pending');
  return placed.body as { id: string; total: number };
}

/** A Stripe payment on an order (its PaymentIntent waits for the browser). */
const stripePayment = async (orderId: string, key = `pay-${orderId}`) =>
  (await till.post('/payments/process', { order_id: orderId, method: 'stripe', idempotency_key: key })).body;

const orderStatus = async (id: string) => (await staff.get(`/orders/${id}`)).body.status as string;

async function stripeWebhook(body: string, header = stripeSignatureHeader(body, stripeWebhookSecret)) {
  return webhookAnswer(
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/webhooks/${r.id}/stripe`,
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      payload: body,
    }),
  );
}

async function razorpayWebhook(body: string, eventId: string, secret = razorpayWebhookSecret) {
  return webhookAnswer(
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/webhooks/${r.id}/razorpay`,
      headers: {
        'content-type': 'application/json',
        'x-razorpay-signature': signRazorpayWebhook(body, secret),
        'x-razorpay-event-id': eventId,
      },
      payload: body,
    }),
  );
}

/** A webhook's answer, read like the client's. */
const webhookAnswer = (response: {
  statusCode: number;
  headers: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
  json(): any;
}) => ({
  status: response.statusCode,
  headers: response.headers,
  body: response.json(),
});

const completedFor = async (paymentId: string) =>
  (await outbox(t, r.id, 'payments.payment_completed.v1')).filter(
    (row) => row.payload.payment_id === paymentId,
  );

/**
 * Ids, timestamps and decimal measurements are not card numbers (their digits can pass Luhn by
 * chance): they are masked before the scan.
 */
const scrub = (text: string) =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?/g, '<time>')
    .replace(/\d+\.\d+(e[+-]?\d+)?/gi, '<number>');

describe('exactly once', () => {
  it('20 identical concurrent payments make one payment row and one PaymentIntent at Stripe', async () => {
    const order = await onlineOrder();
    stripe.reset();
    const body = { order_id: order.id, method: 'stripe', idempotency_key: `pay-${order.id}` };
    const answers = await Promise.all(Array.from({ length: 20 }, () => till.post('/payments/process', body)));
    expect(answers.map((answer) => `${answer.status} ${answer.body?.code ?? ''}`)).toEqual(
      Array.from({ length: 20 }, () => '201 '),
    );
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    const created = stripe.received.filter(
      (request) => request.method === 'POST' && request.path === '/v1/payment_intents',
    );
    expect(created).toHaveLength(1);
    const check = (await till.post('/checks', { order_id: order.id })).body;
    const [{ count }] = (await t.db.admin.query<{ count: number }>(
      'select count(*)::int as count from payments.payments where check_id = $1',
      [check.id],
    )) as [{ count: number }];
    expect(count).toBe(1);
    const payment = (await till.get(`/payments/${answers[0]!.body.id}`)).body;
    expect(payment).toMatchObject({ status: 'requires_action', amount: 65100 });
    expect(payment.checkout).toMatchObject({ provider: 'stripe', publishable_key: 'pk_test_exactly_once' });
    // The same key for another payment is refused, not charged.
    const reused = await till.post('/payments/process', { ...body, amount: 100 });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(stripe.received).toHaveLength(1);
  });

  it('a webhook delivered 3 times racing the client-side confirmation credits once; the order is confirmed', async () => {
    const order = await onlineOrder();
    const payment = await stripePayment(order.id);
    const intent = stripe.confirm(payment.provider_ref);
    const event = stripeEventBody('payment_intent.succeeded', intent);
    const raced = await Promise.all([
      stripeWebhook(event),
      till.post(`/payments/${payment.id}/reconcile`),
      stripeWebhook(event),
      stripeWebhook(event),
    ]);
    expect(raced.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    // Two of the three deliveries were recognised as repeats of the first.
    expect(raced.filter((answer) => answer.body.duplicate === true)).toHaveLength(2);
    expect(await completedFor(payment.id)).toHaveLength(1);
    const check = (await till.get(`/checks/${payment.check_id}`)).body;
    expect(check).toMatchObject({ status: 'closed', paid: 65100, due: 0 });
    await eventually(
      () => orderStatus(order.id),
      (status) => status === 'confirmed',
    );
    // A late failure event never moves a paid payment back.
    const late = stripeEventBody('payment_intent.payment_failed', {
      ...intent,
      last_payment_error: { message: 'late' },
    });
    expect((await stripeWebhook(late)).status).toBe(200);
    expect((await till.get(`/payments/${payment.id}`)).body.status).toBe('succeeded');
  });

  it('tampered body, wrong secret, stale timestamp → 400 and nothing changes', async () => {
    const order = await onlineOrder();
    const payment = await stripePayment(order.id);
    const intent = stripe.confirm(payment.provider_ref);
    const body = stripeEventBody('payment_intent.succeeded', intent);
    const eventsBefore = await countRows(t, 'webhook_events', r.id);
    const tampered = await stripeWebhook(
      body.replace('"amount":65100', '"amount":1'),
      stripeSignatureHeader(body, stripeWebhookSecret),
    );
    const wrongSecret = await stripeWebhook(body, stripeSignatureHeader(body, 'whsec_not_the_right_one'));
    const stale = await stripeWebhook(
      body,
      stripeSignatureHeader(body, stripeWebhookSecret, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
    );
    const rzTampered = await razorpayWebhook(
      razorpayEventBody('payment.captured', { payment: {} }),
      'evt_rz_bad',
      'wrong',
    );
    expect([tampered, wrongSecret, stale, rzTampered].map((answer) => answer.status)).toEqual([
      400, 400, 400, 400,
    ]);
    expect(tampered.body.code).toBe('webhook_signature_invalid');
    expect(wrongSecret.body.code).toBe('webhook_signature_invalid');
    expect(stale.body.code).toBe('webhook_timestamp_stale');
    expect(String(tampered.headers['content-type'])).toMatch(/problem\+json/);
    // A restaurant without keys has no webhook endpoint.
    const other = await newRestaurant(t, 'no-keys');
    const nowhere = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/webhooks/${other.id}/stripe`,
      headers: {
        'content-type': 'application/json',
        'stripe-signature': stripeSignatureHeader(body, stripeWebhookSecret),
      },
      payload: body,
    });
    expect(nowhere.statusCode).toBe(404);
    expect(await countRows(t, 'webhook_events', r.id)).toBe(eventsBefore);
    expect((await till.get(`/payments/${payment.id}`)).body.status).toBe('requires_action');
    expect(await completedFor(payment.id)).toHaveLength(0);
    expect(await orderStatus(order.id)).toBe('pending');
    // The genuine delivery still works afterwards.
    expect((await stripeWebhook(body)).status).toBe(200);
    expect((await till.get(`/payments/${payment.id}`)).body.status).toBe('succeeded');
  });

  it('a crash between the provider’s success and our commit is reconciled by a status poll', async () => {
    const order = await onlineOrder();
    const intentsBefore = stripe.intents.size;
    // Stripe creates the intent but the answer never arrives.
    stripe.loseAnswerNext();
    const lost = await till.post('/payments/process', {
      order_id: order.id,
      method: 'stripe',
      idempotency_key: `pay-${order.id}`,
    });
    expect(lost.status).toBe(503);
    expect(stripe.intents.size).toBe(intentsBefore + 1);
    const [row] = await t.db.admin.query<{ id: string; status: string; provider_ref: string | null }>(
      `select id, status, provider_ref from payments.payments where idempotency_key = $1`,
      [`pay-${order.id}`],
    );
    expect(row).toMatchObject({ status: 'processing', provider_ref: null });
    // The guest paid on the intent meanwhile (the browser had it from Stripe.js retrying).
    const intent = [...stripe.intents.values()].find(
      (candidate) => candidate.metadata.payment_id === row!.id,
    )!;
    stripe.confirm(intent.id);
    // The reconciliation sweep: the same Idempotency-Key gets the same intent back, then its status.
    const swept = await paymentsService(t).reconcileUnsettled(systemContext(null, 'test-sweep'), {
      older_than_seconds: 0,
    });
    expect(swept).toBeGreaterThanOrEqual(1);
    const first = (await till.get(`/payments/${row!.id}`)).body;
    expect(first.provider_ref).toBe(intent.id);
    const polled = await till.post(`/payments/${row!.id}/reconcile`);
    expect(polled.status, polled.text).toBe(200);
    expect(polled.body.status).toBe('succeeded');
    expect(stripe.intents.size).toBe(intentsBefore + 1);
    expect(await completedFor(row!.id)).toHaveLength(1);
    await eventually(
      () => orderStatus(order.id),
      (status) => status === 'confirmed',
    );
  });

  it('a crash before the provider reference was stored is reconciled by the webhook (it names our payment id)', async () => {
    const order = await onlineOrder();
    stripe.loseAnswerNext();
    expect((await stripePayment(order.id)).code).toBe('provider_unavailable');
    const [row] = await t.db.admin.query<{ id: string }>(
      `select id from payments.payments where idempotency_key = $1`,
      [`pay-${order.id}`],
    );
    const intent = [...stripe.intents.values()].find(
      (candidate) => candidate.metadata.payment_id === row!.id,
    )!;
    const paid = stripe.confirm(intent.id);
    expect((await stripeWebhook(stripeEventBody('payment_intent.succeeded', paid))).status).toBe(200);
    expect((await till.get(`/payments/${row!.id}`)).body).toMatchObject({
      status: 'succeeded',
      provider_ref: intent.id,
    });
    expect(await completedFor(row!.id)).toHaveLength(1);
    await eventually(
      () => orderStatus(order.id),
      (status) => status === 'confirmed',
    );
  });

  it('a declined card parks the order in payment_failed; a second attempt pays it; a partial refund goes through Stripe', async () => {
    const order = await onlineOrder();
    const first = await stripePayment(order.id, `a1-${order.id}`);
    const declined = stripe.confirm(first.provider_ref, {
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    expect((await stripeWebhook(stripeEventBody('payment_intent.payment_failed', declined))).status).toBe(
      200,
    );
    expect((await till.get(`/payments/${first.id}`)).body).toMatchObject({
      status: 'failed',
      failure_reason: 'Your card has insufficient funds.',
    });
    await eventually(
      () => orderStatus(order.id),
      (status) => status === 'payment_failed',
    );

    const second = await stripePayment(order.id, `a2-${order.id}`);
    expect(second.status, JSON.stringify(second)).toBe('requires_action');
    stripe.confirm(second.provider_ref);
    expect((await till.post(`/payments/${second.id}/reconcile`)).body.status).toBe('succeeded');
    await eventually(
      () => orderStatus(order.id),
      (status) => status === 'confirmed',
    );

    stripe.reset();
    // Stripe is down: the refund waits; the retry with the same key asks again, and pays back once.
    stripe.failNext(1, 503);
    const down = await staff.post(`/payments/${second.id}/refund`, {
      amount: 12600,
      reason: 'Dal missing',
      idempotency_key: `rf-${order.id}`,
    });
    expect(down.status).toBe(503);
    const refund = await staff.post(`/payments/${second.id}/refund`, {
      amount: 12600,
      reason: 'Dal missing',
      idempotency_key: `rf-${order.id}`,
    });
    expect(refund.status, refund.text).toBe(201);
    expect(refund.body).toMatchObject({ status: 'succeeded', amount: 12600 });
    expect(refund.body.refund_ref).toMatch(/^re_/);
    expect(stripe.received.filter((request) => request.path === '/v1/refunds')).toHaveLength(2);
    expect(refund.body.id).toBe(
      (
        await staff.post(`/payments/${second.id}/refund`, {
          amount: 12600,
          reason: 'Dal missing',
          idempotency_key: `rf-${order.id}`,
        })
      ).body.id,
    );
    const charge = stripe.charges.get(stripe.intents.get(second.provider_ref)!.latest_charge!)!;
    expect(charge.amount_refunded).toBe(12600);
    const tooMuch = await staff.post(`/payments/${second.id}/refund`, {
      amount: 52501,
      reason: 'all',
      idempotency_key: `rf2-${order.id}`,
    });
    expect(tooMuch.body.code).toBe('refund_exceeds_paid');
    expect(stripe.received.filter((request) => request.path === '/v1/refunds')).toHaveLength(2);
    expect((await till.get(`/payments/${second.id}`)).body.refunded).toBe(12600);
  });

  it('an abandoned online attempt stops holding the check after 15 minutes; paid late anyway, it never overfills it', async () => {
    const order = await onlineOrder();
    const abandoned = await stripePayment(order.id);
    const blocked = await till.post('/payments/process', {
      order_id: order.id,
      method: 'cash',
      idempotency_key: `c-${order.id}`,
    });
    expect(blocked.status).toBe(422);
    expect(blocked.body).toMatchObject({ code: 'amount_exceeds_due' });
    await t.db.admin.query(
      `update payments.payments set updated_at = updated_at - interval '16 minutes' where id = $1`,
      [abandoned.id],
    );
    const cash = await till.post('/payments/process', {
      order_id: order.id,
      method: 'cash',
      idempotency_key: `c2-${order.id}`,
    });
    expect(cash.status, cash.text).toBe(201);
    expect((await till.get(`/checks/${cash.body.check_id}`)).body).toMatchObject({
      status: 'closed',
      paid: 65100,
    });
    // The guest comes back and pays the old intent after all: recorded, the check stays exact.
    const intent = stripe.confirm(abandoned.provider_ref);
    expect((await stripeWebhook(stripeEventBody('payment_intent.succeeded', intent))).status).toBe(200);
    expect((await till.get(`/payments/${abandoned.id}`)).body.status).toBe('succeeded');
    expect((await till.get(`/checks/${cash.body.check_id}`)).body).toMatchObject({ paid: 65100, due: 0 });
    expect(
      t.logs.some(
        (line) => line.message === 'payment exceeds what was due' && line.payment_id === abandoned.id,
      ),
    ).toBe(true);
  });

  it('Razorpay: Checkout’s signed answer and 3 captured webhooks race; credited once', async () => {
    const order = await onlineOrder();
    const created = await till.post('/payments/create-razorpay-order', {
      order_id: order.id,
      idempotency_key: `rz-${order.id}`,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.checkout).toMatchObject({
      provider: 'razorpay',
      key_id: razorpay.keyId,
      amount: 65100,
      currency: 'INR',
    });
    const orderId = created.body.checkout.order_id as string;
    const { payment, checkout } = razorpay.pay(orderId);

    const forged = await till.post('/payments/verify-razorpay', {
      ...checkout,
      razorpay_signature: '0'.repeat(64),
    });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('checkout_signature_invalid');

    const event = razorpayEventBody('payment.captured', { payment });
    const [verified, ...hooks] = await Promise.all([
      till.post('/payments/verify-razorpay', checkout),
      razorpayWebhook(event, 'evt_rz_captured_1'),
      razorpayWebhook(event, 'evt_rz_captured_1'),
      razorpayWebhook(event, 'evt_rz_captured_1'),
    ]);
    expect(verified!.status, verified!.text).toBe(200);
    expect(verified!.body.status).toBe('succeeded');
    expect(hooks.map((hook) => hook.status)).toEqual([200, 200, 200]);
    expect(hooks.filter((hook) => hook.body.duplicate)).toHaveLength(2);
    expect(await completedFor(created.body.id)).toHaveLength(1);
    expect((await till.get(`/checks/${created.body.check_id}`)).body).toMatchObject({
      status: 'closed',
      paid: 65100,
    });
    await eventually(
      () => orderStatus(order.id),
      (status) => status === 'confirmed',
    );
  });

  it('a guest pays their online order by its tracking link (no sign-in); a forged link pays nothing', async () => {
    const placed = await staff.post('/orders', {
      channel: 'online',
      customer: { name: 'Web guest' },
      lines: [{ menu_item_id: menu.dal.id, quantity: 1 }],
    });
    const token = placed.body.tracking_token as string;
    const guest = client(t, {});
    const forged = await guest.post(`/public/orders/${token.slice(0, -2)}xx/payments`, {
      method: 'stripe',
      idempotency_key: 'g-1',
    });
    expect(forged.status).toBe(404);
    // Money at the counter is the staff's.
    expect(
      (await guest.post(`/public/orders/${token}/payments`, { method: 'cash', idempotency_key: 'g-1' }))
        .status,
    ).toBe(400);
    const paying = await guest.post(`/public/orders/${token}/payments`, {
      method: 'stripe',
      tip: { percent_bps: 1000 },
      idempotency_key: 'g-1',
    });
    expect(paying.status, paying.text).toBe(201);
    expect(paying.body).toMatchObject({ amount: 12600, tip: 1260, status: 'requires_action' });
    expect(paying.body.checkout.client_secret).toMatch(/^pi_/);
    expect(stripe.intents.get(paying.body.provider_ref)!.amount).toBe(13860);
    // A repeat (double tap) gets the same payment.
    expect(
      (
        await guest.post(`/public/orders/${token}/payments`, {
          method: 'stripe',
          tip: { percent_bps: 1000 },
          idempotency_key: 'g-1',
        })
      ).body.id,
    ).toBe(paying.body.id);
    const intent = stripe.confirm(paying.body.provider_ref);
    expect((await stripeWebhook(stripeEventBody('payment_intent.succeeded', intent))).status).toBe(200);
    const mine = await guest.get(`/public/orders/${token}/payments`);
    expect(mine.body.data.map((payment: { status: string }) => payment.status)).toEqual(['succeeded']);
    await eventually(
      () => orderStatus(placed.body.id),
      (status) => status === 'confirmed',
    );
  });

  it('PCI: no card-like number in the app logs or any payments table after the run', async () => {
    // A PAN typed where a reference belongs is refused, not stored.
    await staff.put('/payments/providers/card_terminal', { enabled: true });
    const order = await onlineOrder();
    const refused = await till.post('/payments/process', {
      order_id: order.id,
      method: 'card_terminal',
      terminal_reference: '4242-4242-4242-4242',
      idempotency_key: `pan-${order.id}`,
    });
    expect(refused.status).toBe(400);
    const tables = await t.db.admin.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'payments' order by table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'payments',
        'refunds',
        'webhook_events',
        'checks',
        'provider_settings',
        'outbox',
      ]),
    );
    let scanned = 0;
    for (const { table_name } of tables) {
      const rows = await t.db.admin.query<{ row: string }>(
        `select t::text as row from payments.${table_name} t`,
      );
      scanned += rows.length;
      for (const { row } of rows)
        expect(containsCardNumber(scrub(row)), `${table_name}: ${row.slice(0, 200)}`).toBe(false);
    }
    expect(scanned).toBeGreaterThan(0);
    expect(t.logs.length).toBeGreaterThan(0);
    for (const line of t.logs) {
      const { time: _time, ...rest } = line;
      expect(containsCardNumber(scrub(JSON.stringify(rest))), JSON.stringify(rest)).toBe(false);
    }
    // The scan does find a card number where there is one.
    expect(
      containsCardNumber(scrub(`{"reference":"4242 4242 4242 4242","at":"2026-11-23T02:41:28.123Z"}`)),
    ).toBe(true);
  });
});
