/**
 * Issue 8 point 1: guests at a table see their bill, ask for it and pay it from their phones,
 * by the table's QR code — one check however many phones ask, requests recorded and announced
 * once each, online payments exactly once (against the local Stripe server), and nothing of
 * another restaurant or table within reach.
 */
import type { Restaurant } from '@brigade/tenants';
import { eventually, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTable,
  type Client,
  cashier,
  client,
  countRows,
  createMenu,
  createPaymentsApp,
  manager,
  newRestaurant,
  outbox,
} from './support/payments-app.js';
import {
  type StripeServer,
  startStripeServer,
  stripeEventBody,
  stripeSignatureHeader,
} from './support/stripe-server.js';

const webhookSecret = 'whsec_guest_table_test_secret_0123456789';

let stripe: StripeServer;
let t: TestApp;
let r: Restaurant;
let other: Restaurant;
let menu: Awaited<ReturnType<typeof createMenu>>;
let staff: Client;
let till: Client;
/** A phone at a table: no sign-in. */
let guest: Client;

beforeAll(async () => {
  stripe = await startStripeServer();
  t = await createPaymentsApp({
    payments: {
      publicRequestsPerCodePerMinute: 10_000,
      providers: {
        base_urls: { stripe: stripe.url },
        resilience: { timeoutMs: 3000, retries: 0, retryDelayMs: 5, breakerThreshold: 1000 },
      },
    },
  });
  r = await newRestaurant(t, 'guest-bill');
  other = await newRestaurant(t, 'guest-bill-other');
  menu = await createMenu(t, r);
  staff = client(t, manager(r));
  till = client(t, cashier(r));
  guest = client(t, {});
  const configured = await staff.put('/payments/providers/stripe', {
    secret_key: stripe.secretKey,
    publishable_key: 'pk_test_guest_table',
    webhook_secret: webhookSecret,
  });
  expect(configured.status, configured.text).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

async function qrToken(restaurant: { id: string }, tableId: string): Promise<string> {
  const qr = await client(t, manager(restaurant)).get(`/tables/${tableId}/qr?format=json`);
  expect(qr.status, qr.text).toBe(200);
  return qr.body.token as string;
}

/** A seated table with one order: 2 × Paneer Tikka + Dal = 65100 with GST. */
async function seatedTable(number: string) {
  const tableId = await addTable(t, r, number);
  const placed = await staff.post('/orders', {
    channel: 'dine_in',
    table_id: tableId,
    lines: [
      { menu_item_id: menu.tikka.id, quantity: 2 },
      { menu_item_id: menu.dal.id, quantity: 1 },
    ],
  });
  expect(placed.status, placed.text).toBe(201);
  return { tableId, token: await qrToken(r, tableId), order: placed.body as { session_id: string } };
}

const billRequests = async () => outbox(t, r.id, 'payments.bill_requested.v1');

async function stripeSucceeded(providerRef: string) {
  const body = stripeEventBody('payment_intent.succeeded', stripe.confirm(providerRef));
  const answer = await t.app.inject({
    method: 'POST',
    url: `/api/v1/payments/webhooks/${r.id}/stripe`,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': stripeSignatureHeader(body, webhookSecret),
    },
    payload: body,
  });
  expect(answer.statusCode, answer.body).toBe(200);
}

describe("a table's bill on the guests' phones", () => {
  it('opens one check however many phones ask at once, and shows guests no staff data', async () => {
    const { tableId, token, order } = await seatedTable('G1');
    const before = await countRows(t, 'checks', r.id);

    const phones = await Promise.all(
      Array.from({ length: 6 }, () => guest.get(`/public/tables/${token}/check`)),
    );
    expect(phones.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(phones.map((answer) => answer.body.id)).size).toBe(1);
    expect(await countRows(t, 'checks', r.id)).toBe(before + 1);
    const check = phones[0]!.body;
    const opened = (await outbox(t, r.id, 'payments.check_opened.v1')).filter(
      (row) => row.payload.check_id === check.id,
    );
    expect(opened).toHaveLength(1);
    expect(opened[0]!.payload).toMatchObject({ session_id: order.session_id, table_id: tableId });

    expect(phones[0]!.headers['cache-control']).toBe('no-store');
    expect(check).toMatchObject({
      status: 'open',
      table: { id: tableId, number: 'G1' },
      subtotal: 65100,
      total: 65100,
      paid: 0,
      due: 65100,
      bill_requested_at: null,
      bill_request_method: null,
      online_methods: ['stripe'],
    });
    expect(check.tip_options.map((option: { amount: number }) => option.amount)).toEqual([6510, 9765, 13020]);
    expect(check.lines).toHaveLength(2);
    expect(Object.keys(check.lines[0]).sort()).toEqual(['name', 'quantity', 'seat', 'total']);
    for (const staffOnly of ['order_ids', 'session_id', 'opened_by', 'split_mode', 'table_number']) {
      expect(check).not.toHaveProperty(staffOnly);
    }

    // Asking again is a read: the same check, nothing new written.
    const again = await guest.get(`/public/tables/${token}/check`);
    expect(again.body.id).toBe(check.id);
    expect(await countRows(t, 'checks', r.id)).toBe(before + 1);
  });

  it('records a bill request once per request, updates it when asked again, lists it for staff, and ends with the cash payment', async () => {
    const { tableId, token } = await seatedTable('G2');
    const eventsBefore = (await billRequests()).length;

    const first = await guest.post(`/public/tables/${token}/bill-request`, {
      method: 'cash',
      tip: { percent_bps: 1000 },
    });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ bill_request_method: 'cash', bill_request_tip: 6510, due: 65100 });
    expect(first.body.bill_requested_at).toEqual(expect.any(String));
    const events = await billRequests();
    expect(events).toHaveLength(eventsBefore + 1);
    expect(events.at(-1)!.payload).toEqual({
      check_id: first.body.id,
      session_id: expect.any(String),
      table_id: tableId,
      table_number: 'G2',
      method: 'cash',
      due: 65100,
      tip: 6510,
      currency: first.body.currency,
    });

    const listed = await till.get('/checks?bill_requested=true');
    expect(listed.status, listed.text).toBe(200);
    const mine = listed.body.data.filter((check: { id: string }) => check.id === first.body.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      table_id: tableId,
      table_number: 'G2',
      bill_request_method: 'cash',
      due: 65100,
    });
    const unrequested = await till.get('/checks?bill_requested=false');
    expect(unrequested.body.data.map((check: { id: string }) => check.id)).not.toContain(first.body.id);

    // Another phone changes its mind: the request is updated, not duplicated; one more event.
    const second = await guest.post(`/public/tables/${token}/bill-request`, { method: 'card' });
    expect(second.status, second.text).toBe(200);
    expect(second.body).toMatchObject({
      id: first.body.id,
      bill_request_method: 'card',
      bill_request_tip: 0,
    });
    expect(Date.parse(second.body.bill_requested_at)).toBeGreaterThanOrEqual(
      Date.parse(first.body.bill_requested_at),
    );
    expect(await billRequests()).toHaveLength(eventsBefore + 2);
    const relisted = (await till.get('/checks?bill_requested=true')).body.data.filter(
      (check: { table_id: string }) => check.table_id === tableId,
    );
    expect(relisted).toHaveLength(1);
    expect(relisted[0].bill_request_method).toBe('card');

    // The cashier settles it in cash: off the list, and the guests' visit ends.
    const paid = await till.post('/payments/process', {
      check_id: first.body.id,
      method: 'cash',
      tendered: 70000,
      idempotency_key: `cash-${first.body.id}`,
    });
    expect(paid.status, paid.text).toBe(201);
    const after = (await till.get('/checks?bill_requested=true')).body.data.map(
      (check: { id: string }) => check.id,
    );
    expect(after).not.toContain(first.body.id);
    const ended = await eventually(
      () => guest.get(`/public/tables/${token}/check`),
      (answer) => answer.status !== 200,
    );
    expect(ended.status).toBe(409);
    expect(ended.body.code).toBe('table_visit_not_open');
    const late = await guest.post(`/public/tables/${token}/bill-request`, { method: 'cash' });
    expect(late.status).toBe(409);
    expect(await billRequests()).toHaveLength(eventsBefore + 2);
  });

  it('lets two guests pay their shares online, each exactly once, until the check is settled', async () => {
    const { token } = await seatedTable('G3');
    stripe.reset();

    const share = { method: 'stripe', amount: 20000, tip: { amount: 500 }, idempotency_key: 'phone-a-1' };
    const tries = await Promise.all(
      Array.from({ length: 5 }, () => guest.post(`/public/tables/${token}/payments`, share)),
    );
    expect(tries.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(tries.map((answer) => answer.body.id)).size).toBe(1);
    // Replays answered while the first was still with Stripe say `processing`; once back, the same payment.
    const first = (await guest.post(`/public/tables/${token}/payments`, share)).body;
    expect(first.id).toBe(tries[0]!.body.id);
    expect(first).toMatchObject({ method: 'stripe', status: 'requires_action', amount: 20000, tip: 500 });
    expect(first.checkout).toMatchObject({ provider: 'stripe', publishable_key: 'pk_test_guest_table' });
    expect(stripe.received.filter((request) => request.path === '/v1/payment_intents')).toHaveLength(1);

    // The same key for a different payment is refused.
    const reused = await guest.post(`/public/tables/${token}/payments`, { ...share, amount: 100 });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');

    await stripeSucceeded(first.provider_ref);
    const partly = await guest.get(`/public/tables/${token}/check`);
    expect(partly.body).toMatchObject({ status: 'open', paid: 20000, due: 45100 });

    const rest = await guest.post(`/public/tables/${token}/payments`, {
      method: 'stripe',
      idempotency_key: 'phone-b-1',
    });
    expect(rest.status, rest.text).toBe(201);
    expect(rest.body.amount).toBe(45100);
    await stripeSucceeded(rest.body.provider_ref);
    const closed = (await outbox(t, r.id, 'payments.check_closed.v1')).filter(
      (row) => row.payload.check_id === partly.body.id,
    );
    expect(closed).toHaveLength(1);
    expect(closed[0]!.payload).toMatchObject({ paid: 65100, tip_total: 500, settles_session: true });
  });

  it('refuses a method without keys, and an amount over what is due, writing nothing', async () => {
    const { token } = await seatedTable('G4');
    const check = (await guest.get(`/public/tables/${token}/check`)).body;
    const payments = await countRows(t, 'payments', r.id);

    const razorpay = await guest.post(`/public/tables/${token}/payments`, {
      method: 'razorpay',
      idempotency_key: 'rzp-1',
    });
    expect(razorpay.status).toBe(422);
    expect(razorpay.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(razorpay.body.code).toBe('method_unavailable');

    const tooMuch = await guest.post(`/public/tables/${token}/payments`, {
      method: 'stripe',
      amount: check.due + 1,
      idempotency_key: 'too-much-1',
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('amount_exceeds_due');
    expect(await countRows(t, 'payments', r.id)).toBe(payments);
  });

  it('answers 404 for unknown codes, 409 for a table nobody sits at, and 400 for bad input, writing nothing', async () => {
    const { token } = await seatedTable('G5');
    const emptyTable = await addTable(t, r, 'G6');
    const emptyToken = await qrToken(r, emptyTable);
    const checks = await countRows(t, 'checks', r.id);
    const events = (await outbox(t, r.id)).length;
    const unknown = 'x'.repeat(43);

    for (const answer of [
      await guest.get(`/public/tables/${unknown}/check`),
      await guest.post(`/public/tables/${unknown}/bill-request`, { method: 'cash' }),
      await guest.post(`/public/tables/${unknown}/payments`, { method: 'stripe', idempotency_key: 'k-1' }),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    }

    const nobody = await guest.get(`/public/tables/${emptyToken}/check`);
    expect(nobody.status).toBe(409);
    expect(nobody.body.code).toBe('table_visit_not_open');
    expect((await guest.post(`/public/tables/${emptyToken}/bill-request`, { method: 'cash' })).status).toBe(
      409,
    );

    for (const body of [
      { method: 'cheque' },
      {},
      { method: 'cash', tip: { percent_bps: -5 } },
      { method: 'cash', table_id: emptyTable },
    ]) {
      const answer = await guest.post(`/public/tables/${token}/bill-request`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    for (const body of [
      { method: 'cash', idempotency_key: 'k-2' },
      { method: 'stripe' },
      { method: 'stripe', idempotency_key: 'k-3', amount: 0 },
      { method: 'stripe', idempotency_key: 'k-4', check_id: emptyTable },
    ]) {
      const answer = await guest.post(`/public/tables/${token}/payments`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect(await countRows(t, 'checks', r.id)).toBe(checks);
    expect(await outbox(t, r.id)).toHaveLength(events);
  });

  it("never shows one restaurant's table to another restaurant's staff or guests", async () => {
    const theirTable = await addTable(t, other, 'X1');
    const theirToken = await qrToken(other, theirTable);
    const theirMenu = await createMenu(t, other);
    const placed = await client(t, manager(other)).post('/orders', {
      channel: 'dine_in',
      table_id: theirTable,
      lines: [{ menu_item_id: theirMenu.dal.id, quantity: 1 }],
    });
    expect(placed.status, placed.text).toBe(201);
    const theirs = await guest.post(`/public/tables/${theirToken}/bill-request`, { method: 'cash' });
    expect(theirs.status, theirs.text).toBe(200);
    expect(theirs.body).toMatchObject({
      table: { id: theirTable, number: 'X1' },
      total: 12600,
      online_methods: [],
    });

    // Our staff neither list nor read their check; signed in to us, their code names nothing.
    const ours = await till.get('/checks?bill_requested=true');
    expect(ours.body.data.map((check: { id: string }) => check.id)).not.toContain(theirs.body.id);
    expect((await till.get(`/checks/${theirs.body.id}`)).status).toBe(404);
    expect((await till.get(`/public/tables/${theirToken}/check`)).status).toBe(404);
    // Their request was announced in their restaurant only.
    expect((await billRequests()).map((row) => row.payload.check_id)).not.toContain(theirs.body.id);
    expect(
      (await outbox(t, other.id, 'payments.bill_requested.v1')).map((row) => row.payload.check_id),
    ).toEqual([theirs.body.id]);
  });
});
