import { type Database, queryRows } from '@brigade/db';
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

  /**
   * One transaction of the events' tenant: their inbox rows in one insert, then the handler of
   * each new one, in order. Throws (nothing committed) when any payload or handler fails.
   */
  async function applyInOneTransaction(
    subscriber: Subscriber,
    tenantId: string,
    envelopes: EventEnvelope[],
  ): Promise<Outcome[]> {
    const typed = envelopes.map((envelope) => parsed(subscriber, envelope));
    return db.tenantTx(tenantId, async (tx) => {
      const rows = sql.join(
        typed.map(
          (envelope) => sql`(${subscriber.subscriberId}, ${envelope.event_id}, ${envelope.tenant_id})`,
        ),
        sql`, `,
      );
      const inserted = await queryRows<{ event_id: string }>(
        tx,
        sql`insert into messaging.inbox (subscriber_id, event_id, tenant_id) values ${rows}
            on conflict do nothing returning event_id`,
      );
      const fresh = new Set(inserted.map((row) => row.event_id));
      const outcomes: Outcome[] = [];
      for (const envelope of typed) {
        // Already handled, or the same event twice in one batch (a redelivery racing the first).
        if (!fresh.delete(envelope.event_id)) {
          outcomes.push('duplicate');
          continue;
        }
        await subscriber.handle(envelope, tx);
        outcomes.push('applied');
      }
      return outcomes;
    });
  }

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
      const [outcome] = await applyInOneTransaction(subscriber, envelope.tenant_id, [envelope]);
      return counted(subscriber, envelope, outcome!);
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
      outcomes = await applyInOneTransaction(
        subscriber,
        tenantId,
        waiting.map((entry) => entry.envelope),
      );
    } catch {
      // Nothing of the batch committed: each on its own, so that only a bad one fails.
      for (const entry of waiting)
        await deliverOne(subscriber, entry.envelope).then(entry.resolve, entry.reject);
      return;
    } finally {
      stop();
    }
    for (const [index, entry] of waiting.entries()) {
      entry.resolve(counted(subscriber, entry.envelope, outcomes[index]!));
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
