import { closedLoad, orderRequest, ordersPath } from '../lib/orders.mjs';
import { embeddedBrigadeServer, helloWorld } from '../lib/servers.mjs';

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'orders-embedded',
  description:
    'The staff order of `orders` on the embedded topology (PGlite, in-process events, whatever DATABASE_URL ' +
    'says): its throughput with BENCH_CONNECTIONS clients in a closed loop (p50/p95/p99 exact), which must see ' +
    'no errors (issue 6 point 9). ' +
    'The hello-world beside it only places the machine; there is no target ratio.',
  subjects: [
    {
      label: `brigade POST ${ordersPath} on PGlite`,
      server: embeddedBrigadeServer,
      // Its own closed loop rather than autocannon: a few orders a second leave autocannon's
      // warm-up queued on the server through the measured run.
      measure: async ({ url, settings }) => {
        const base = /** @type {string} */ (url);
        return closedLoad({ url: base, settings, path: ordersPath, ...(await orderRequest(base)) });
      },
    },
  ],
  baselines: [helloWorld],
};
