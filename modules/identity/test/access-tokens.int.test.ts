import { randomUUID } from 'node:crypto';
import type { AppModule } from '@brigade/http';
import { tenantsModule } from '@brigade/tenants/module';
import { createTestApp, type TestApp } from '@brigade/testing';
import {
  type CryptoKey,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  jwtVerify,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenResponse } from '../src/contract/index.js';
import { developmentSecret, identityModule } from '../src/module.js';
import { SigningKeys } from '../src/tokens/signing-keys.js';
import {
  bearer,
  createIdentityApp,
  login,
  manualClock,
  password,
  platformAdminLogin,
  restaurantWithOwner,
  staffMember,
} from './support/identity-app.js';

/**
 * Access tokens (issue 4): short-lived EdDSA JWTs with a pinned algorithm, verifiable by anyone
 * from the published JWKS, surviving key rotation until they expire — and refusing every forgery.
 */

const clock = manualClock();
const accessTtl = 900;
const issuer = 'brigade';
const audience = 'brigade-api';

let t: TestApp;
let restaurant: Awaited<ReturnType<typeof restaurantWithOwner>>;
let other: Awaited<ReturnType<typeof restaurantWithOwner>>;
const ownerEmail = 'owner@tokens-a.example';

beforeAll(async () => {
  t = await createIdentityApp({ clock });
  restaurant = await restaurantWithOwner(t, 'tokens-a');
  other = await restaurantWithOwner(t, 'tokens-b');
});
afterAll(() => t?.close());

const me = (headers: Record<string, string>, app: TestApp = t) =>
  app.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

const jwks = async (app: TestApp = t) => {
  const response = await app.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
  expect(response.statusCode).toBe(200);
  return { response, keys: (response.json() as { keys: JWK[] }).keys };
};

/** A fresh owner sign-in: its access token is issued at the clock's current time. */
const ownerTokens = (): Promise<TokenResponse> => login(t, { email: ownerEmail, password });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(clock.now().getTime() / 1000);

/**
 * Signs with the platform's genuine private key, read from the database the way the module does:
 * stands in for anyone holding it (another service of the installation), so that only the
 * claim or header under test can make verification fail.
 */
async function signWithServerKey(payload: JWTPayload, header: Partial<JWTHeaderParameters>) {
  const keys = new SigningKeys(t.db, clock, {
    secret: developmentSecret,
    publishForSeconds: accessTtl + 120,
  });
  const { key } = await keys.current();
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', ...header }).sign(key);
}

/** Claims exactly like the ones the server issues for `user`, valid from now. */
function claimsOf(user: TokenResponse['user']): JWTPayload {
  return {
    sub: user.id,
    tenant_id: user.tenant_id,
    role: user.role,
    iss: issuer,
    aud: audience,
    iat: now(),
    exp: now() + accessTtl,
    jti: randomUUID(),
  };
}

function expectInvalidToken(response: Awaited<ReturnType<typeof me>>) {
  expect(response.statusCode, response.body).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({
    status: 401,
    code: 'invalid_token',
    type: 'urn:brigade:problem:invalid_token',
  });
  expect(body).not.toHaveProperty('email');
}

describe('issuing', () => {
  it('login returns access_token, refresh_token, token_type, expires_in and user', async () => {
    const tokens = await ownerTokens();
    expect(Object.keys(tokens).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'token_type',
      'user',
    ]);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(accessTtl);
    expect(tokens.user).toMatchObject({
      id: restaurant.owner.user.id,
      tenant_id: restaurant.tenantId,
      role: 'owner',
      email: ownerEmail,
    });
    // The refresh token is opaque (not a JWT) and different from the access token.
    expect(tokens.refresh_token).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    expect(tokens.access_token.split('.')).toHaveLength(3);
  });

  it('access tokens are EdDSA JWTs with kid, typ at+jwt, iss, aud, sub, tenant_id, role, iat and a 15 min exp', async () => {
    const issuedAt = now();
    const tokens = await ownerTokens();
    const header = decodeProtectedHeader(tokens.access_token);
    expect(header).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: expect.any(String) });
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toEqual({
      iss: issuer,
      aud: audience,
      sub: restaurant.owner.user.id,
      tenant_id: restaurant.tenantId,
      role: 'owner',
      iat: issuedAt,
      exp: issuedAt + 900,
      jti: expect.any(String),
    });
    // A platform admin's token speaks for no restaurant.
    const admin = await platformAdminLogin(t);
    expect(decodeJwt(admin.access_token)).toMatchObject({ role: 'platform_admin', tenant_id: null });
    expect((await me(bearer(admin.access_token))).json()).toMatchObject({ role: 'platform_admin' });
  });

  it('the JWKS carries only public keys, and verifies a token with jose alone (no server key)', async () => {
    const tokens = await ownerTokens();
    const { response, keys } = await jwks();
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    }
    expect(keys.map((key) => key.kid)).toContain(decodeProtectedHeader(tokens.access_token).kid);

    // What a gateway does: the key set from the HTTP response, nothing else from the server.
    const keySet = createLocalJWKSet(JSON.parse(response.body) as { keys: JWK[] });
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, keySet, {
      algorithms: ['EdDSA'],
      issuer,
      audience,
      typ: 'at+jwt',
      currentDate: clock.now(),
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({ sub: restaurant.owner.user.id, tenant_id: restaurant.tenantId });

    // The same key set refuses the token once it has been tampered with.
    const [h, , s] = tokens.access_token.split('.');
    const tampered = `${h}.${b64({ ...payload, tenant_id: other.tenantId })}.${s}`;
    await expect(jwtVerify(tampered, keySet, { currentDate: clock.now() })).rejects.toThrow();
  });

  it('a token signed with the server key and the same claims is accepted (control for the forgeries below)', async () => {
    const tokens = await ownerTokens();
    const { kid } = decodeProtectedHeader(tokens.access_token);
    const token = await signWithServerKey(claimsOf(tokens.user), { kid: kid!, typ: 'at+jwt' });
    const response = await me(bearer(token));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: restaurant.owner.user.id });
    // The scheme is case-insensitive (RFC 9110 §11.1).
    expect((await me({ authorization: `bearer ${tokens.access_token}` })).statusCode).toBe(200);
  });
});

describe('forged and broken tokens are refused with 401 invalid_token', () => {
  type Forge = (real: { token: string; user: TokenResponse['user'] }) => Promise<string> | string;

  const parts = (token: string) => {
    const [header, payload, signature] = token.split('.');
    return { header: header!, payload: payload!, signature: signature! };
  };
  const kidOf = (token: string) => decodeProtectedHeader(token).kid!;

  const forgeries: [string, Forge][] = [
    [
      'alg none, unsigned, claims copied from a real token',
      ({ token }) => `${b64({ alg: 'none', typ: 'at+jwt', kid: kidOf(token) })}.${parts(token).payload}.`,
    ],
    ['alg none built with jose UnsecuredJWT', ({ token }) => new UnsecuredJWT(decodeJwt(token)).encode()],
    [
      'alg none keeping the real signature',
      ({ token }) => {
        const { payload, signature } = parts(token);
        return `${b64({ alg: 'none', typ: 'at+jwt', kid: kidOf(token) })}.${payload}.${signature}`;
      },
    ],
    [
      'HS256 keyed with the public key bytes (key confusion)',
      async ({ token }) => {
        const { keys } = await jwks();
        const secret = Buffer.from(keys.find((key) => key.kid === kidOf(token))!.x!, 'base64url');
        return new SignJWT(decodeJwt(token))
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: kidOf(token) })
          .sign(secret);
      },
    ],
    [
      'HS256 keyed with the published JWK as JSON (key confusion)',
      async ({ token }) => {
        const { response } = await jwks();
        const published = (JSON.parse(response.body) as { keys: JWK[] }).keys.find(
          (key) => key.kid === kidOf(token),
        );
        return new SignJWT(decodeJwt(token))
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: kidOf(token) })
          .sign(new TextEncoder().encode(JSON.stringify(published)));
      },
    ],
    [
      'HS256 keyed with the public key PEM (key confusion)',
      async ({ token }) => {
        const { keys } = await jwks();
        const publicKey = await importJWK(keys.find((key) => key.kid === kidOf(token))!, 'EdDSA', {
          extractable: true,
        });
        const pem = await exportSPKI(publicKey as CryptoKey);
        return new SignJWT(decodeJwt(token))
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: kidOf(token) })
          .sign(new TextEncoder().encode(pem));
      },
    ],
    [
      'RS256 signed with an attacker RSA key carrying the real kid',
      async ({ token }) => {
        const attacker = await generateKeyPair('RS256');
        return new SignJWT(decodeJwt(token))
          .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: kidOf(token) })
          .sign(attacker.privateKey);
      },
    ],
    [
      'EdDSA signed with an attacker Ed25519 key carrying the real kid',
      async ({ token }) => {
        const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
        return new SignJWT(decodeJwt(token))
          .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: kidOf(token) })
          .sign(attacker.privateKey);
      },
    ],
    [
      'EdDSA signed with an attacker key embedded in the header (jwk injection)',
      async ({ token }) => {
        const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
        return new SignJWT(decodeJwt(token))
          .setProtectedHeader({
            alg: 'EdDSA',
            typ: 'at+jwt',
            kid: kidOf(token),
            jwk: await exportJWK(attacker.publicKey),
          })
          .sign(attacker.privateKey);
      },
    ],
    [
      'tenant_id edited in the payload, signature kept',
      ({ token }) => {
        const { header, signature } = parts(token);
        return `${header}.${b64({ ...decodeJwt(token), tenant_id: other.tenantId })}.${signature}`;
      },
    ],
    [
      'role edited in the payload, signature kept',
      ({ token }) => {
        const { header, signature } = parts(token);
        return `${header}.${b64({ ...decodeJwt(token), role: 'platform_admin', tenant_id: null })}.${signature}`;
      },
    ],
    [
      'payload of one real token with the signature of another',
      async ({ token }) => {
        const otherOwner = await login(t, { email: 'owner@tokens-b.example', password });
        return `${parts(token).header}.${parts(token).payload}.${parts(otherOwner.access_token).signature}`;
      },
    ],
    [
      'server key, wrong aud',
      ({ token, user }) =>
        signWithServerKey({ ...claimsOf(user), aud: 'another-api' }, { kid: kidOf(token), typ: 'at+jwt' }),
    ],
    [
      'server key, wrong iss',
      ({ token, user }) =>
        signWithServerKey(
          { ...claimsOf(user), iss: 'https://evil.example' },
          { kid: kidOf(token), typ: 'at+jwt' },
        ),
    ],
    [
      'server key, typ JWT instead of at+jwt',
      ({ token, user }) => signWithServerKey(claimsOf(user), { kid: kidOf(token), typ: 'JWT' }),
    ],
    ['server key, no typ', ({ token, user }) => signWithServerKey(claimsOf(user), { kid: kidOf(token) })],
    ['server key, no kid', ({ user }) => signWithServerKey(claimsOf(user), { typ: 'at+jwt' })],
    [
      'server key, unknown kid',
      ({ user }) => signWithServerKey(claimsOf(user), { typ: 'at+jwt', kid: 'not-a-published-key' }),
    ],
    [
      'server key, no exp',
      ({ token, user }) => {
        const { exp: _exp, ...claims } = claimsOf(user);
        return signWithServerKey(claims, { kid: kidOf(token), typ: 'at+jwt' });
      },
    ],
    [
      'server key, alg Ed25519 (only EdDSA is accepted)',
      ({ token, user }) =>
        signWithServerKey(claimsOf(user), { alg: 'Ed25519', kid: kidOf(token), typ: 'at+jwt' }),
    ],
    ['garbage: a word', () => 'garbage'],
    ['garbage: three empty segments', () => '..'],
    ['garbage: three nonsense segments', () => 'a.b.c'],
    ['garbage: a long string', () => 'x'.repeat(4000)],
    ['garbage: header and payload only', ({ token }) => `${parts(token).header}.${parts(token).payload}`],
    ['garbage: signature stripped', ({ token }) => `${parts(token).header}.${parts(token).payload}.`],
    ['garbage: truncated signature', ({ token }) => token.slice(0, -10)],
    ['garbage: JSON header that is not an object', ({ token }) => `${b64('x')}.${parts(token).payload}.x`],
  ];

  it.each(forgeries)('%s', async (_name, forge) => {
    const tokens = await ownerTokens();
    const forged = await forge({ token: tokens.access_token, user: tokens.user });
    expect(forged).not.toBe(tokens.access_token);
    expectInvalidToken(await me(bearer(forged)));
    const introspected = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/validate-token',
      payload: { token: forged },
    });
    expect(introspected.json()).toEqual({ active: false });
    // The genuine token of the same sign-in is still fine: the forgery alone was refused.
    expect((await me(bearer(tokens.access_token))).statusCode).toBe(200);
  });

  const schemes: [string, (token: string) => string][] = [
    ['Basic credentials', () => `Basic ${Buffer.from(`${ownerEmail}:${password}`).toString('base64')}`],
    ['Basic carrying the token', (token) => `Basic ${token}`],
    ['a token without a scheme', (token) => token],
    ['another scheme', (token) => `Token ${token}`],
    ['Bearer with no token', () => 'Bearer'],
    ['Bearer followed by two values', (token) => `Bearer ${token} ${token}`],
    ['Bearer with characters outside base64url', () => 'Bearer abc$def.ghi'],
  ];

  it.each(schemes)('Authorization: %s', async (_name, header) => {
    const tokens = await ownerTokens();
    expectInvalidToken(await me({ authorization: header(tokens.access_token) }));
  });
});

describe('expiry', () => {
  it('a token works until 15 min after issue and is refused after the 5 s tolerance', async () => {
    const tokens = await ownerTokens();
    clock.advanceSeconds(accessTtl - 1);
    expect((await me(bearer(tokens.access_token))).statusCode).toBe(200);
    clock.advanceSeconds(1 + 5 + 1);
    expectInvalidToken(await me(bearer(tokens.access_token)));
    const introspected = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/validate-token',
      payload: { token: tokens.access_token },
    });
    expect(introspected.json()).toEqual({ active: false });
  });
});

describe('signing key rotation', () => {
  it('old tokens stay valid until they expire, new tokens carry the new kid, the old key leaves the JWKS afterwards', async () => {
    const admin = await platformAdminLogin(t, 'rotator@platform.example');
    const before = await ownerTokens();
    const staff = await staffMember(t, before.access_token, 'waiter', 'waiter@tokens-a.example');
    const oldKid = decodeProtectedHeader(before.access_token).kid!;
    expect(decodeProtectedHeader(staff.token).kid).toBe(oldKid);

    // Only the platform admin rotates.
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/signing-keys/rotate',
      headers: bearer(before.access_token),
    });
    expect(refused.statusCode).toBe(403);

    const rotated = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/signing-keys/rotate',
      headers: bearer(admin.access_token),
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const newKid = (rotated.json() as { kid: string }).kid;
    expect(newKid).not.toBe(oldKid);

    // Tokens signed before the rotation keep working.
    expect((await me(bearer(before.access_token))).statusCode).toBe(200);
    expect((await me(bearer(staff.token))).statusCode).toBe(200);
    // New tokens are signed with the new key.
    const after = await ownerTokens();
    expect(decodeProtectedHeader(after.access_token).kid).toBe(newKid);
    expect((await me(bearer(after.access_token))).statusCode).toBe(200);

    // The JWKS lists both keys, and each token verifies against it with jose alone.
    const published = await jwks();
    expect(published.keys.map((key) => key.kid).sort()).toEqual([oldKid, newKid].sort());
    const keySet = createLocalJWKSet({ keys: published.keys });
    const options = { algorithms: ['EdDSA'], issuer, audience, typ: 'at+jwt', currentDate: clock.now() };
    await expect(jwtVerify(before.access_token, keySet, options)).resolves.toBeTruthy();
    await expect(jwtVerify(after.access_token, keySet, options)).resolves.toBeTruthy();

    // The rotation is in the platform's audit trail.
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log?action=signing_key_rotated',
      headers: bearer(admin.access_token),
    });
    expect(audit.json().data).toEqual([
      expect.objectContaining({ action: 'signing_key_rotated', subject_id: newKid, actor_id: admin.user.id }),
    ]);

    // Ten minutes on, the old key's tokens are still good.
    clock.advanceSeconds(600);
    expect((await me(bearer(before.access_token))).statusCode).toBe(200);

    // Past the access TTL plus the 120 s margin, the old key's tokens have expired and the key
    // is no longer published. Keys are cached for 60 s of real time per process, so ask a fresh
    // process of the same installation (same database, same clock).
    clock.advanceSeconds(accessTtl + 120 - 600 + 1);
    expectInvalidToken(await me(bearer(before.access_token)));
    const peer = await createTestApp({
      modules: [tenantsModule as AppModule, identityModule({ statusCacheSeconds: 0 }) as AppModule],
      clock,
      peerOf: t,
      startEvents: false,
    });
    try {
      const later = await jwks(peer);
      expect(later.keys.map((key) => key.kid)).toEqual([newKid]);
      // Even ignoring expiry, the old token can no longer be verified with what is published.
      await expect(
        jwtVerify(before.access_token, createLocalJWKSet({ keys: later.keys }), {
          algorithms: ['EdDSA'],
          currentDate: new Date((decodeJwt(before.access_token).iat! + 1) * 1000),
        }),
      ).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
      expectInvalidToken(await me(bearer(before.access_token), peer));
      // The peer verifies and issues with the new key.
      const fresh = await login(peer, { email: ownerEmail, password });
      expect(decodeProtectedHeader(fresh.access_token).kid).toBe(newKid);
      expect((await me(bearer(fresh.access_token), peer)).statusCode).toBe(200);
      expect((await me(bearer(fresh.access_token))).statusCode).toBe(200);
    } finally {
      await peer.close();
    }
  });
});
