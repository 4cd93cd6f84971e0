import { type EventDefinition, type EventEnvelope, newId } from '@brigade/kernel';

/** A fixture event `n` of `event` for a tenant, as a relay would hand it over: payload `{ n }`. */
export function envelopeOf(
  event: EventDefinition,
  tenantId: string,
  n: number,
  aggregateId: string | null = null,
): EventEnvelope {
  return {
    event_id: newId(),
    type: event.type,
    occurred_at: new Date().toISOString(),
    tenant_id: tenantId,
    correlation_id: `test-event-${n}`,
    causation_id: null,
    source: 'fixture',
    aggregate_id: aggregateId,
    payload: { n },
  };
}
