import { demoLogins, demoPassword, measureArgon2 } from '../lib/auth.mjs';
import { brigadeServer } from '../lib/servers.mjs';

const logins = demoLogins.map((email) => ({
  path: '/api/v1/auth/login',
  method: /** @type {const} */ ('POST'),
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password: demoPassword }),
}));
let next = 0;

/** @type {import('../lib/scenario.mjs').Scenario} */
export const scenario = {
  name: 'auth-login',
  description:
    'Password sign-in end to end, over the six demo staff accounts (attempt counted, argon2id verify, session row, refresh token, audit entry, EdDSA access token) beside bare argon2id verifications with the same parameters: sign-in is meant to cost little more than its hash.',
  subjects: [
    {
      label: 'brigade POST /api/v1/auth/login (6 staff accounts in turn)',
      server: brigadeServer,
      request: {
        requests: logins,
        // Each connection starts at another account: sign-ins of one account are checked in turn.
        setupClient: (client) =>
          client.setRequests([...logins.slice(next % 6), ...logins.slice(0, next++ % 6)]),
      },
    },
  ],
  baselines: [{ label: 'argon2id verify (m=19 MiB, t=2, p=1)', measure: measureArgon2 }],
};
