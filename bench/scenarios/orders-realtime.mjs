import { orderFeed } from '../lib/orders-feed.mjs';
import { measureBareWebSocket } from '../lib/realtime.mjs';
import { brigadeServer } from '../lib/servers.mjs';

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'orders-realtime',
  description:
    'Commit → screen for orders (issue 6 point 8: within 100 ms): BENCH_ORDER_FEED_RATE orders/s (default 20) ' +
    'placed and moved to preparing over HTTP; their events timed from `occurred_at` (inside the committing ' +
    'transaction) to arrival on the staff WebSocket (KDS, POS) and, for every fifth order, on a guest socket ' +
    'signed in with the tracking token. req/s: events per second that arrived; errors: events that did not ' +
    '(or requests that failed). Beside a bare ws server pushing frames at BENCH_EVENT_RATE.',
  subjects: [
    { label: 'order events → staff feed', server: brigadeServer, measure: orderFeed('orders') },
    { label: 'kitchen events → staff feed', server: brigadeServer, measure: orderFeed('kitchen') },
    { label: 'order status → guest tracking socket', server: brigadeServer, measure: orderFeed('guest') },
  ],
  baselines: [{ label: 'bare ws push', measure: measureBareWebSocket }],
  latencyTargets: { p99: 100 },
};
