import { orderRequest, ordersPath, steadyLoad, steadyRate, syntheticOrder } from '../lib/orders.mjs';
import { brigadeServer, ordersPgServer, ownProcess } from '../lib/servers.mjs';

const rate = steadyRate();
// Each on a process of its own: an overload would slow the targets measured after it.
const brigade = ownProcess(brigadeServer);
const rawApp = ownProcess(ordersPgServer);

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'orders-steady',
  description:
    `Orders at a steady ${rate}/s (BENCH_ORDER_RATE; issue 6 point 9: p99 <= 25 ms at 300 orders/s, seed 004: ` +
    'p95 < 50 ms): the same staff order as `orders`, sent open-loop (each request starts on schedule, whether or ' +
    'not earlier ones have answered; latency from the scheduled start), beside the raw app at the same rate.',
  ...(!process.env.DATABASE_URL && {
    unavailable: 'needs DATABASE_URL (its baseline is a raw pg route); orders-embedded measures PGlite',
  }),
  subjects: [
    {
      label: `brigade POST ${ordersPath} at ${rate}/s`,
      server: brigade,
      measure: async ({ url, settings }) => {
        const base = /** @type {string} */ (url);
        return steadyLoad({ url: base, settings, rate, path: ordersPath, ...(await orderRequest(base)) });
      },
    },
  ],
  baselines: [
    {
      label: `raw app at ${rate}/s`,
      server: rawApp,
      measure: ({ url, settings }) =>
        steadyLoad({
          url: /** @type {string} */ (url),
          settings,
          rate,
          path: ordersPath,
          headers: { 'content-type': 'application/json' },
          body: syntheticOrder(),
        }),
    },
  ],
  latencyTargets: { p95: 50, p99: 25 },
};
