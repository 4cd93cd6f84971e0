import { apiKey, demoRestaurantId, signIn } from '../lib/auth.mjs';
import { brigadeServer } from '../lib/servers.mjs';

const path = `/api/v1/restaurants/${demoRestaurantId}`;

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'auth-requests',
  description:
    "An authenticated read (verify the caller, check the restaurant is active, one tenant-scoped row) with an EdDSA access token and with an API key, beside the same server's unauthenticated /health: the ratio is what authentication plus one database read cost.",
  subjects: [
    {
      label: `brigade GET ${path.replace(demoRestaurantId, '{id}')} (Bearer JWT)`,
      server: brigadeServer,
      request: async ({ url }) => ({ path, headers: { authorization: `Bearer ${await signIn(url)}` } }),
    },
    {
      label: `brigade GET ${path.replace(demoRestaurantId, '{id}')} (X-API-Key)`,
      server: brigadeServer,
      request: async ({ url }) => ({
        path,
        headers: { 'x-api-key': await apiKey(url, ['restaurants:read']) },
      }),
    },
    {
      label: 'brigade POST /api/v1/auth/validate-token (verify only, no database)',
      server: brigadeServer,
      request: async ({ url }) => ({
        path: '/api/v1/auth/validate-token',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: await signIn(url) }),
      }),
    },
  ],
  baselines: [{ label: 'brigade GET /health', server: brigadeServer, request: { path: '/health' } }],
};
