import { Counter, Gauge, type Registry } from 'prom-client';

export interface RealtimeMetrics {
  connections: Gauge;
  sent: Counter<'op'>;
}

export function createRealtimeMetrics(registry: Registry): RealtimeMetrics {
  return {
    connections: new Gauge({
      name: 'realtime_connections',
      help: 'Open realtime WebSocket connections',
      registers: [registry],
    }),
    sent: new Counter({
      name: 'realtime_messages_sent_total',
      help: 'Messages sent to realtime clients, by op',
      labelNames: ['op'] as const,
      registers: [registry],
    }),
  };
}
