import type { EventEnvelope } from '@brigade/kernel';
import type { TestApp } from './app.js';
import { eventually } from './eventually.js';

/**
 * Hands an envelope to the app's transport (as the relay would: again, late, or out of order)
 * and waits until every subscriber took it — delivered, or dropped as a duplicate by its inbox.
 */
export async function deliver(t: TestApp, envelope: EventEnvelope): Promise<void> {
  await t.db.platformTx((tx) => t.events.transport.publish([envelope], tx));
  t.events.transport.committed?.();
  await eventually(
    async () =>
      (
        await t.db.admin.query<{ count: number }>(
          'select count(*)::int as count from messaging.deliveries where event_id = $1 and dead_at is null',
          [envelope.event_id],
        )
      )[0]!.count,
    (count) => count === 0,
  );
}
