import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createIdentityApp,
  password,
  restaurantWithOwner,
  staffMember,
} from './support/identity-app.js';
import { authorizeAs, type RunningOidcProvider, startOidcProvider } from './support/oidc-provider.js';

/** Sign-in without a password, over HTTP: phone OTP (seed 003) and OpenID Connect (seed 001 §6.6). */
const redirectUri = 'http://127.0.0.1:5173/auth/callback';

let op: RunningOidcProvider;
let t: TestApp;
let spiceRoute: Awaited<ReturnType<typeof restaurantWithOwner>>;

beforeAll(async () => {
  op = await startOidcProvider({
    accounts: [
      { sub: 'alice', email: 'Alice@Example.com', email_verified: true, name: 'Alice Martin' },
      { sub: 'bob', email: 'bob@example.com', email_verified: false, name: 'Bob Durand' },
      { sub: 'carol', email: 'carol.manager@example.com', email_verified: true, name: 'Carol' },
    ],
    clients: [
      { client_id: 'brigade', client_secret: 'brigade-secret-0123456789', redirect_uris: [redirectUri] },
    ],
  });
  t = await createIdentityApp({
    identity: {
      allowInsecureOidc: true,
      oidcProviders: [
        {
          name: 'acme',
          issuer: op.issuer,
          client_id: 'brigade',
          client_secret: 'brigade-secret-0123456789',
          redirect_uri: redirectUri,
        },
      ],
    },
  });
  spiceRoute = await restaurantWithOwner(t, 'otp-house');
}, 60_000);
afterAll(async () => {
  await t?.close();
  await op?.stop();
});

const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload, headers });

/** The code the console SMS provider logged for `phone`. */
function lastCodeSentTo(phone: string): string {
  const line = t.logs.findLast((entry) => entry.message === 'sms (console provider)' && entry.to === phone);
  const code = /\b(\d{6})\b/.exec(String(line?.body))?.[1];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

describe('customer OTP sign-in', () => {
  it('sends a code, exchanges it once for tokens, and makes the customer on first sign-in only', async () => {
    const sent = await post('/api/v1/auth/customer/request-otp', {
      phone: '+91 98765 43210',
      restaurant: 'otp-house',
    });
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toMatchObject({ message: 'OTP sent' });
    const code = lastCodeSentTo('+919876543210');

    const verified = await post('/api/v1/auth/customer/verify-otp', {
      phone: '+919876543210',
      otp: code,
      tenant_id: spiceRoute.tenantId,
    });
    expect(verified.statusCode, verified.body).toBe(200);
    const tokens = verified.json();
    expect(tokens.user).toMatchObject({
      role: 'customer',
      phone: '+919876543210',
      tenant_id: spiceRoute.tenantId,
    });
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: bearer(tokens.access_token),
    });
    expect(me.json().id).toBe(tokens.user.id);

    const replay = await post('/api/v1/auth/customer/verify-otp', {
      phone: '+919876543210',
      otp: code,
      tenant_id: spiceRoute.tenantId,
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('otp_invalid');

    const cooldown = await post('/api/v1/auth/customer/request-otp', {
      phone: '+919876543210',
      tenant_id: spiceRoute.tenantId,
    });
    expect(cooldown.statusCode).toBe(429);
    expect(cooldown.json().code).toBe('otp_cooldown');
    expect(Number(cooldown.headers['retry-after'])).toBeGreaterThan(0);

    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log?action=otp_login',
      headers: bearer(spiceRoute.ownerToken),
    });
    expect(audit.json().data).toEqual([
      expect.objectContaining({ action: 'otp_login', subject_id: tokens.user.id }),
    ]);
  });

  it('names the restaurant or refuses: unknown → 404, none → 400, wrong code → 401', async () => {
    const unknown = await post('/api/v1/auth/customer/request-otp', {
      phone: '+14155550100',
      restaurant: 'nowhere',
    });
    expect(unknown.statusCode).toBe(404);
    const none = await post('/api/v1/auth/customer/request-otp', { phone: '+14155550100' });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('restaurant_required');
    await post('/api/v1/auth/customer/request-otp', { phone: '+14155550100', restaurant: 'otp-house' });
    const wrong = lastCodeSentTo('+14155550100') === '000000' ? '111111' : '000000';
    const refused = await post('/api/v1/auth/customer/verify-otp', {
      phone: '+14155550100',
      otp: wrong,
      restaurant: 'otp-house',
    });
    expect(refused.statusCode).toBe(401);
  });

  it('sends through the Twilio adapter when configured (a local server speaking its API)', async () => {
    const received: { path: string; form: URLSearchParams; authorization: string | undefined }[] = [];
    const twilio = createServer(async (request: IncomingMessage, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      received.push({
        path: request.url ?? '',
        form: new URLSearchParams(body),
        authorization: request.headers.authorization,
      });
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' }));
    });
    await new Promise<void>((resolve) => twilio.listen(0, '127.0.0.1', resolve));
    const sid = `AC${'0'.repeat(32)}`;
    const app = await createIdentityApp({
      identity: {
        sms: {
          provider: 'twilio',
          accountSid: sid,
          authToken: 'twilio-auth-token',
          from: '+15005550006',
          baseUrl: `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`,
        },
      },
    });
    try {
      const restaurant = await restaurantWithOwner(app, 'twilio-house');
      const sent = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/customer/request-otp',
        payload: { phone: '+33612345678', tenant_id: restaurant.tenantId },
      });
      expect(sent.statusCode, sent.body).toBe(202);
      expect(received).toHaveLength(1);
      expect(received[0]!.path).toBe(`/2010-04-01/Accounts/${sid}/Messages.json`);
      expect(received[0]!.authorization).toBe(
        `Basic ${Buffer.from(`${sid}:twilio-auth-token`).toString('base64')}`,
      );
      expect(received[0]!.form.get('To')).toBe('+33612345678');
      const code = /\b(\d{6})\b/.exec(received[0]!.form.get('Body') ?? '')?.[1];
      const verified = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/customer/verify-otp',
        payload: { phone: '+33612345678', otp: code, tenant_id: restaurant.tenantId },
      });
      expect(verified.statusCode, verified.body).toBe(200);
      expect(app.logs.some((entry) => JSON.stringify(entry).includes(code!))).toBe(false);
    } finally {
      await app.close();
      await new Promise((resolve) => twilio.close(resolve));
    }
  });
});

describe('social sign-in through a real OpenID provider', () => {
  async function signInWith(sub: string, restaurant: Record<string, string> = { restaurant: 'otp-house' }) {
    const begun = await post('/api/v1/auth/oauth/acme/authorize', restaurant);
    expect(begun.statusCode, begun.body).toBe(200);
    const url = new URL(begun.json().authorization_url);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const { code, state, redirect } = await authorizeAs(url, sub);
    return post('/api/v1/auth/oauth/callback', {
      provider: 'acme',
      code,
      state,
      iss: redirect.searchParams.get('iss') ?? undefined,
    });
  }

  it('lists the configured providers', async () => {
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/auth/oauth/providers' });
    expect(listed.json()).toEqual({ providers: ['acme'] });
  });

  it('creates a customer for a new verified e-mail, and finds the same account next time', async () => {
    const first = await signInWith('alice');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().user).toMatchObject({
      role: 'customer',
      email: 'alice@example.com',
      email_verified: true,
      display_name: 'Alice Martin',
      tenant_id: spiceRoute.tenantId,
    });
    const second = await signInWith('alice');
    expect(second.json().user.id).toBe(first.json().user.id);
  });

  it('links to an existing staff account by verified e-mail, without a restaurant named', async () => {
    const carol = await staffMember(t, spiceRoute.ownerToken, 'manager', 'carol.manager@example.com');
    const signedIn = await signInWith('carol', {});
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().user).toMatchObject({ id: carol.user.id, role: 'manager' });
    const audit = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit-log?subject_id=${carol.user.id}`,
      headers: bearer(spiceRoute.ownerToken),
    });
    expect(audit.json().data.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['social_identity_linked', 'social_login']),
    );
    // The password still works beside the provider.
    const withPassword = await post('/api/v1/auth/login', { email: 'carol.manager@example.com', password });
    expect(withPassword.statusCode).toBe(200);
  });

  it('never links or creates on an unverified e-mail', async () => {
    const refused = await signInWith('bob');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('email_not_verified');
  });

  it('refuses a replayed state and an unknown provider', async () => {
    const begun = await post('/api/v1/auth/oauth/acme/authorize', { restaurant: 'otp-house' });
    const { code, state, redirect } = await authorizeAs(begun.json().authorization_url, 'alice');
    const callback = { provider: 'acme', code, state, iss: redirect.searchParams.get('iss') ?? undefined };
    expect((await post('/api/v1/auth/oauth/callback', callback)).statusCode).toBe(200);
    const replayed = await post('/api/v1/auth/oauth/callback', callback);
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json().code).toBe('invalid_oauth_state');
    const unknown = await post('/api/v1/auth/oauth/nope/authorize', {});
    expect(unknown.statusCode).toBe(404);
  });
});
