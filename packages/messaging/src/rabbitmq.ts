import type { EventEnvelope, Logger } from '@brigade/kernel';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { AmqpConnection } from './amqp-connection.js';
import { defaultDeliveryBatch } from './deliver.js';
import type { EventMetrics } from './metrics.js';
import { rabbitMqDeadLetters } from './rabbitmq-dead-letters.js';
import { encodeEnvelope, publishConfirmed, type ReceivedEvent, readEvent } from './rabbitmq-messages.js';
import {
  declareExchange,
  declareSubscriberQueues,
  type RabbitMqNames,
  rabbitMqNames,
  routingKeyOf,
} from './rabbitmq-topology.js';
import {
  assertDistinctIds,
  type DeadLetters,
  type Deliver,
  defaultRetryPolicy,
  type RetryPolicy,
  retryDelay,
  type Subscriber,
  type Transport,
} from './transport.js';

export interface RabbitMqTransportOptions {
  /** The process's broker connection (shared with the readiness check); the transport never closes it. */
  connection: AmqpConnection;
  metrics: EventMetrics;
  log: Logger;
  retry?: RetryPolicy;
  /** Deliveries a subscriber works on at once (per process). */
  prefetch?: number;
  /** Names the exchange and every queue: `<prefix>.events`, `<prefix>.<subscriberId>…`. */
  prefix?: string;
  /** How long a publish waits for the broker's confirms before it rejects. */
  confirmTimeoutMs?: number;
}

/** What lives on one broker connection: a confirm channel to publish on, and the consumers once started. */
interface Session {
  connection: ChannelModel;
  publisher: ConfirmChannel;
  consumer: Channel | null;
  consumerTags: string[];
  /** Its channels are closed, or closing: it acks nothing more and is replaced by the next connection. */
  retired: boolean;
}

interface Consumer {
  session: Session;
  channel: Channel;
  subscriber: Subscriber;
  deliver: Deliver;
  inOrder: KeyedSequence;
}

/** Runs tasks that share a key one after another, and tasks with different keys side by side. */
class KeyedSequence {
  #tails = new Map<string, Promise<void>>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    const current = (this.#tails.get(key) ?? Promise.resolve()).then(task);
    this.#tails.set(key, current);
    const forget = () => {
      if (this.#tails.get(key) === current) this.#tails.delete(key);
    };
    current.then(forget, forget);
    return current;
  }
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

// Headers must fit in one AMQP frame; the error's start is what tells what went wrong.
const errorText = (error: unknown) => asError(error).message.slice(0, 1_000);

/**
 * Carries events over RabbitMQ (topology in rabbitmq-topology.ts). Publishing waits for the
 * broker's confirms, so the relay marks rows sent only once the broker holds them. Each
 * subscriber consumes its own queue with manual acks: an event is acked after `deliver`
 * committed its effect, or after its retry (or dead letter) was confirmed. Events of one
 * aggregate are handled one after another within a process; others up to `prefetch` at once.
 *
 * On every (re)connection the topology is declared again and the consumers restarted; a
 * channel the broker closes replaces the whole connection. Messages unacked when a connection
 * drops are redelivered by the broker, and publishes in flight reject (the relay sends them
 * again): nothing is lost, and the inbox absorbs what arrives twice.
 *
 * Subscriber queues exist once `start` has run somewhere: an event published before any
 * process declared a subscriber's queue does not reach that subscriber.
 */
export class RabbitMqTransport implements Transport {
  readonly name = 'rabbitmq' as const;
  readonly deliveryBatch = defaultDeliveryBatch;
  readonly deadLetters: DeadLetters;
  readonly #connection: AmqpConnection;
  readonly #metrics: EventMetrics;
  readonly #log: Logger;
  readonly #retry: RetryPolicy;
  readonly #prefetch: number;
  readonly #confirmTimeoutMs: number;
  readonly #names: RabbitMqNames;
  readonly #stopListening: () => void;
  #subscribers: Subscriber[] = [];
  #deliver: Deliver | undefined;
  #session: Session | null = null;
  #sessionChanges: Promise<unknown> = Promise.resolve();
  #inFlight = new Set<Promise<void>>();
  #closed = false;

  constructor(options: RabbitMqTransportOptions) {
    this.#connection = options.connection;
    this.#metrics = options.metrics;
    this.#log = options.log;
    this.#retry = options.retry ?? defaultRetryPolicy;
    this.#prefetch = options.prefetch ?? 32;
    this.#confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
    this.#names = rabbitMqNames(options.prefix ?? 'brigade');
    this.deadLetters = rabbitMqDeadLetters({
      connection: options.connection,
      names: this.#names,
      subscriberIds: () => this.#subscribers.map((subscriber) => subscriber.subscriberId),
      confirmTimeoutMs: this.#confirmTimeoutMs,
    });
    this.#stopListening = options.connection.onOpen((connection) =>
      this.#serially(() => this.#openSession(connection)),
    );
  }

  /** Durable once this resolves: the broker confirmed every message (no part in the relay's transaction). */
  async publish(envelopes: EventEnvelope[]): Promise<void> {
    const session = this.#session;
    if (!session) throw new Error('not connected to the broker');
    await publishConfirmed(
      session.publisher,
      envelopes.map((envelope) => ({
        exchange: this.#names.exchange,
        routingKey: routingKeyOf(envelope),
        envelope,
        content: encodeEnvelope(envelope),
      })),
      this.#confirmTimeoutMs,
    );
  }

  register(subscribers: Subscriber[]) {
    assertDistinctIds(subscribers);
    this.#subscribers = subscribers;
  }

  /** Declares the subscribers' queues and consumes them, now or as soon as the broker answers. */
  async start(deliver: Deliver) {
    if (this.#deliver) throw new Error('The RabbitMQ transport is started already');
    this.#deliver = deliver;
    // With the broker down, consumers start when it comes back (the session opens with them);
    // the process boots meanwhile and /ready reports the broker down.
    await this.#serially(async () => {
      const session = this.#session;
      if (!session || session.consumer) return;
      try {
        await this.#consume(session, deliver);
      } catch (error) {
        this.#retire(session, asError(error));
        throw error;
      }
    });
  }

  /** Stops consuming, lets the events being handled finish and ack, then closes the channels. */
  async close() {
    this.#closed = true;
    this.#stopListening();
    await this.#serially(async () => {
      const session = this.#session;
      this.#session = null;
      // These fail only when the connection is gone already, which has ended them anyway.
      const ended = () => undefined;
      if (session?.consumer) {
        const { consumer, consumerTags } = session;
        await Promise.all(consumerTags.map((tag) => consumer.cancel(tag))).catch(ended);
      }
      await Promise.all(this.#inFlight);
      if (session) {
        session.retired = true;
        await Promise.all([session.consumer?.close(), session.publisher.close()]).catch(ended);
      }
    });
  }

  /** Session changes (connection opened, start, close) run one at a time, in order. */
  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#sessionChanges.then(task);
    // The chain only orders the tasks; each caller gets its own task's outcome.
    this.#sessionChanges = run.catch(() => undefined);
    return run;
  }

  async #openSession(connection: ChannelModel) {
    if (this.#closed) return;
    const publisher = await connection.createConfirmChannel();
    const session: Session = { connection, publisher, consumer: null, consumerTags: [], retired: false };
    this.#watch(session, publisher);
    await declareExchange(publisher, this.#names);
    if (this.#deliver) await this.#consume(session, this.#deliver);
    this.#session = session;
    this.#log.info({ subscribers: this.#subscribers.length }, 'broker session opened');
  }

  async #consume(session: Session, deliver: Deliver) {
    const channel = await session.connection.createChannel();
    this.#watch(session, channel);
    session.consumer = channel;
    await channel.prefetch(this.#prefetch);
    for (const subscriber of this.#subscribers) {
      const { subscriberId } = subscriber;
      await declareSubscriberQueues(
        channel,
        this.#names,
        { subscriberId, eventType: subscriber.event.type },
        this.#retry.delaysMs.length,
      );
      const consumer: Consumer = { session, channel, subscriber, deliver, inOrder: new KeyedSequence() };
      const { consumerTag } = await channel.consume(this.#names.queue(subscriberId), (message) =>
        this.#receive(consumer, message),
      );
      session.consumerTags.push(consumerTag);
    }
  }

  #watch(session: Session, channel: Channel) {
    let failure: Error | undefined;
    // 'close' always follows 'error', and reports it.
    channel.on('error', (error: Error) => {
      failure = error;
    });
    channel.on('close', () => this.#retire(session, failure ?? new Error('broker channel closed')));
  }

  /** Gives up a session whose channels cannot be trusted any more; the connection is replaced. */
  #retire(session: Session, reason: Error) {
    if (session.retired) return;
    session.retired = true;
    if (this.#session === session) this.#session = null;
    this.#log.warn({ err: reason }, 'broker session lost; reconnecting');
    this.#connection.discard(session.connection, reason);
  }

  #receive(consumer: Consumer, message: ConsumeMessage | null) {
    if (!message) {
      // The broker cancelled the consumer (its queue was deleted); a new session declares it again.
      this.#retire(
        consumer.session,
        new Error(`the broker cancelled the consumer of ${consumer.subscriber.subscriberId}`),
      );
      return;
    }
    const event = readEvent(message);
    if (!event) {
      // Only this transport publishes here, so this is not an event: nothing could ever handle it.
      this.#log.error(
        { subscriber: consumer.subscriber.subscriberId, body: message.content.toString('utf8', 0, 500) },
        'dropping a message that is not an event envelope',
      );
      this.#ack(consumer, message);
      return;
    }
    const { envelope } = event;
    const handled = consumer.inOrder.run(envelope.aggregate_id ?? envelope.event_id, () =>
      this.#handle(consumer, event, message),
    );
    this.#inFlight.add(handled);
    void handled.then(() => this.#inFlight.delete(handled));
  }

  /** Never rejects: every outcome ends in an ack, or in a retired session that gets the event redelivered. */
  async #handle(consumer: Consumer, event: ReceivedEvent, message: ConsumeMessage) {
    try {
      await consumer.deliver(consumer.subscriber, event.envelope);
    } catch (error) {
      try {
        await this.#retryOrDeadLetter(consumer, event, error);
      } catch (publishError) {
        this.#log.warn(
          {
            err: publishError,
            event_id: event.envelope.event_id,
            subscriber: consumer.subscriber.subscriberId,
          },
          'could not schedule the retry; reconnecting to have the event redelivered',
        );
        this.#retire(consumer.session, asError(publishError));
        return;
      }
    }
    this.#ack(consumer, message);
  }

  #ack(consumer: Consumer, message: ConsumeMessage) {
    // A retired session's channel is closed: the broker requeues what it did not ack, and the
    // inbox makes that redelivery harmless.
    if (!consumer.session.retired) consumer.channel.ack(message);
  }

  async #retryOrDeadLetter(consumer: Consumer, event: ReceivedEvent, error: unknown) {
    const { subscriberId } = consumer.subscriber;
    const { envelope, content } = event;
    const attempts = event.attempts + 1;
    const lastError = errorText(error);
    const delay = retryDelay(this.#retry, attempts);
    const destination =
      delay === null
        ? {
            routingKey: this.#names.deadLetterQueue(subscriberId),
            headers: { attempts, last_error: lastError, dead_at: new Date().toISOString() },
          }
        : {
            routingKey: this.#names.retryQueue(subscriberId, attempts),
            headers: { attempts, last_error: lastError },
            expirationMs: delay,
          };
    await publishConfirmed(
      consumer.session.publisher,
      [{ exchange: '', envelope, content, ...destination }],
      this.#confirmTimeoutMs,
    );
    if (delay !== null) return;
    this.#metrics.deadLettered.inc({ type: envelope.type, subscriber: subscriberId });
    this.#log.error(
      {
        event_id: envelope.event_id,
        type: envelope.type,
        subscriber: subscriberId,
        attempts,
        error: lastError,
      },
      'event dead-lettered',
    );
  }
}
