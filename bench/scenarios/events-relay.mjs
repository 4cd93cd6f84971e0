import { measureRawAmqp, measureRelay } from '../lib/events.mjs';

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'events-relay',
  description:
    'Outbox relay: committed outbox rows published to RabbitMQ and confirmed (events/s), beside amqplib alone publishing as many messages of the same size with bulk confirms.',
  subjects: [{ label: 'relay outbox → RabbitMQ', measure: measureRelay }],
  baselines: [{ label: 'amqplib publish, bulk confirms', measure: measureRawAmqp }],
  targetRatio: 0.3,
  ...(!process.env.AMQP_URL && { unavailable: 'needs RabbitMQ (set AMQP_URL)' }),
};
