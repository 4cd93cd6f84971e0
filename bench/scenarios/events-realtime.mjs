import { measureBareWebSocket, measureCommitToWebSocket } from '../lib/realtime.mjs';

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'events-realtime',
  description:
    'Commit → WebSocket: events committed at a steady BENCH_EVENT_RATE (default 200/s) through the outbox, relay and transport reach a client on the staff feed; p50/p99 from commit to arrival (target p99 ≤ 50 ms), beside a bare ws server pushing frames at the same rate.',
  subjects: [{ label: 'commit → outbox → WebSocket', measure: measureCommitToWebSocket }],
  baselines: [{ label: 'bare ws push', measure: measureBareWebSocket }],
};
