import type { Tx } from '@brigade/db';
import type { EventEnvelope, SubscriberDefinition } from '@brigade/kernel';

export type Subscriber = SubscriberDefinition<unknown, Tx>;

/**
 * Runs one subscriber on one event; resolves 'duplicate' when the inbox shows it already ran.
 * Throws when the handler fails.
 */
export type Deliver = (subscriber: Subscriber, envelope: EventEnvelope) => Promise<'applied' | 'duplicate'>;

export interface DeadLetter {
  id: string;
  subscriber_id: string;
  event_id: string;
  type: string;
  tenant_id: string;
  attempts: number;
  last_error: string | null;
  dead_at: string;
  envelope: EventEnvelope;
}

/** The dead-letter queue of a transport: events a subscriber failed on after every retry. */
export interface DeadLetters {
  list(options?: { subscriberId?: string; limit?: number }): Promise<DeadLetter[]>;
  show(id: string): Promise<DeadLetter | null>;
  /** Puts dead letters back before their subscriber; returns how many. */
  replay(ids: string[] | 'all'): Promise<number>;
  /** Deletes dead letters for good; returns how many. */
  purge(ids: string[] | 'all'): Promise<number>;
}

/** Carries committed events from the outbox relay to subscribers, at least once. */
export interface Transport {
  readonly name: 'in-process' | 'rabbitmq';
  /**
   * How many of a subscriber's events `deliver` may put in one transaction: more than 1 where
   * the transport hands them over concurrently (a broker's prefetch), 1 where it hands them one
   * at a time.
   */
  readonly deliveryBatch: number;
  /**
   * Resolves once every envelope is durably accepted (broker confirm, or queued rows written
   * in `tx`, the relay's own transaction). Rejects when any was not.
   */
  publish(envelopes: EventEnvelope[], tx: Tx): Promise<void>;
  /** Called by the relay after the transaction given to `publish` committed. */
  committed?(): void;
  /** Declares who consumes what (also enough for the dead-letter tools, which consume nothing). */
  register(subscribers: Subscriber[]): void;
  /** Starts consuming for the registered subscribers, running each event through `deliver`. */
  start(deliver: Deliver): Promise<void>;
  readonly deadLetters: DeadLetters;
  close(): Promise<void>;
}

export interface RetryPolicy {
  /** Delay before each retry; after the last one fails the event is dead-lettered. */
  delaysMs: number[];
}

/** Seed 001 §7.2: three retries after 1 s, 2 s and 4 s. */
export const defaultRetryPolicy: RetryPolicy = { delaysMs: [1_000, 2_000, 4_000] };

/** The delay before retry number `attempt` (1-based) with ±20 % jitter, or null when retries are spent. */
export function retryDelay(policy: RetryPolicy, attempt: number, random = Math.random): number | null {
  const base = policy.delaysMs[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + random() * 0.4));
}

/** Declares a subscriber with its payload typed from the event it consumes. */
export function defineSubscriber<Payload>(definition: SubscriberDefinition<Payload, Tx>): Subscriber {
  return definition as unknown as Subscriber;
}

/** Refuses two subscribers with one id: the id keys their inbox and their queue. */
export function assertDistinctIds(subscribers: Subscriber[]) {
  const seen = new Set<string>();
  for (const { subscriberId } of subscribers) {
    if (seen.has(subscriberId)) throw new Error(`Two subscribers share the id '${subscriberId}'`);
    seen.add(subscriberId);
  }
}

/**
 * Sees every batch the relay sends, before the batch is marked sent (so at least once, in
 * commit order per aggregate): for consumers that need every event fast and keep no state of
 * their own, like the live-update feed. A tap that throws holds the batch back like a
 * transport failure.
 */
export type EventTap = (envelopes: EventEnvelope[]) => Promise<void>;
