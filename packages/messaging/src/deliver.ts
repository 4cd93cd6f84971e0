import { type Database, queryRows, type Tx } from '@brigade/db';
import type { EventEnvelope, Logger } from '@brigade/kernel';
import { sql } from 'drizzle-orm';
import type { EventMetrics } from './metrics.js';
import type { Deliver, Subscriber } from './transport.js';

type Outcome = 'applied' | 'duplicate';

interface Waiting {
  envelope: EventEnvelope;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/** Events taken into one transaction at most. */
export const defaultDeliveryBatch = 32;

/**
 * The one way an event reaches a subscriber, whatever the transport: in the event's tenant
 * transaction, record (subscriber, event) in the inbox and run the handler. A redelivered
 * event finds its inbox row and has no second effect; a handler that throws rolls both back.
 *
 * With `maxBatch` above 1, events handed over together for one subscriber and tenant (a broker
 * pushes several at once under load) share one transaction: one inbox insert, one commit, their
 * handlers in the order they came. When any of them fails, each is delivered again on its own,
 * so one bad event fails alone. With 1, each event is delivered at once in its own transaction.
 */
export function createDeliver(
  db: Database,
  metrics: EventMetrics,
  log: Logger,
  maxBatch = defaultDeliveryBatch,
): Deliver {
  const parsed = (subscriber: Subscriber, envelope: EventEnvelope): EventEnvelope => ({
    ...envelope,
    payload: subscriber.event.payload.parse(envelope.payload),
  });

  const record = async (subscriber: Subscriber, envelopes: EventEnvelope[], tx: Tx) => {
    const rows = sql.join(
      envelopes.map(
        (envelope) => sql`(${subscriber.subscriberId}, ${envelope.event_id}, ${envelope.tenant_id})`,
      ),
      sql`, `,
    );
    const fresh = await queryRows<{ event_id: string }>(
      tx,
      sql`insert into messaging.inbox (subscriber_id, event_id, tenant_id) values ${rows}
          on conflict do nothing returning event_id`,
    );
    return new Set(fresh.map((row) => row.event_id));
  };

  const failed = (subscriber: Subscriber, envelope: EventEnvelope, error: unknown) => {
    metrics.failed.inc({ type: envelope.type, subscriber: subscriber.subscriberId });
    log.warn(
      { err: error, event_id: envelope.event_id, type: envelope.type, subscriber: subscriber.subscriberId },
      'subscriber failed',
    );
  };

  const counted = (subscriber: Subscriber, envelope: EventEnvelope, outcome: Outcome) => {
    metrics.consumed.inc({ type: envelope.type, subscriber: subscriber.subscriberId, outcome });
    return outcome;
  };

  async function deliverOne(subscriber: Subscriber, envelope: EventEnvelope): Promise<Outcome> {
    const stop = metrics.handlerDuration.startTimer({ subscriber: subscriber.subscriberId });
    try {
      const typed = parsed(subscriber, envelope);
      const outcome = await db.tenantTx(envelope.tenant_id, async (tx) => {
        if ((await record(subscriber, [envelope], tx)).size === 0) return 'duplicate' as const;
        await subscriber.handle(typed, tx);
        return 'applied' as const;
      });
      return counted(subscriber, envelope, outcome);
    } catch (error) {
      failed(subscriber, envelope, error);
      throw error;
    } finally {
      stop();
    }
  }

  async function deliverTogether(subscriber: Subscriber, tenantId: string, waiting: Waiting[]) {
    const stop = metrics.handlerDuration.startTimer({ subscriber: subscriber.subscriberId });
    let outcomes: Outcome[];
    try {
      const typed = waiting.map(({ envelope }) => parsed(subscriber, envelope));
      outcomes = await db.tenantTx(tenantId, async (tx) => {
        const fresh = await record(subscriber, typed, tx);
        const results: Outcome[] = [];
        for (const envelope of typed) {
          // The same event twice in one batch (a redelivery racing the first): the first runs.
          if (!fresh.delete(envelope.event_id)) {
            results.push('duplicate');
            continue;
          }
          await subscriber.handle(envelope, tx);
          results.push('applied');
        }
        return results;
      });
    } catch {
      // Nothing of the batch committed: each on its own, so that only a bad one fails.
      for (const entry of waiting)
        await deliverOne(subscriber, entry.envelope).then(entry.resolve, entry.reject);
      return;
    } finally {
      stop();
    }
    for (const [index, entry] of waiting.entries()) {
      entry.resolve(counted(subscriber, entry.envelope, outcomes[index] as Outcome));
    }
  }

  /** Deliveries waiting for the next turn of the event loop, by subscriber and tenant. */
  const gathering = new Map<string, { subscriber: Subscriber; tenantId: string; waiting: Waiting[] }>();

  function flush(key: string) {
    const batch = gathering.get(key);
    if (!batch) return;
    gathering.delete(key);
    const { subscriber, tenantId, waiting } = batch;
    if (waiting.length === 1) {
      const [only] = waiting as [Waiting];
      deliverOne(subscriber, only.envelope).then(only.resolve, only.reject);
    } else void deliverTogether(subscriber, tenantId, waiting);
  }

  if (maxBatch <= 1) return deliverOne;
  return (subscriber, envelope) =>
    new Promise<Outcome>((resolve, reject) => {
      const key = `${subscriber.subscriberId}\u0000${envelope.tenant_id}`;
      let batch = gathering.get(key);
      if (!batch) {
        batch = { subscriber, tenantId: envelope.tenant_id, waiting: [] };
        gathering.set(key, batch);
        setImmediate(flush, key);
      }
      batch.waiting.push({ envelope, resolve, reject });
      if (batch.waiting.length >= maxBatch) flush(key);
    });
}
