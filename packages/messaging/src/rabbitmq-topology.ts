import type { EventEnvelope } from '@brigade/kernel';
import type { Channel } from 'amqplib';

/**
 * The broker objects of one deployment, all named from one prefix (default `brigade`):
 *
 * - `<prefix>.events`, a durable topic exchange. An event is published to it with the routing
 *   key `<tenant_id>.<type>`.
 * - `<prefix>.<subscriberId>`, a durable quorum queue per subscriber, bound with
 *   `*.<type>` for the event type it consumes: every tenant's events of that type.
 * - `<prefix>.<subscriberId>.retry.<n>`, a quorum queue per retry (n = 1…number of delays in
 *   the retry policy) where a failed event waits out its backoff. Nothing consumes it: the
 *   event is published there with a per-message expiration (the jittered delay), and when it
 *   expires the queue dead-letters it through the default exchange straight back into the
 *   subscriber's queue — to that subscriber only, not to every subscriber of the type.
 *   A queue only expires messages at its head, so each retry has a queue of its own and the
 *   messages in one queue have delays within the same ±20 % jitter band: a message never
 *   waits behind one with a much longer delay. The dead-lettering is `at-least-once`
 *   (quorum queues hold the message until the subscriber's queue confirmed it; the default
 *   `at-most-once` can lose it), which RabbitMQ only accepts with `x-overflow: reject-publish`.
 *   The delay is not a queue argument, so changing the retry policy needs no redeclaration.
 * - `<prefix>.<subscriberId>.dlq`, a quorum queue of the events whose last retry failed, with
 *   headers saying how many attempts were made and the last error. Nothing consumes it; the
 *   dead-letter tools browse, replay and purge it.
 *
 * Failed events are re-published by the consumer (rather than rejected into a dead-letter
 * exchange) so that they carry their attempt count and error, and the original is acked only
 * once that publish is confirmed: a crash in between redelivers it, and the inbox absorbs it.
 */
export interface RabbitMqNames {
  exchange: string;
  queue(subscriberId: string): string;
  retryQueue(subscriberId: string, retry: number): string;
  deadLetterQueue(subscriberId: string): string;
}

export function rabbitMqNames(prefix: string): RabbitMqNames {
  return {
    exchange: `${prefix}.events`,
    queue: (subscriberId) => `${prefix}.${subscriberId}`,
    retryQueue: (subscriberId, retry) => `${prefix}.${subscriberId}.retry.${retry}`,
    deadLetterQueue: (subscriberId) => `${prefix}.${subscriberId}.dlq`,
  };
}

export const routingKeyOf = (envelope: EventEnvelope) => `${envelope.tenant_id}.${envelope.type}`;

const quorum = { 'x-queue-type': 'quorum' };

export async function declareExchange(channel: Channel, names: RabbitMqNames) {
  await channel.assertExchange(names.exchange, 'topic', { durable: true });
}

/** Declares (idempotently) the queues of one subscriber; see RabbitMqNames for the design. */
export async function declareSubscriberQueues(
  channel: Channel,
  names: RabbitMqNames,
  subscriber: { subscriberId: string; eventType: string },
  retries: number,
) {
  const queue = names.queue(subscriber.subscriberId);
  await channel.assertQueue(queue, { durable: true, arguments: quorum });
  await channel.bindQueue(queue, names.exchange, `*.${subscriber.eventType}`);
  for (let retry = 1; retry <= retries; retry++) {
    await channel.assertQueue(names.retryQueue(subscriber.subscriberId, retry), {
      durable: true,
      arguments: {
        ...quorum,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
        'x-dead-letter-strategy': 'at-least-once',
        'x-overflow': 'reject-publish',
      },
    });
  }
  await channel.assertQueue(names.deadLetterQueue(subscriber.subscriberId), {
    durable: true,
    arguments: quorum,
  });
}
