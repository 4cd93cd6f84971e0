import { beforeCommit, type MigrationSource, type Tx } from '@brigade/db';
import { type EventDefinition, type EventEnvelope, newId, type RequestContext } from '@brigade/kernel';
import { sql } from 'drizzle-orm';

export const messagingMigrations: MigrationSource = {
  schema: 'messaging',
  dir: new URL('../migrations/', import.meta.url),
};

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

export interface PublishOptions {
  /** Events of one aggregate are delivered in the order they were published. */
  aggregateId?: string | null;
  /** The event this one reacts to, when published by a subscriber. */
  causationId?: string | null;
  /** For events outside a tenant request (platform admin, system jobs). Defaults to ctx.tenantId. */
  tenantId?: string;
}

/** What a module's code calls to publish: inside its own transaction, into its own outbox. */
export type Publish = <Payload>(
  tx: Tx,
  ctx: RequestContext,
  event: EventDefinition<Payload>,
  payload: Payload,
  options?: PublishOptions,
) => Promise<EventEnvelope<Payload>>;

/**
 * A publisher bound to one module. The row is written in the caller's transaction, so the
 * event exists exactly when the state change does; the relay sends it after commit. Events
 * published in one scoped transaction are written together, in one insert just before it
 * commits (in the order published).
 * A payload that does not match its declared schema is a programming error and throws.
 */
export function createPublisher(module: string, now: () => Date): Publish {
  /** The key of this module's events gathered in a transaction. */
  const pending = {};
  const writeOutbox = async (tx: Tx, envelopes: EventEnvelope[]) => {
    const rows = envelopes.map(
      (
        envelope,
      ) => sql`(${envelope.event_id}, ${envelope.type}, ${envelope.tenant_id}, ${envelope.aggregate_id},
        ${envelope.correlation_id}, ${envelope.causation_id}, ${envelope.occurred_at},
        ${JSON.stringify(envelope.payload)}::jsonb)`,
    );
    await tx.execute(sql`
      insert into ${sql.identifier(module)}.outbox
        (event_id, type, tenant_id, aggregate_id, correlation_id, causation_id, occurred_at, payload)
      values ${sql.join(rows, sql`, `)}`);
  };
  return async <Payload>(
    tx: Tx,
    ctx: RequestContext,
    event: EventDefinition<Payload>,
    payload: Payload,
    options: PublishOptions = {},
  ) => {
    if (event.producer !== module) {
      throw new InvalidEventError(
        `Module '${module}' cannot publish '${event.type}': it belongs to '${event.producer}'`,
      );
    }
    const parsed = event.payload.safeParse(payload);
    if (!parsed.success) {
      throw new InvalidEventError(`Invalid payload for ${event.type}: ${parsed.error.message}`);
    }
    const tenantId = options.tenantId ?? ctx.tenantId;
    if (!tenantId)
      throw new InvalidEventError(`${event.type} needs a tenant: none in the context or options`);
    const envelope: EventEnvelope<Payload> = {
      event_id: newId(),
      type: event.type,
      occurred_at: now().toISOString(),
      tenant_id: tenantId,
      correlation_id: ctx.correlationId,
      causation_id: options.causationId ?? null,
      source: module,
      aggregate_id: options.aggregateId ?? null,
      payload: parsed.data,
    };
    const batch = beforeCommit(tx, pending, () => [] as EventEnvelope[], writeOutbox);
    if (batch) batch.push(envelope);
    else await writeOutbox(tx, [envelope]);
    return envelope;
  };
}
