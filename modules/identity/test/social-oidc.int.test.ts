import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { platformMigrations, queryRows } from '@brigade/db';
import { isDomainError } from '@brigade/kernel';
import { messagingMigrations } from '@brigade/messaging';
import { openTestDatabase, type TestDatabase } from '@brigade/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcProviderConfig, SocialLogin, type SocialLoginOptions } from '../src/social/oidc.js';
import { PostgresPendingLoginStore } from '../src/social/pending-logins.table.js';
import { authorizeAs, type RunningOidcProvider, startOidcProvider } from './support/oidc-provider.js';

const callback = (name: string) => `http://127.0.0.1:3000/api/v1/auth/oauth/${name}/callback`;
const tenantId = randomUUID();

let op: RunningOidcProvider;
let t: TestDatabase;
let store: PostgresPendingLoginStore;
let now = new Date();
const clock = { now: () => now };

let providers: OidcProviderConfig[];
const socialLogin = (overrides: Partial<SocialLoginOptions> = {}) =>
  new SocialLogin({ providers, store, clock, allowInsecureRequests: true, ...overrides });

beforeAll(async () => {
  [op, t] = await Promise.all([
    startOidcProvider({
      accounts: [
        { sub: 'alice', email: 'alice@example.com', email_verified: true, name: 'Alice Martin' },
        { sub: 'bob', email: 'bob@example.com', email_verified: false, name: 'Bob Durand' },
      ],
      clients: [
        {
          client_id: 'brigade',
          client_secret: 'brigade-secret-0123456789',
          redirect_uris: [callback('acme')],
        },
        { client_id: 'brigade-spa', redirect_uris: [callback('acme-public')] },
      ],
    }),
    // The identity schema's own migration creates its outbox, hence messaging.
    openTestDatabase([
      platformMigrations,
      messagingMigrations,
      { schema: 'identity', dir: new URL('../migrations/', import.meta.url) },
    ]),
  ]);
  store = new PostgresPendingLoginStore(t.db);
  providers = [
    {
      name: 'acme',
      issuer: op.issuer,
      client_id: 'brigade',
      client_secret: 'brigade-secret-0123456789',
      redirect_uri: callback('acme'),
    },
    {
      name: 'acme-public',
      issuer: op.issuer,
      client_id: 'brigade-spa',
      redirect_uri: callback('acme-public'),
    },
  ];
});
afterAll(async () => {
  await op?.stop();
  await t?.close();
});

/** Resolves to the DomainError's code, kind and details the promise rejects with. */
async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isDomainError(error)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return { code: error.code, kind: error.kind, details: error.details, message: error.message };
}

/** Begins a login and has `sub` sign in at the provider: the callback's parameters. */
async function signIn(login: SocialLogin, provider: string, sub: string, tenant: string | null = tenantId) {
  const begun = await login.begin(provider, { tenantId: tenant });
  const { code, state, redirect } = await authorizeAs(begun.authorization_url, sub);
  return { begun, code, state, iss: redirect.searchParams.get('iss') ?? undefined };
}

describe('social login over OpenID Connect, against a real oidc-provider', () => {
  it('signs in a confidential client end to end; the tenant round-trips', async () => {
    const login = socialLogin();
    expect(login.providers()).toEqual(['acme', 'acme-public']);
    const { begun, ...callbackParams } = await signIn(login, 'acme', 'alice');
    expect(new Date(begun.expires_at).getTime()).toBe(now.getTime() + 600_000);
    expect(callbackParams.iss).toBe(op.issuer);

    const result = await login.complete('acme', callbackParams);

    expect(result).toEqual({
      identity: {
        provider: 'acme',
        subject: 'alice',
        email: 'alice@example.com',
        email_verified: true,
        name: 'Alice Martin',
      },
      tenantId,
    });
  });

  it('signs in a public client (PKCE, no secret) without a tenant', async () => {
    const login = socialLogin();
    const { begun: _, ...callbackParams } = await signIn(login, 'acme-public', 'alice', null);
    const result = await login.complete('acme-public', callbackParams);
    expect(result.identity.subject).toBe('alice');
    expect(result.tenantId).toBeNull();
  });

  it('reports an unverified e-mail as unverified', async () => {
    const login = socialLogin();
    const { begun: _, ...callbackParams } = await signIn(login, 'acme', 'bob');
    const { identity } = await login.complete('acme', callbackParams);
    expect(identity).toMatchObject({ subject: 'bob', email: 'bob@example.com', email_verified: false });
  });

  it('reads e-mail and name from the ID token when the provider puts them there', async () => {
    const other = await startOidcProvider({
      accounts: [{ sub: 'carol', email: 'carol@example.com', email_verified: true, name: 'Carol Petit' }],
      clients: [
        {
          client_id: 'brigade',
          client_secret: 'another-secret-0123456789',
          redirect_uris: [callback('other')],
        },
      ],
      claimsInIdToken: true,
    });
    try {
      const login = socialLogin({
        providers: [
          {
            name: 'other',
            issuer: other.issuer,
            client_id: 'brigade',
            client_secret: 'another-secret-0123456789',
            redirect_uri: callback('other'),
          },
        ],
      });
      const { begun: _, ...callbackParams } = await signIn(login, 'other', 'carol');
      const { identity } = await login.complete('other', callbackParams);
      expect(identity).toEqual({
        provider: 'other',
        subject: 'carol',
        email: 'carol@example.com',
        email_verified: true,
        name: 'Carol Petit',
      });
    } finally {
      await other.stop();
    }
  });

  it('sends an authorization request with PKCE S256, state and nonce', async () => {
    const begun = await socialLogin().begin('acme', { tenantId });
    const url = new URL(begun.authorization_url);
    expect(url.origin + url.pathname).toBe(`${op.issuer}/auth`);
    const params = url.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe('brigade');
    expect(params.get('redirect_uri')).toBe(callback('acme'));
    expect(params.get('scope')).toBe('openid email profile');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBe(begun.state);
    expect(params.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(params.get('nonce')).not.toBe(begun.state);
    expect(url.href).not.toContain('brigade-secret');
  });

  it('keeps the pending login server-side, visible to the platform but not to another tenant', async () => {
    const begun = await socialLogin().begin('acme', { tenantId });
    const visible = (rows: Promise<unknown[]>) => rows.then((found) => found.length);
    const select = sql`select state from identity.pending_social_logins where state = ${begun.state}`;
    expect(await visible(t.db.platformTx((tx) => queryRows(tx, select)))).toBe(1);
    expect(await visible(t.db.tenantTx(tenantId, (tx) => queryRows(tx, select)))).toBe(1);
    expect(await visible(t.db.tenantTx(randomUUID(), (tx) => queryRows(tx, select)))).toBe(0);
  });

  it('refuses a state used twice', async () => {
    const login = socialLogin();
    const { begun: _, ...callbackParams } = await signIn(login, 'acme', 'alice');
    await login.complete('acme', callbackParams);
    expect(await failure(login.complete('acme', callbackParams))).toMatchObject({
      code: 'invalid_oauth_state',
      kind: 'invalid',
    });
  });

  it('refuses a state begun for another provider, and consumes it', async () => {
    const login = socialLogin();
    const { begun: _, ...callbackParams } = await signIn(login, 'acme', 'alice');
    expect(await failure(login.complete('acme-public', callbackParams))).toMatchObject({
      code: 'invalid_oauth_state',
    });
    expect(await failure(login.complete('acme', callbackParams))).toMatchObject({
      code: 'invalid_oauth_state',
    });
  });

  it('refuses a tampered, unknown or empty state', async () => {
    const login = socialLogin();
    const { begun: _, ...callbackParams } = await signIn(login, 'acme', 'alice');
    for (const state of [`${callbackParams.state}x`, 'never-issued', '']) {
      expect(await failure(login.complete('acme', { ...callbackParams, state }))).toMatchObject({
        code: 'invalid_oauth_state',
      });
    }
    // The genuine state was untouched by the attempts.
    expect((await login.complete('acme', callbackParams)).identity.subject).toBe('alice');
  });

  it('refuses a pending login that expired', async () => {
    const login = socialLogin({ pendingTtlSeconds: 60 });
    const { begun: _, ...callbackParams } = await signIn(login, 'acme', 'alice');
    const started = now;
    now = new Date(started.getTime() + 61_000);
    try {
      expect(await failure(login.complete('acme', callbackParams))).toMatchObject({
        code: 'invalid_oauth_state',
      });
    } finally {
      now = started;
    }
  });

  it('fails with oauth_failed when the provider rejects the code', async () => {
    const login = socialLogin();
    const { begun: _, ...callbackParams } = await signIn(login, 'acme', 'alice');
    const error = await failure(login.complete('acme', { ...callbackParams, code: 'not-a-real-code' }));
    expect(error).toMatchObject({
      code: 'oauth_failed',
      kind: 'unauthenticated',
      details: { provider: 'acme', reason: 'invalid_grant' },
    });
    expect(JSON.stringify(error)).not.toContain(callbackParams.code);
  });

  it('fails with oauth_failed when the provider answers with an error, and uses the state up', async () => {
    const login = socialLogin();
    const { state } = await login.begin('acme', { tenantId });
    const denied = { state, error: 'access_denied', iss: op.issuer };
    expect(await failure(login.complete('acme', denied))).toMatchObject({
      code: 'oauth_failed',
      details: { reason: 'access_denied' },
    });
    expect(await failure(login.complete('acme', denied))).toMatchObject({ code: 'invalid_oauth_state' });
  });

  it('fails with oauth_failed when the PKCE verifier does not match the challenge', async () => {
    const login = socialLogin();
    const { begun: _, ...callbackParams } = await signIn(login, 'acme', 'alice');
    await t.db.admin.query(
      `update identity.pending_social_logins set code_verifier = repeat('a', 64) where state = $1`,
      [callbackParams.state],
    );
    expect(await failure(login.complete('acme', callbackParams))).toMatchObject({
      code: 'oauth_failed',
      details: { reason: 'invalid_grant' },
    });
  });

  it('fails with oauth_failed when the ID token carries another nonce', async () => {
    const login = socialLogin();
    const { begun: _, ...callbackParams } = await signIn(login, 'acme', 'alice');
    await t.db.admin.query(
      `update identity.pending_social_logins set nonce = 'other-nonce' where state = $1`,
      [callbackParams.state],
    );
    expect(await failure(login.complete('acme', callbackParams))).toMatchObject({
      code: 'oauth_failed',
      details: { reason: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' },
    });
  });

  it('fails with oauth_failed when the response names another issuer (mix-up)', async () => {
    const login = socialLogin();
    const { begun: _, ...callbackParams } = await signIn(login, 'acme', 'alice');
    expect(
      await failure(login.complete('acme', { ...callbackParams, iss: 'https://evil.example.com' })),
    ).toMatchObject({ code: 'oauth_failed', details: { reason: 'OAUTH_INVALID_RESPONSE' } });
  });

  it('answers unknown_provider for a provider it does not know', async () => {
    const login = socialLogin();
    const unknown = { code: 'unknown_provider', kind: 'not_found' };
    expect(await failure(login.begin('nope', { tenantId }))).toMatchObject(unknown);
    expect(await failure(login.complete('nope', { code: 'c', state: 's' }))).toMatchObject(unknown);
  });

  it('answers provider_unavailable when the provider cannot be reached', async () => {
    const login = socialLogin({
      providers: [{ ...providers[0]!, name: 'down', issuer: 'http://127.0.0.1:1' }],
      timeoutSeconds: 2,
    });
    expect(await failure(login.begin('down', { tenantId }))).toMatchObject({
      code: 'provider_unavailable',
      kind: 'unavailable',
    });
  });

  it('retries discovery once, and again on the next call after a failure', async () => {
    let requests = 0;
    const flaky = createServer((_request, response) => {
      requests++;
      if (requests <= 2) {
        response.writeHead(503).end();
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth` }));
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
    try {
      const login = socialLogin({ providers: [{ ...providers[0]!, name: 'flaky', issuer }] });
      expect(await failure(login.begin('flaky', { tenantId }))).toMatchObject({
        code: 'provider_unavailable',
      });
      expect(requests).toBe(2);
      const begun = await login.begin('flaky', { tenantId });
      expect(begun.authorization_url.startsWith(`${issuer}/auth?`)).toBe(true);
      await login.begin('flaky', { tenantId });
      expect(requests).toBe(3);
    } finally {
      flaky.close();
    }
  });

  it('refuses http issuers unless insecure requests are allowed', async () => {
    const login = socialLogin({ allowInsecureRequests: false });
    expect(await failure(login.begin('acme', { tenantId }))).toMatchObject({ code: 'provider_unavailable' });
  });
});
