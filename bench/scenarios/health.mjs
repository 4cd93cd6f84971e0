import { brigadeServer, helloWorld } from '../lib/servers.mjs';

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'health',
  description:
    "Liveness probe through Brigade's whole HTTP stack (request id, logging, metrics, security " +
    'headers, response validation) beside a bare Fastify hello-world.',
  subjects: [{ label: 'brigade GET /health', server: brigadeServer, request: { path: '/health' } }],
  baselines: [helloWorld],
};
