import { z } from 'zod';

/** Seed 001 §5.3 envelope (DESIGN.md §4.6): what travels, whatever the transport. */
export interface EventEnvelope<Payload = unknown> {
  event_id: string;
  type: string;
  occurred_at: string;
  tenant_id: string;
  correlation_id: string;
  causation_id: string | null;
  /** The producing module. */
  source: string;
  /** The entity whose events must stay in order, e.g. an order id. */
  aggregate_id: string | null;
  payload: Payload;
}

export const eventEnvelopeSchema = z.object({
  event_id: z.uuid(),
  type: z.string(),
  occurred_at: z.iso.datetime(),
  tenant_id: z.uuid(),
  correlation_id: z.string(),
  causation_id: z.string().nullable(),
  source: z.string(),
  aggregate_id: z.string().nullable(),
  payload: z.unknown(),
});

/** `<module>.<entity>_<past-verb>.v<N>`, e.g. `orders.order_created.v1`. */
export const eventTypePattern = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9]*(_[a-z0-9]+)+\.v[1-9][0-9]*$/;

export interface EventDefinition<Payload = unknown> {
  type: string;
  /** The module that publishes it: the first segment of the type. */
  producer: string;
  description: string;
  payload: z.ZodType<Payload>;
  /**
   * Live-update channels the event is pushed to, within its tenant, e.g. `staff`,
   * `order:<id>`, `table:<id>`, `kitchen:<station>`.
   */
  channels(event: EventEnvelope<Payload>): string[];
}

export interface EventOptions<Payload> {
  /** Defaults to the tenant's staff feed only. */
  channels?: (event: EventEnvelope<Payload>) => string[];
}

/**
 * Declares an event type once, in its producer's contract. Consumers import the definition
 * to subscribe; the runtime validates every payload against it before it is stored.
 */
export function defineEvent<Schema extends z.ZodType>(
  type: string,
  payload: Schema,
  description: string,
  options: EventOptions<z.output<Schema>> = {},
): EventDefinition<z.output<Schema>> {
  if (!eventTypePattern.test(type)) {
    throw new Error(`Event type '${type}' must look like <module>.<entity>_<past-verb>.v<N>`);
  }
  return {
    type,
    producer: type.split('.')[0]!,
    description,
    payload: payload as z.ZodType<z.output<Schema>>,
    channels: options.channels ?? (() => ['staff']),
  };
}

/** Reacts to one event type. `subscriberId` is stable forever: it keys the inbox and the queue. */
export interface SubscriberDefinition<Payload = unknown, Tx = unknown> {
  subscriberId: string;
  event: EventDefinition<Payload>;
  /** Runs in the event's tenant transaction, together with the inbox record. */
  handle(event: EventEnvelope<Payload>, tx: Tx): Promise<void>;
}
