// A real OpenID Provider for tests, run as a child process by ./oidc-provider.ts.
// Input: OIDC_FIXTURE_CONFIG = JSON { accounts: [{ sub, email, email_verified, name }],
//        clients: [{ client_id, client_secret?, redirect_uris }], claimsInIdToken? }.
// Output: one line on stdout, JSON { issuer }, once listening. Exits when stdin closes (the
// parent died) or on SIGTERM.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
// @ts-expect-error oidc-provider ships no type declarations.
import Provider from 'oidc-provider';

/**
 * @typedef {{ sub: string, email: string, email_verified: boolean, name: string }} Account
 * @typedef {{ client_id: string, client_secret?: string, redirect_uris: string[] }} Client
 */

/** @type {{ accounts: Account[], clients: Client[], claimsInIdToken?: boolean }} */
const { accounts, clients, claimsInIdToken = false } = JSON.parse(process.env.OIDC_FIXTURE_CONFIG ?? '{}');
const accountsBySub = new Map(accounts.map((account) => [account.sub, account]));

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

/** @param {string} text */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** @param {import('node:http').IncomingMessage} req */
async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
const issuer = `http://127.0.0.1:${address.port}`;

const provider = new Provider(issuer, {
  clients: clients.map(({ client_id, client_secret, redirect_uris }) => ({
    client_id,
    redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    ...(client_secret
      ? { client_secret, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
  })),
  jwks: { keys: [{ ...signingKey, kid: 'fixture', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  // By default (OIDC Core §5.4) scope claims go to userinfo only; some providers send them in the ID token too.
  conformIdTokenClaims: !claimsInIdToken,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: false } },
  interactions: {
    /** @param {unknown} _ctx @param {{ uid: string }} interaction */
    url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  /** @param {unknown} _ctx @param {string} sub */
  async findAccount(_ctx, sub) {
    const account = accountsBySub.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        email: account.email,
        email_verified: account.email_verified,
        name: account.name,
      }),
    };
  },
  /** @param {{ type: string, body: unknown }} ctx @param {Record<string, string>} out */
  async renderError(ctx, out) {
    ctx.type = 'application/json';
    ctx.body = out;
  },
});

const providerCallback = provider.callback();

/**
 * The login page a user agent meets: GET shows a form, POST login=<sub> signs that account in
 * and grants openid/email/profile so no consent screen follows. An unknown sub ends the
 * interaction with access_denied.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function interaction(req, res) {
  /** @type {{ uid: string, params: Record<string, unknown> }} */
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    const uid = escapeHtml(details.uid);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<form method="post" action="/interaction/${uid}/login"><input name="login"><button>Sign in</button></form>`,
    );
    return;
  }
  const sub = (await readForm(req)).get('login') ?? '';
  if (!accountsBySub.has(sub)) {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'unknown account' },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const grant = new provider.Grant({ accountId: sub, clientId: String(details.params.client_id) });
  grant.addOIDCScope('openid email profile');
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: sub }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

server.on('request', (req, res) => {
  const path = new URL(req.url ?? '/', issuer).pathname;
  const route = /^\/interaction\/[^/]+(\/login)?$/.exec(path);
  if (!route || (route[1] ? req.method !== 'POST' : req.method !== 'GET')) {
    providerCallback(req, res);
    return;
  }
  interaction(req, res).catch((/** @type {Error} */ error) => {
    res.statusCode = 400;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ error: 'interaction_failed', error_description: String(error?.message) }));
  });
});

const shutdown = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
