import { demoRestaurantId, type Restaurant } from '@brigade/tenants';
import { as, eventually, type TestApp } from '@brigade/testing';
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
  waiter,
} from './support/payments-app.js';

let t: TestApp;
let r: Restaurant;
let menu: Awaited<ReturnType<typeof createMenu>>;
let staff: Client;
let till: Client;

beforeAll(async () => {
  t = await createPaymentsApp();
  r = await newRestaurant(t, 'checks-house');
  menu = await createMenu(t, r);
  staff = client(t, manager(r));
  till = client(t, cashier(r));
  const terminal = await staff.put('/payments/providers/card_terminal', { enabled: true });
  expect(terminal.status, terminal.text).toBe(200);
});
afterAll(() => t?.close());

/** A dine-in order at a new table: 2 × Paneer Tikka for seat 1 (52500 with GST), 1 × Dal for seat 2 (12600). */
async function tableOrder(number: string) {
  const tableId = await addTable(t, r, number);
  const placed = await staff.post('/orders', {
    channel: 'dine_in',
    table_id: tableId,
    lines: [
      { menu_item_id: menu.tikka.id, quantity: 2, seat: 1 },
      { menu_item_id: menu.dal.id, quantity: 1, seat: 2 },
    ],
  });
  expect(placed.status, placed.text).toBe(201);
  return { tableId, order: placed.body };
}

let key = 0;
const idem = () => `test-key-${++key}`;

describe('checks, splits and local payments', () => {
  it('splits a table by seat, takes cash with change and a terminal payment with a tip; the check closes, the session ends, the order completes', async () => {
    const { order } = await tableOrder('T1');
    expect(order.total).toBe(65100);
    for (const status of ['preparing', 'ready', 'served']) {
      expect((await staff.post(`/orders/${order.id}/status`, { status })).status).toBe(200);
    }

    // Five tills open the table's check at once: one check.
    const tills = await Promise.all(
      Array.from({ length: 5 }, () =>
        till.post('/checks', { session_id: order.session_id, service_charge: { rate_bps: 1000 } }),
      ),
    );
    expect(tills.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(tills.map((answer) => answer.body.id)).size).toBe(1);
    const opened = tills[0]!;
    const check = opened.body;
    expect(check).toMatchObject({
      subtotal: 65100,
      service_charge: 6510,
      total: 71610,
      paid: 0,
      due: 71610,
      status: 'open',
    });
    expect(check.tip_options.map((option: { amount: number }) => option.amount)).toEqual([
      7161, 10742, 14322,
    ]);
    expect(check.lines).toHaveLength(2);
    // Opening it again answers with the same check.
    expect((await till.post('/checks', { session_id: order.session_id })).body.id).toBe(check.id);

    // While nothing is paid, the table's check follows its orders: a late dessert joins it.
    const dessert = await staff.post('/orders', {
      channel: 'dine_in',
      session_id: order.session_id,
      lines: [{ menu_item_id: menu.dal.id, quantity: 1, seat: 2 }],
    });
    expect(dessert.status, dessert.text).toBe(201);
    const refreshed = (await till.post('/checks', { session_id: order.session_id })).body;
    expect(refreshed).toMatchObject({ id: check.id, subtotal: 77700, service_charge: 7770, total: 85470 });
    expect(refreshed.lines).toHaveLength(3);
    // It is on the table's check: paying it on its own is refused.
    const alone = await till.post('/checks', { order_id: dessert.body.id });
    expect(alone.status).toBe(409);
    expect(alone.body.code).toBe('order_on_other_check');
    await staff.post(`/orders/${dessert.body.id}/cancel`, { reason: 'changed their mind' });
    expect((await till.post('/checks', { session_id: order.session_id })).body.total).toBe(71610);

    const split = await till.post(`/checks/${check.id}/split`, { mode: 'seat' });
    expect(split.status, split.text).toBe(200);
    const [seat1, seat2] = split.body.parts;
    expect(
      split.body.parts.map((part: { label: string; amount: number }) => [part.label, part.amount]),
    ).toEqual([
      ['Seat 1', 57750],
      ['Seat 2', 13860],
    ]);

    // A split check is paid by parts.
    const whole = await till.post('/payments/process', {
      check_id: check.id,
      method: 'cash',
      idempotency_key: idem(),
    });
    expect(whole.status).toBe(400);
    // Never more than the part owes.
    const tooMuch = await till.post('/payments/process', {
      check_id: check.id,
      part_id: seat1.id,
      method: 'cash',
      amount: 57751,
      idempotency_key: idem(),
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('amount_exceeds_due');

    const cash = await till.post('/payments/process', {
      check_id: check.id,
      part_id: seat1.id,
      method: 'cash',
      tendered: 60000,
      idempotency_key: idem(),
    });
    expect(cash.status, cash.text).toBe(201);
    expect(cash.body).toMatchObject({
      status: 'succeeded',
      amount: 57750,
      tendered: 60000,
      change_due: 2250,
      tip: 0,
    });

    // The split is locked once a part took money.
    expect((await till.post(`/checks/${check.id}/split`, { mode: 'even', parts: 3 })).status).toBe(409);

    const card = await till.post('/payments/process', {
      check_id: check.id,
      part_id: seat2.id,
      method: 'card_terminal',
      terminal_reference: 'APPR 884211',
      tip: { percent_bps: 1000 },
      idempotency_key: idem(),
    });
    expect(card.status, card.text).toBe(201);
    expect(card.body).toMatchObject({
      status: 'succeeded',
      amount: 13860,
      tip: 1386,
      provider_ref: 'APPR 884211',
    });

    const closed = await till.get(`/checks/${check.id}`);
    expect(closed.body).toMatchObject({ status: 'closed', paid: 71610, due: 0, tip_total: 1386 });
    const events = (await outbox(t, r.id)).map((row) => row.type);
    expect(events.filter((type) => type === 'payments.payment_completed.v1')).toHaveLength(2);
    expect(events.filter((type) => type === 'payments.check_closed.v1')).toHaveLength(1);

    // Saga: the order is completed (served and settled), the session closed, the table to clean.
    await eventually(
      async () => (await staff.get(`/orders/${order.id}`)).body.status,
      (status) => status === 'completed',
    );
    await eventually(
      async () => (await staff.get(`/table-sessions/${order.session_id}`)).body.status,
      (status) => status === 'closed',
    );
    // The order was paid on its table's check: it cannot get a check of its own.
    const own = await till.post('/checks', { order_id: order.id });
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('check_closed');
    // Nothing more can be paid.
    const late = await till.post('/payments/process', {
      check_id: check.id,
      part_id: seat2.id,
      method: 'cash',
      idempotency_key: idem(),
    });
    expect(late.status).toBe(409);
  });

  it('splits evenly, by item with fractions and by amounts, always adding up exactly', async () => {
    const { order } = await tableOrder('T2');
    const check = (await till.post('/checks', { order_id: order.id })).body;
    expect(check.total).toBe(65100);
    const [tikkaLine, dalLine] = check.lines;

    const even = await till.post(`/checks/${check.id}/split`, { mode: 'even', parts: 3 });
    expect(even.body.parts.map((part: { amount: number }) => part.amount)).toEqual([21700, 21700, 21700]);
    const seven = await till.post(`/checks/${check.id}/split`, { mode: 'even', parts: 7 });
    const sevenths = seven.body.parts.map((part: { amount: number }) => part.amount);
    expect(sevenths.reduce((a: number, b: number) => a + b, 0)).toBe(65100);
    expect(Math.max(...sevenths) - Math.min(...sevenths)).toBeLessThanOrEqual(1);

    // A third of the tikka each for two guests, the dal for one; the last third is left as "Rest".
    const items = await till.post(`/checks/${check.id}/split`, {
      mode: 'item',
      parts: [
        {
          label: 'Ana',
          items: [{ line_id: tikkaLine.line_id, numerator: 1, denominator: 3 }, { line_id: dalLine.line_id }],
        },
        { label: 'Ben', items: [{ line_id: tikkaLine.line_id, numerator: 1, denominator: 3 }] },
      ],
    });
    expect(items.status, items.text).toBe(200);
    expect(
      items.body.parts.map((part: { label: string; amount: number }) => [part.label, part.amount]),
    ).toEqual([
      ['Ana', 17500 + 12600],
      ['Ben', 17500],
      ['Rest', 17500],
    ]);
    expect(items.body.parts[2].items[0]).toMatchObject({ numerator: 1, denominator: 3, amount: 17500 });

    const overclaimed = await till.post(`/checks/${check.id}/split`, {
      mode: 'item',
      parts: [
        { items: [{ line_id: tikkaLine.line_id, numerator: 2, denominator: 3 }] },
        { items: [{ line_id: tikkaLine.line_id, numerator: 1, denominator: 2 }] },
      ],
    });
    expect(overclaimed.status).toBe(400);
    expect(overclaimed.body.code).toBe('split_invalid');

    expect(
      (await till.post(`/checks/${check.id}/split`, { mode: 'amount', amounts: [100, 200] })).body.code,
    ).toBe('split_invalid');
    const amounts = await till.post(`/checks/${check.id}/split`, { mode: 'amount', amounts: [60000, 5100] });
    expect(amounts.body.parts.map((part: { amount: number }) => part.amount)).toEqual([60000, 5100]);
    // Partial payments on a part: it stays open until its amount is in.
    const first = await till.post('/payments/process', {
      check_id: check.id,
      part_id: amounts.body.parts[0].id,
      method: 'cash',
      amount: 20000,
      idempotency_key: idem(),
    });
    expect(first.status, first.text).toBe(201);
    const after = (await till.get(`/checks/${check.id}`)).body;
    expect(after).toMatchObject({ paid: 20000, due: 45100, status: 'open' });
    expect(after.parts[0]).toMatchObject({ paid: 20000, due: 40000 });
  });

  it('refuses card numbers and unknown methods; shows which methods the restaurant can take; keeps provider secrets sealed', async () => {
    const methods = await till.get('/payments/methods');
    expect(methods.body.data).toEqual([
      { method: 'cash', available: true },
      { method: 'card_terminal', available: true },
      {
        method: 'stripe',
        available: false,
        reason: 'missing_keys',
        missing: ['secret_key', 'publishable_key', 'webhook_secret'],
      },
      {
        method: 'razorpay',
        available: false,
        reason: 'missing_keys',
        missing: ['key_id', 'key_secret', 'webhook_secret'],
      },
    ]);
    const { order } = await tableOrder('T3');
    const noStripe = await till.post('/payments/process', {
      order_id: order.id,
      method: 'stripe',
      idempotency_key: idem(),
    });
    expect(noStripe.status).toBe(422);
    expect(noStripe.body.code).toBe('method_unavailable');
    const pan = await till.post('/payments/process', {
      order_id: order.id,
      method: 'card_terminal',
      terminal_reference: '4111 1111 1111 1111',
      idempotency_key: idem(),
    });
    expect(pan.status).toBe(400);
    expect(pan.body.code).toBe('card_data_refused');
    const check = (await till.post('/checks', { order_id: order.id })).body;
    expect((await till.get(`/checks/${check.id}`)).body.paid).toBe(0);

    // A cashier may not set keys; a manager may, and never sees the secrets again.
    expect((await till.put('/payments/providers/stripe', { secret_key: 'sk_test_x' })).status).toBe(403);
    const saved = await staff.put('/payments/providers/stripe', {
      secret_key: 'sk_test_sealed_secret_value',
      publishable_key: 'pk_test_visible',
      webhook_secret: 'whsec_sealed_webhook_secret',
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.text).not.toContain('sk_test_sealed_secret_value');
    expect(saved.body.configured).toEqual(['publishable_key', 'secret_key', 'webhook_secret']);
    const [stored] = await t.db.admin.query<{ secrets_encrypted: string }>(
      `select secrets_encrypted from payments.provider_settings where tenant_id = $1 and provider = 'stripe'`,
      [r.id],
    );
    expect(stored!.secrets_encrypted).toMatch(/^v1\./);
    expect(stored!.secrets_encrypted).not.toContain('sk_test');
    expect((await till.get('/payments/methods')).body.data[2]).toEqual({ method: 'stripe', available: true });
    expect((await staff.put('/payments/providers/stripe', { enabled: false })).status).toBe(200);
  });

  it('refunds fully or partly with a reason and never more than was paid; receipts as JSON and HTML; the day by method', async () => {
    const { order } = await tableOrder('T4');
    const paid = await till.post('/payments/process', {
      order_id: order.id,
      method: 'cash',
      tip: { amount: 900 },
      tendered: 70000,
      idempotency_key: idem(),
    });
    expect(paid.status, paid.text).toBe(201);
    expect(paid.body).toMatchObject({ amount: 65100, tip: 900, change_due: 4000 });
    const id = paid.body.id;

    // Refunds need payments:refund.
    expect(
      (await till.post(`/payments/${id}/refund`, { reason: 'cold', idempotency_key: idem() })).status,
    ).toBe(403);
    const partial = await staff.post(`/payments/${id}/refund`, {
      amount: 12600,
      reason: 'Dal was cold',
      idempotency_key: 'r-1',
    });
    expect(partial.status, partial.text).toBe(201);
    expect(partial.body).toMatchObject({ status: 'succeeded', amount: 12600, reason: 'Dal was cold' });
    // Replayed by its key: the same refund, not a second one.
    expect(
      (
        await staff.post(`/payments/${id}/refund`, {
          amount: 12600,
          reason: 'Dal was cold',
          idempotency_key: 'r-1',
        })
      ).body.id,
    ).toBe(partial.body.id);
    const tooMuch = await staff.post(`/payments/${id}/refund`, {
      amount: 53401,
      reason: 'all',
      idempotency_key: idem(),
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('refund_exceeds_paid');
    const rest = await staff.post(`/payments/${id}/refund`, {
      reason: 'Guest left unhappy',
      idempotency_key: idem(),
    });
    expect(rest.body.amount).toBe(65100 + 900 - 12600);
    expect(
      (await staff.post(`/payments/${id}/refund`, { reason: 'again', idempotency_key: idem() })).status,
    ).toBe(422);
    expect((await till.get(`/payments/${id}`)).body.refunded).toBe(66000);
    const refunds = await outbox(t, r.id, 'payments.refund_processed.v1');
    expect(
      refunds.filter((row) => row.payload.payment_id === id).map((row) => row.payload.refund_amount),
    ).toEqual([12600, 53400]);

    const receipt = await till.get(`/payments/${id}/receipt`);
    expect(receipt.status, receipt.text).toBe(200);
    expect(receipt.body).toMatchObject({
      restaurant: { name: r.name },
      charged: 66000,
      check: { total: 65100 },
    });
    expect(receipt.body.refunds).toHaveLength(2);
    const html = await till.get(`/payments/${id}/receipt?format=html`);
    expect(html.status).toBe(200);
    expect(String(html.headers['content-type'])).toMatch(/^text\/html/);
    expect(html.text).toContain('651.00 INR');
    expect(html.text).toContain('Refund: Dal was cold');

    const stats = await staff.get('/payments/stats');
    expect(stats.status, stats.text).toBe(200);
    const cash = stats.body.methods.find((row: { method: string }) => row.method === 'cash');
    expect(cash.refunded).toBeGreaterThanOrEqual(66000);
    expect(cash.net).toBe(cash.amount + cash.tips - cash.refunded);
    expect(stats.body.timezone).toBe('Asia/Kolkata');
  });

  it('rounds cash to the currency’s smallest coin (CHF: 5 Rappen) and still settles the check exactly', async () => {
    const swiss = await newRestaurant(t, 'checks-zurich', { currency: 'CHF', timezone: 'Europe/Zurich' });
    const swissMenu = await createMenu(t, swiss);
    const swissTill = client(t, cashier(swiss));
    const placed = await client(t, manager(swiss)).post('/orders', {
      channel: 'takeout',
      lines: [{ menu_item_id: swissMenu.dal.id, quantity: 1 }],
    });
    expect(placed.body.total).toBe(12600);
    const first = await swissTill.post('/payments/process', {
      order_id: placed.body.id,
      method: 'cash',
      amount: 1233,
      tendered: 2000,
      idempotency_key: idem(),
    });
    expect(first.body).toMatchObject({ amount: 1233, rounding_adjustment: 2, change_due: 765 });
    const rest = await swissTill.post('/payments/process', {
      order_id: placed.body.id,
      method: 'cash',
      idempotency_key: idem(),
    });
    expect(rest.body).toMatchObject({
      amount: 11367,
      rounding_adjustment: -2,
      tendered: 11365,
      change_due: 0,
    });
    expect((await swissTill.get(`/checks/${rest.body.check_id}`)).body).toMatchObject({
      status: 'closed',
      paid: 12600,
    });
  });

  it('runs a cash drawer from float to Z report: sales, refunds, cash in and out, counted against expected', async () => {
    const opened = await till.post('/drawers', { name: 'Front', opening_float: 500000 });
    expect(opened.status, opened.text).toBe(201);
    expect((await till.post('/drawers', { name: 'front', opening_float: 0 })).status).toBe(409);
    const drawer = opened.body.id;
    const { order } = await tableOrder('T5');
    const paid = await till.post('/payments/process', {
      order_id: order.id,
      method: 'cash',
      tendered: 100000,
      idempotency_key: idem(),
    });
    expect(paid.body.change_due).toBe(100000 - 65100);
    await staff.post(`/payments/${paid.body.id}/refund`, {
      amount: 5100,
      reason: 'discount after the fact',
      idempotency_key: idem(),
    });
    await till.post(`/drawers/${drawer}/movements`, {
      kind: 'cash_out',
      amount: 20000,
      reason: 'milk from the shop',
    });
    await till.post(`/drawers/${drawer}/movements`, {
      kind: 'cash_in',
      amount: 10000,
      reason: 'change from the bank',
    });
    const before = await till.get(`/drawers/${drawer}`);
    expect(before.body).toMatchObject({
      cash_sales: 65100,
      cash_refunds: 5100,
      cash_in: 10000,
      cash_out: 20000,
      expected: 550000,
    });
    const closed = await till.post(`/drawers/${drawer}/close`, { counted: 549500 });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      expected: 550000,
      counted: 549500,
      difference: -500,
    });
    expect(
      (await till.post(`/drawers/${drawer}/movements`, { kind: 'cash_in', amount: 1, reason: 'late' }))
        .status,
    ).toBe(409);
  });

  it('keeps restaurants apart and refuses callers without payment permissions', async () => {
    const other = await newRestaurant(t, 'checks-other');
    const { order } = await tableOrder('T6');
    const check = (await till.post('/checks', { order_id: order.id })).body;
    const stranger = client(t, cashier(other));
    expect((await stranger.get(`/checks/${check.id}`)).status).toBe(404);
    expect(
      (
        await stranger.post('/payments/process', {
          check_id: check.id,
          method: 'cash',
          idempotency_key: idem(),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await client(t, waiter(r)).post('/payments/process', {
          check_id: check.id,
          method: 'cash',
          idempotency_key: idem(),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await client(t, as({ tenantId: r.id, role: 'kitchen', permissions: ['orders:read'] })).get(
          `/checks/${check.id}`,
        )
      ).status,
    ).toBe(403);
    expect(await countRows(t, 'payments', other.id)).toBe(0);
  });

  it('the demo seed: Spice Route takes cash and its terminal, its takeout order is paid in cash, once', async () => {
    await t.seed();
    const spice = client(t, manager({ id: demoRestaurantId }));
    const methods = (await spice.get('/payments/methods')).body.data;
    expect(
      methods
        .filter((method: { available: boolean }) => method.available)
        .map((method: { method: string }) => method.method),
    ).toEqual(['cash', 'card_terminal']);
    expect(await countRows(t, 'payments', demoRestaurantId)).toBe(1);
    await t.seed();
    expect(await countRows(t, 'payments', demoRestaurantId)).toBe(1);
    const [paid] = await outbox(t, demoRestaurantId, 'payments.payment_completed.v1');
    expect(paid!.payload).toMatchObject({ method: 'cash', check_status: 'closed' });
  });

  it('the API description lists the payments routes (schemas generate without collisions)', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode, spec.body.slice(0, 300)).toBe(200);
    expect(Object.keys(spec.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/checks',
        '/api/v1/checks/{id}/split',
        '/api/v1/payments/process',
        '/api/v1/payments/{id}/refund',
        '/api/v1/payments/{id}/receipt',
        '/api/v1/payments/webhooks/{tenant_id}/{provider}',
        '/api/v1/payments/providers/{provider}',
        '/api/v1/drawers/{id}/close',
      ]),
    );
  });
});
