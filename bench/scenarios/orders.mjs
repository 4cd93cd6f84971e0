import { randomUUID } from 'node:crypto';
import { orderLoad, ordersPath, runPgbench, syntheticOrder } from '../lib/orders.mjs';
import { pgbenchScript } from '../lib/orders-sql.mjs';
import { brigadeServer, ordersPgServer } from '../lib/servers.mjs';

/** Payloads of the sizes the raw route writes, for pgbench's copy of its transaction. */
const sizes = {
  createdPayload: JSON.stringify({
    order_id: randomUUID(),
    number: 'ORD_20261122_001',
    channel: 'takeout',
    table_id: null,
    session_id: null,
    status: 'confirmed',
    customer_id: null,
    placed_at: new Date().toISOString(),
    currency: 'INR',
    subtotal: 90000,
    discount_total: 0,
    tax_total: 4500,
    total: 94500,
    lines: [1, 2, 3].map((quantity) => ({
      line_id: randomUUID(),
      menu_item_id: randomUUID(),
      variant_id: null,
      option_ids: [randomUUID(), randomUUID()],
      name: 'Bench item',
      variant_name: null,
      options: ['Extra', 'Extra'],
      quantity,
      notes: null,
      seat: null,
      course: 1,
      station: null,
      prep_time_seconds: null,
      total: 21000 * quantity,
    })),
  }),
  confirmedPayload: JSON.stringify({
    order_id: randomUUID(),
    number: 'ORD_20261122_001',
    channel: 'takeout',
    table_id: null,
    session_id: null,
    from: 'pending',
    to: 'confirmed',
    changed_by: 'bench',
    reason: null,
  }),
  responseBody: 'x'.repeat(1200),
};

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'orders',
  description:
    'A staff order end to end (issue 6 point 9): the demo manager places a takeout order of three lines with ' +
    'modifiers (POST /api/v1/orders, a new Idempotency-Key each time: priced from the live menu, numbered, ' +
    'order + lines + status history + outbox events + idempotency record), beside the raw-app ceiling (a bare ' +
    "Fastify route writing the same rows in one plain pg transaction, after the day's number in a short one, as the " +
    'module does) and the database ceiling (pgbench running those transactions with as many clients). Target: >= 40 % ' +
    'of the raw app.',
  ...(!process.env.DATABASE_URL && {
    unavailable:
      'needs DATABASE_URL (its ceilings are PostgreSQL: a raw pg route and pgbench); orders-embedded measures PGlite',
  }),
  subjects: [
    {
      label: `brigade POST ${ordersPath} (takeout, 3 lines with modifiers)`,
      server: brigadeServer,
      request: ({ url }) => orderLoad(/** @type {string} */ (url)),
    },
  ],
  baselines: [
    {
      label: 'raw app: Fastify + one pg transaction, same rows',
      server: ordersPgServer,
      request: {
        path: ordersPath,
        requests: [
          {
            method: 'POST',
            path: ordersPath,
            headers: { 'content-type': 'application/json' },
            body: syntheticOrder(),
            setupRequest: (request) => ({
              ...request,
              headers: { ...request.headers, 'idempotency-key': randomUUID() },
            }),
          },
        ],
      },
    },
    {
      label: 'pgbench: the same transaction (tx/s)',
      measure: ({ settings }) => runPgbench(pgbenchScript(sizes), settings),
    },
  ],
  targetRatio: 0.4,
};
