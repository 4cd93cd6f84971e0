import { type Database, queryRows } from '@brigade/db';
import type { EventEnvelope, Logger } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import type { EventMetrics } from './metrics.js';
import type { Deliver } from './transport.js';

/**
 * The one way an event reaches a subscriber, whatever the transport: in the event's tenant
 * transaction, record (subscriber, event) in the inbox and run the handler. A redelivered
 * event finds its inbox row and has no second effect; a handler that throws rolls both back.
 */
export function createDeliver(db: Database, metrics: EventMetrics, log: Logger): Deliver {
  return async (subscriber, envelope) => {
    const stop = metrics.handlerDuration.startTimer({ subscriber: subscriber.subscriberId });
    try {
      const payload = subscriber.event.payload.parse(envelope.payload);
      const typed: EventEnvelope = { ...envelope, payload };
      const outcome = await db.tenantTx(envelope.tenant_id, async (tx) => {
        const fresh = await queryRows(
          tx,
          sql`insert into messaging.inbox (subscriber_id, event_id, tenant_id)
              values (${subscriber.subscriberId}, ${envelope.event_id}, ${envelope.tenant_id})
              on conflict do nothing returning 1`,
        );
        if (fresh.length === 0) return 'duplicate' as const;
        await subscriber.handle(typed, tx);
        return 'applied' as const;
      });
      metrics.consumed.inc({ type: envelope.type, subscriber: subscriber.subscriberId, outcome });
      return outcome;
    } catch (error) {
      metrics.failed.inc({ type: envelope.type, subscriber: subscriber.subscriberId });
      log.warn(
        { err: error, event_id: envelope.event_id, type: envelope.type, subscriber: subscriber.subscriberId },
        'subscriber failed',
      );
      throw error;
    } finally {
      stop();
    }
  };
}
