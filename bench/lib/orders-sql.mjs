// The rows one order is, written by hand: what the raw-app baseline (baselines/orders-pg.mjs)
// sends through `pg` and pgbench runs as its script, in the tables of modules/orders/migrations
// and the platform's (messaging outbox, http idempotency records). The same statements, in the
// same order and number of round trips as the orders module: the day's order-number counter in
// a short transaction of its own (the tenant's transaction settings, the counter), then the
// order's transaction: the tenant's transaction settings, the order, its three lines (one statement), two status
// history rows (pending → confirmed, one statement), two outbox events (order_created and
// order_confirmed, one statement) and the idempotency record with the stored response.
//
// The outbox rows are written already sent (`sent_at`), so that no Brigade process started later
// relays these hand-made events to its subscribers; that spares the partial index on unsent rows
// one entry per event, nothing else.

/** Spice Route, the demo restaurant every topology seeds. */
export const demoTenantId = '11111111-1111-4111-8111-111111111111';
export const appRole = 'brigade_app';

export const statements = {
  scope: `select set_config('role', $1, true), set_config('app.tenant_id', $2, true)`,
  counter: `insert into orders.daily_counters (tenant_id, business_date, last_number) values ($1, $2, 1)
    on conflict (tenant_id, business_date) do update set last_number = orders.daily_counters.last_number + 1
    returning last_number`,
  order: `insert into orders.orders (id, tenant_id, number, business_date, channel, source, status, currency,
    prices_include_tax, discounts, taxes, subtotal, discount_total, tax_total, total, placed_by, version,
    created_at, updated_at)
    values ($1, $2, $3, $4, 'takeout', 'pos', 'confirmed', 'INR', false, '[]', $5, $6, 0, $7, $8, $9, 1, $10, $10)
    returning *`,
  lines: (/** @type {number} */ count) =>
    `insert into orders.order_lines (id, tenant_id, order_id, position, menu_item_id, category_id, name, options,
    quantity, unit_price, subtotal, tax_category, tax_name, tax_rate_bps, tax, total, created_at)
    values ${Array.from({ length: count }, (_, n) => {
      const p = n * 9;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 5}, 'Bench item', $${p + 6}, $${p + 7}, $${p + 8}, $${p + 9}, 'food', 'GST', 500, 0, $${p + 9}, now())`;
    }).join(', ')}
    returning *`,
  history: `insert into orders.status_history (id, tenant_id, order_id, status, from_status, changed_by, at)
    values ($1, $3, $4, 'pending', null, $5, $6), ($2, $3, $4, 'confirmed', 'pending', $5, $6)`,
  outbox: `insert into orders.outbox (event_id, type, tenant_id, aggregate_id, correlation_id, occurred_at, payload, sent_at)
    values ($1, 'orders.order_created.v1', $3, $4, $5, $6, $7, now()),
           ($2, 'orders.order_confirmed.v1', $3, $4, $5, $6, $8, now())`,
  idempotency: `insert into http.idempotency_keys (scope, key, tenant_id, fingerprint, status_code, headers, body,
    locked_until, expires_at)
    values ($1::text, $2, $1::uuid, $3, 201, $4, $5, now() + interval '60 seconds', now() + interval '1 day')`,
};

/**
 * The same two transactions as a pgbench script (one script run = one order) (extended protocol, as `pg` sends parameters); the
 * ids are made by the database, the payloads are of the same shape and size as the raw route's.
 * @param {{ createdPayload: string, confirmedPayload: string, responseBody: string }} sizes
 */
export function pgbenchScript({ createdPayload, confirmedPayload, responseBody }) {
  const literal = (/** @type {string} */ text) => `'${text.replaceAll("'", "''")}'`;
  // pgbench reads `:name` anywhere in a command as a variable, JSON's `"key":null` included:
  // a space after each key's colon keeps the JSON the same and pgbench away from it.
  const json = (/** @type {string} */ text) => literal(text.replaceAll('":', '": '));
  const t = literal(demoTenantId);
  const line = (/** @type {number} */ position) =>
    `(gen_random_uuid(), ${t}, :order_id, ${position}, gen_random_uuid(), gen_random_uuid(), 'Bench item', '[{"id": "x", "group_id": "y", "name": "Extra", "price_delta": 3000}]', ${position}, 15000, ${15000 * position}, 'food', 'GST', 500, 0, ${15000 * position}, now())`;
  return [
    'BEGIN;',
    `SELECT set_config('role', '${appRole}', true), set_config('app.tenant_id', ${t}, true);`,
    `INSERT INTO orders.daily_counters (tenant_id, business_date, last_number) VALUES (${t}, current_date, 1) ON CONFLICT (tenant_id, business_date) DO UPDATE SET last_number = orders.daily_counters.last_number + 1 RETURNING last_number \\gset`,
    'COMMIT;',
    'BEGIN;',
    `SELECT set_config('role', '${appRole}', true), set_config('app.tenant_id', ${t}, true);`,
    `INSERT INTO orders.orders (id, tenant_id, number, business_date, channel, source, status, currency, prices_include_tax, discounts, taxes, subtotal, discount_total, tax_total, total, placed_by, version, created_at, updated_at) VALUES (gen_random_uuid(), ${t}, 'ORD_' || to_char(current_date, 'YYYYMMDD') || '_' || lpad(:last_number::text, greatest(3, length(:last_number::text)), '0'), current_date, 'takeout', 'pos', 'confirmed', 'INR', false, '[]', '[{"name": "GST", "rate_bps": 500, "amount": 4500}]', 90000, 0, 4500, 94500, 'bench', 1, now(), now()) RETURNING id AS order_id \\gset`,
    `INSERT INTO orders.order_lines (id, tenant_id, order_id, position, menu_item_id, category_id, name, options, quantity, unit_price, subtotal, tax_category, tax_name, tax_rate_bps, tax, total, created_at) VALUES ${[1, 2, 3].map(line).join(', ')} RETURNING id;`,
    `INSERT INTO orders.status_history (id, tenant_id, order_id, status, from_status, changed_by, at) VALUES (gen_random_uuid(), ${t}, :order_id, 'pending', null, 'bench', now()), (gen_random_uuid(), ${t}, :order_id, 'confirmed', 'pending', 'bench', now());`,
    `INSERT INTO orders.outbox (event_id, type, tenant_id, aggregate_id, correlation_id, occurred_at, payload, sent_at) VALUES (gen_random_uuid(), 'orders.order_created.v1', ${t}, :order_id, 'bench', now(), ${json(createdPayload)}, now()), (gen_random_uuid(), 'orders.order_confirmed.v1', ${t}, :order_id, 'bench', now(), ${json(confirmedPayload)}, now());`,
    `INSERT INTO http.idempotency_keys (scope, key, tenant_id, fingerprint, status_code, headers, body, locked_until, expires_at) VALUES (${t}, gen_random_uuid()::text, ${t}, md5(random()::text), 201, '{"content-type": "application/json; charset=utf-8"}', ${literal(responseBody)}, now() + interval '60 seconds', now() + interval '1 day');`,
    'COMMIT;',
    '',
  ].join('\n');
}
