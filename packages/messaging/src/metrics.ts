import { Counter, Histogram, type Registry } from 'prom-client';

export interface EventMetrics {
  published: Counter<'type'>;
  consumed: Counter<'type' | 'subscriber' | 'outcome'>;
  failed: Counter<'type' | 'subscriber'>;
  deadLettered: Counter<'type' | 'subscriber'>;
  handlerDuration: Histogram<'subscriber'>;
}

export function createEventMetrics(registry: Registry): EventMetrics {
  const registers = [registry];
  return {
    published: new Counter({
      name: 'events_published_total',
      help: 'Events handed to the transport and confirmed, by type',
      labelNames: ['type'],
      registers,
    }),
    consumed: new Counter({
      name: 'events_consumed_total',
      help: 'Events a subscriber finished, by outcome (applied, or duplicate skipped by the inbox)',
      labelNames: ['type', 'subscriber', 'outcome'],
      registers,
    }),
    failed: new Counter({
      name: 'events_failed_total',
      help: 'Subscriber attempts that threw, by type and subscriber',
      labelNames: ['type', 'subscriber'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'events_dead_lettered_total',
      help: 'Events moved to the dead-letter queue after their last retry',
      labelNames: ['type', 'subscriber'],
      registers,
    }),
    handlerDuration: new Histogram({
      name: 'event_handler_duration_seconds',
      help: 'Subscriber handler duration including its transaction',
      labelNames: ['subscriber'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
  };
}
