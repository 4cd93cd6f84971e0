import { bareAnswer, brigadeServer, helloWorld } from '../lib/servers.mjs';

const path = '/api/v1/public/restaurants/spice-route/menu';

/**
 * The public menu route keeps its own per-IP budget (600 a minute), which the server's
 * raised defaults do not lift. So this server trusts X-Forwarded-For, and the load comes from
 * `clients` addresses in turn: the limiter still runs on every request, no address nears its
 * budget. (Autocannon's sequence is fixed, so its request buffers are built once.)
 * @type {import('../lib/processes.mjs').ProcessSpec}
 */
const brigadeBehindProxy = {
  ...brigadeServer,
  name: 'brigade (TRUST_PROXY)',
  env: (context) => ({ ...brigadeServer.env?.(context), TRUST_PROXY: 'true' }),
};

const clients = 4000;
const address = (/** @type {number} */ n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** @param {Record<string, string>} headers */
const fromManyClients = (headers = {}) => ({
  path,
  requests: Array.from({ length: clients }, (_, n) => ({
    method: /** @type {const} */ ('GET'),
    path,
    headers: { ...headers, 'x-forwarded-for': address(n + 1) },
  })),
});

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'menu',
  description:
    "The demo restaurant's public guest menu (no sign-in, per-IP rate limit, cached JSON string " +
    'with a strong ETag): the full 200 body, and a 304 revalidation with If-None-Match, beside a ' +
    'bare Fastify hello-world (the target) and the floor of such an answer: node:http alone writing the same ' +
    'headers and a body of the same size.',
  subjects: [
    {
      label: `brigade GET ${path} (200)`,
      server: brigadeBehindProxy,
      request: fromManyClients(),
    },
    {
      label: `brigade GET ${path} (If-None-Match → 304)`,
      server: brigadeBehindProxy,
      request: async ({ url }) => {
        const response = await fetch(new URL(path, url), { headers: { 'x-forwarded-for': address(0) } });
        const etag = response.headers.get('etag');
        if (response.status !== 200 || !etag) {
          throw new Error(`public menu: ${response.status} ${await response.text()}`);
        }
        return { ...fromManyClients({ 'if-none-match': etag }), expectedStatuses: [304] };
      },
    },
  ],
  baselines: [helloWorld, bareAnswer],
  targetRatio: 0.6,
  interleaved: true,
};
