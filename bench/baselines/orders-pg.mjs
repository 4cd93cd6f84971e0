// The raw-app ceiling of `POST /api/v1/orders` (scenario orders): a bare Fastify 5 route that
// writes what placing a takeout order writes — the order, its lines, two status history rows,
// two outbox events and the idempotency record — in one plain `pg` transaction, as the
// application role under the tenant's row-level security. No menu lookup, no pricing rules, no
// authentication: what is left is HTTP, JSON and the database. Like the module, it takes the
// day's order number in a short transaction of its own before the order's transaction. Needs
// DATABASE_URL, migrated by Brigade (the orders subject starts first and migrates it). Listens
// on HOST and PORT; closes on SIGTERM or SIGINT.
import { createHash, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { appRole, demoTenantId, statements } from '../lib/orders-sql.mjs';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('orders-pg needs DATABASE_URL');
  process.exit(1);
}
// As many connections as the Brigade server's pool (DATABASE_POOL_MAX, default 10).
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
pool.on('error', () => undefined);
const { rows } = await pool.query(`select to_regclass('orders.orders') is not null as migrated`);
if (!rows[0]?.migrated) {
  console.error('orders-pg: the database has no orders tables yet; run `brigade migrate` on it first');
  process.exit(1);
}

const tenant = demoTenantId;
const unitPrice = 15_000;
const optionPrice = 3_000;
const taxRateBps = 500;

/**
 * @param {{ channel: string, lines: { menu_item_id: string, option_ids?: string[], quantity: number }[] }} body
 * @param {string} key  the Idempotency-Key
 */
async function placeOrder(body, key) {
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  const orderId = randomUUID();
  const lines = body.lines.map((line, index) => {
    const options = (line.option_ids ?? []).map((id) => ({
      id,
      group_id: id,
      name: 'Extra',
      price_delta: optionPrice,
    }));
    const price = unitPrice + options.length * optionPrice;
    return { id: randomUUID(), position: index + 1, line, options, price, subtotal: price * line.quantity };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.subtotal, 0);
  const tax = Math.round((subtotal * taxRateBps) / 10_000);
  const taxes = [{ name: 'GST', rate_bps: taxRateBps, amount: tax }];
  const client = await pool.connect();
  try {
    // The day's number in its own short transaction, as the orders module takes it: the
    // counter row is locked for one statement, not for the whole order.
    await client.query('begin');
    await client.query(statements.scope, [appRole, tenant]);
    const counter = await client.query(statements.counter, [tenant, day]);
    await client.query('commit');
    const number = `ORD_${day.replaceAll('-', '')}_${String(counter.rows[0].last_number).padStart(3, '0')}`;
    await client.query('begin');
    await client.query(statements.scope, [appRole, tenant]);
    const order = await client.query(statements.order, [
      orderId,
      tenant,
      number,
      day,
      JSON.stringify(taxes),
      subtotal,
      tax,
      subtotal + tax,
      'bench',
      now,
    ]);
    await client.query(
      statements.lines(lines.length),
      lines.flatMap(({ id, position, line, options, price, subtotal: lineSubtotal }) => [
        id,
        tenant,
        orderId,
        position,
        line.menu_item_id,
        JSON.stringify(options),
        line.quantity,
        price,
        lineSubtotal,
      ]),
    );
    await client.query(statements.history, [randomUUID(), randomUUID(), tenant, orderId, 'bench', now]);
    const ref = { order_id: orderId, number, channel: body.channel, table_id: null, session_id: null };
    const created = {
      ...ref,
      status: 'confirmed',
      customer_id: null,
      placed_at: now.toISOString(),
      currency: 'INR',
      subtotal,
      discount_total: 0,
      tax_total: tax,
      total: subtotal + tax,
      lines: lines.map(({ id, line, options, subtotal: total }) => ({
        line_id: id,
        menu_item_id: line.menu_item_id,
        variant_id: null,
        option_ids: options.map((option) => option.id),
        name: 'Bench item',
        variant_name: null,
        options: options.map((option) => option.name),
        quantity: line.quantity,
        notes: null,
        seat: null,
        course: 1,
        station: null,
        prep_time_seconds: null,
        total,
      })),
    };
    const confirmed = { ...ref, from: 'pending', to: 'confirmed', changed_by: 'bench', reason: null };
    const response = JSON.stringify({ ...order.rows[0], lines: lines.map((line) => line.id) });
    await client.query(statements.outbox, [
      randomUUID(),
      randomUUID(),
      tenant,
      orderId,
      key,
      now,
      JSON.stringify(created),
      JSON.stringify(confirmed),
    ]);
    const fingerprint = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    await client.query(statements.idempotency, [
      tenant,
      key,
      fingerprint,
      JSON.stringify({ 'content-type': 'application/json; charset=utf-8', location: `/orders/${orderId}` }),
      response,
    ]);
    await client.query('commit');
    return { orderId, response };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const app = Fastify({ logger: false });
app.get('/', async () => ({ ready: true }));
app.post('/api/v1/orders', async (request, reply) => {
  const key = request.headers['idempotency-key'];
  const { orderId, response } = await placeOrder(
    /** @type {Parameters<typeof placeOrder>[0]} */ (request.body),
    typeof key === 'string' ? key : randomUUID(),
  );
  return reply
    .code(201)
    .header('location', `/api/v1/orders/${orderId}`)
    .type('application/json; charset=utf-8')
    .send(response);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () =>
    app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
  );
}

await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
