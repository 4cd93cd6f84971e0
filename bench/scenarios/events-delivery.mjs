import { measureDelivery, measureRawInserts } from '../lib/events.mjs';

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'events-delivery',
  description:
    'End to end: committed outbox rows → relay → transport → a subscriber writing its inbox row and a one-row effect (events/s), beside a plain client loop doing the same two inserts per event in one transaction.',
  subjects: [
    {
      label: `outbox → ${process.env.AMQP_URL ? 'RabbitMQ' : 'in-process'} → subscriber`,
      measure: measureDelivery,
    },
  ],
  baselines: [{ label: 'raw loop: inbox + effect per transaction', measure: measureRawInserts }],
};
