import type { ConfirmChannel, GetMessage } from 'amqplib';
import type { AmqpConnection } from './amqp-connection.js';
import { publishConfirmed, readEvent } from './rabbitmq-messages.js';
import type { RabbitMqNames } from './rabbitmq-topology.js';
import type { DeadLetter, DeadLetters } from './transport.js';

export interface RabbitMqDeadLettersOptions {
  connection: AmqpConnection;
  names: RabbitMqNames;
  /** The subscribers that an unfiltered list, and 'all', cover. */
  subscriberIds: () => string[];
  confirmTimeoutMs: number;
}

interface Held {
  message: GetMessage;
  deadLetter: DeadLetter;
}

/** A dead letter's id is `<subscriberId>:<event_id>`; event ids are UUIDs, so the last ':' splits it. */
export const deadLetterId = (subscriberId: string, eventId: string) => `${subscriberId}:${eventId}`;

function parseDeadLetterId(id: string): { subscriberId: string; eventId: string } | null {
  const split = id.lastIndexOf(':');
  if (split <= 0) return null;
  return { subscriberId: id.slice(0, split), eventId: id.slice(split + 1) };
}

const isNotFound = (error: unknown) => error instanceof Error && 'code' in error && error.code === 404;

/**
 * The dead-letter queues (`<prefix>.<subscriberId>.dlq`) as `DeadLetters`. Every operation
 * fetches a queue's messages with `basic.get` on a channel of its own and holds them unacked:
 * what it acks (replayed or purged) leaves the queue, and closing the channel hands the rest
 * back. While an operation runs, the messages it holds are invisible to a concurrent one.
 * An event dead-lettered twice (a redelivery that failed again) shows twice, under one id.
 */
export function rabbitMqDeadLetters(options: RabbitMqDeadLettersOptions): DeadLetters {
  const { connection, names } = options;

  async function onChannel<T>(operation: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
    const open = connection.current();
    if (!open) throw new Error('not connected to the broker');
    const channel = await open.createConfirmChannel();
    // A channel error also rejects the call that caused it; unheard, it would crash the process.
    channel.on('error', () => undefined);
    try {
      return await operation(channel);
    } finally {
      // After an error the broker has closed the channel already.
      await channel.close().catch(() => undefined);
    }
  }

  async function exists(queue: string): Promise<boolean> {
    try {
      await onChannel((channel) => channel.checkQueue(queue));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  function toDeadLetter(subscriberId: string, message: GetMessage): DeadLetter {
    const event = readEvent(message);
    if (!event?.deadAt) {
      throw new Error(
        `${names.deadLetterQueue(subscriberId)} holds a message this transport did not dead-letter`,
      );
    }
    const { envelope } = event;
    return {
      id: deadLetterId(subscriberId, envelope.event_id),
      subscriber_id: subscriberId,
      event_id: envelope.event_id,
      type: envelope.type,
      tenant_id: envelope.tenant_id,
      attempts: event.attempts,
      last_error: event.lastError,
      dead_at: event.deadAt,
      envelope,
    };
  }

  /** Runs `work` with up to `limit` dead letters of one subscriber held; none when its queue does not exist. */
  function withDeadLetters<T>(
    subscriberId: string,
    limit: number,
    work: (channel: ConfirmChannel, held: Held[]) => Promise<T>,
  ): Promise<T> {
    const queue = names.deadLetterQueue(subscriberId);
    return onChannel(async (channel) => {
      const held: Held[] = [];
      if (await exists(queue)) {
        while (held.length < limit) {
          const message = await channel.get(queue, { noAck: false });
          if (message === false) break;
          held.push({ message, deadLetter: toDeadLetter(subscriberId, message) });
        }
      }
      return work(channel, held);
    });
  }

  /** Looks at up to `limit` dead letters of one subscriber, leaving them in place. */
  const peek = (subscriberId: string, limit: number) =>
    withDeadLetters(subscriberId, limit, async (_, held) => held.map(({ deadLetter }) => deadLetter));

  /** The event ids chosen per subscriber ('all' of them, or the ids named). Malformed ids choose nothing. */
  function selection(ids: string[] | 'all'): Map<string, Set<string> | 'all'> {
    if (ids === 'all') return new Map(options.subscriberIds().map((subscriberId) => [subscriberId, 'all']));
    const chosen = new Map<string, Set<string>>();
    for (const id of ids) {
      const parsed = parseDeadLetterId(id);
      if (!parsed) continue;
      const eventIds = chosen.get(parsed.subscriberId) ?? new Set();
      chosen.set(parsed.subscriberId, eventIds.add(parsed.eventId));
    }
    return chosen;
  }

  /** Runs `act` on the chosen dead letters of each subscriber, then acks them off their queue. */
  async function settle(
    ids: string[] | 'all',
    act: (channel: ConfirmChannel, subscriberId: string, chosen: Held[]) => Promise<void>,
  ): Promise<number> {
    let settled = 0;
    for (const [subscriberId, eventIds] of selection(ids)) {
      settled += await withDeadLetters(subscriberId, Number.POSITIVE_INFINITY, async (channel, held) => {
        const chosen = held.filter(
          ({ deadLetter }) => eventIds === 'all' || eventIds.has(deadLetter.event_id),
        );
        await act(channel, subscriberId, chosen);
        for (const { message } of chosen) channel.ack(message);
        return chosen.length;
      });
    }
    return settled;
  }

  return {
    async list({ subscriberId, limit = 100 } = {}) {
      const found: DeadLetter[] = [];
      for (const id of subscriberId ? [subscriberId] : options.subscriberIds()) {
        if (found.length >= limit) break;
        found.push(...(await peek(id, limit - found.length)));
      }
      return found;
    },

    async show(id) {
      const parsed = parseDeadLetterId(id);
      if (!parsed) return null;
      const deadLetters = await peek(parsed.subscriberId, Number.POSITIVE_INFINITY);
      return deadLetters.find((deadLetter) => deadLetter.event_id === parsed.eventId) ?? null;
    },

    // Back into the subscriber's own queue, without failure headers: the attempts start again.
    replay: (ids) =>
      settle(ids, (channel, subscriberId, chosen) =>
        publishConfirmed(
          channel,
          chosen.map(({ message, deadLetter }) => ({
            exchange: '',
            routingKey: names.queue(subscriberId),
            envelope: deadLetter.envelope,
            content: message.content,
          })),
          options.confirmTimeoutMs,
        ),
      ),

    purge: (ids) => settle(ids, async () => undefined),
  };
}
