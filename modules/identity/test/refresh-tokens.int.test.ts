import { createHash } from 'node:crypto';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, TokenResponse, User } from '../src/contract/index.js';
import {
  bearer,
  createIdentityApp,
  login,
  manualClock,
  password,
  restaurantWithOwner,
} from './support/identity-app.js';

/**
 * Refresh tokens (issue 4, RFC 9700 §4.14): opaque, stored as SHA-256, rotated on every use;
 * replaying a rotated one revokes its whole family; idle and absolute expiry; logout revokes.
 */

const clock = manualClock();
const accessTtl = 300;
const idleTtl = 600;
const absoluteTtl = 1800;

let t: TestApp;
let restaurant: Awaited<ReturnType<typeof restaurantWithOwner>>;
const ownerEmail = 'owner@refresh-a.example';

beforeAll(async () => {
  t = await createIdentityApp({
    clock,
    identity: {
      accessTokenTtlSeconds: accessTtl,
      refreshIdleTtlSeconds: idleTtl,
      refreshAbsoluteTtlSeconds: absoluteTtl,
    },
  });
  restaurant = await restaurantWithOwner(t, 'refresh-a');
});
afterAll(() => t?.close());

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

const refresh = (refreshToken: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/refresh-token',
    payload: { refresh_token: refreshToken },
    headers,
  });

/** Refreshes and expects success; returns the new tokens. */
async function rotate(refreshToken: string): Promise<TokenResponse> {
  const response = await refresh(refreshToken);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

function expectRefused(response: Awaited<ReturnType<typeof refresh>>) {
  expect(response.statusCode, response.body).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status: 401, code: 'invalid_refresh_token' });
}

const me = (accessToken: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(accessToken) });

/** The owner's access token, fresh (the clock moves between tests). */
const ownerToken = async () => (await login(t, { email: ownerEmail, password })).access_token;

/** A new waiter of the restaurant (created by the owner), signed in once. */
async function waiter(email: string): Promise<{ user: User; tokens: TokenResponse }> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: bearer(await ownerToken()),
    payload: { role: 'waiter', email, display_name: `Waiter ${email}`, password },
  });
  expect(created.statusCode, created.body).toBe(201);
  return { user: created.json(), tokens: await login(t, { email, password }) };
}

interface StoredToken {
  token_hash: string;
  user_id: string;
  family_id: string;
  rotated_at: Date | string | null;
  revoked_at: Date | string | null;
  revoked_reason: string | null;
  idle_expires_at: Date | string;
  expires_at: Date | string;
}

async function stored(refreshToken: string): Promise<StoredToken> {
  const [row] = await t.db.admin.query<StoredToken>(
    'select token_hash, user_id, family_id, rotated_at, revoked_at, revoked_reason, idle_expires_at, expires_at from identity.refresh_tokens where token_hash = $1',
    [sha256(refreshToken)],
  );
  expect(row, 'a row for the token').toBeDefined();
  return row!;
}

const storedForUser = (userId: string) =>
  t.db.admin.query<StoredToken>(
    'select token_hash, family_id, rotated_at, revoked_at, revoked_reason from identity.refresh_tokens where user_id = $1',
    [userId],
  );

const time = (value: Date | string | null) => (value === null ? null : new Date(value).getTime());

async function audit(action: string, subjectId: string): Promise<AuditEntry[]> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/audit-log?action=${action}&subject_id=${subjectId}`,
    headers: bearer(await ownerToken()),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

describe('rotation', () => {
  it('each refresh returns new tokens and a new refresh token; a rotated one no longer works', async () => {
    const { user, tokens } = await waiter('rotate@refresh-a.example');
    const first = await rotate(tokens.refresh_token);
    expect(first).toMatchObject({ token_type: 'Bearer', expires_in: accessTtl, user: { id: user.id } });
    expect(first.refresh_token).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    expect(first.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.access_token).not.toBe(tokens.access_token);
    expect((await me(first.access_token)).json()).toMatchObject({ id: user.id });

    const second = await rotate(first.refresh_token);
    expect(new Set([tokens.refresh_token, first.refresh_token, second.refresh_token]).size).toBe(3);

    // One family (one sign-in); every member but the newest is marked rotated.
    const rows = await Promise.all([tokens, first, second].map((each) => stored(each.refresh_token)));
    expect(new Set(rows.map((row) => row.family_id)).size).toBe(1);
    expect(rows.map((row) => row.rotated_at !== null)).toEqual([true, true, false]);
    expect(rows.every((row) => row.revoked_at === null)).toBe(true);

    expectRefused(await refresh(first.refresh_token));
  });

  it('unknown, malformed and access tokens are not refresh tokens', async () => {
    const { tokens } = await waiter('unknown@refresh-a.example');
    expectRefused(await refresh(`rt_${'A'.repeat(43)}`));
    expectRefused(await refresh('garbage'));
    expectRefused(await refresh(tokens.refresh_token.slice(0, -1)));
    const asAccess = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh-token',
      payload: { refresh_token: tokens.access_token.slice(0, 200) },
    });
    expect(asAccess.statusCode).toBe(401);
    // None of that harmed the real session.
    await rotate(tokens.refresh_token);
  });
});

describe('reuse detection (RFC 9700)', () => {
  it('replaying a rotated token revokes the whole family, is audited, and leaves other sessions alone', async () => {
    const { user, tokens } = await waiter('reuse@refresh-a.example');
    const otherSession = await login(t, { email: 'reuse@refresh-a.example', password });

    // The user refreshes twice; an attacker then replays the first, stolen token.
    const first = await rotate(tokens.refresh_token);
    const latest = await rotate(first.refresh_token);
    expectRefused(await refresh(tokens.refresh_token));

    // The newest token of the family, never used, is dead as well.
    expectRefused(await refresh(latest.refresh_token));
    const family = (await stored(tokens.refresh_token)).family_id;
    const members = (await storedForUser(user.id)).filter((row) => row.family_id === family);
    expect(members).toHaveLength(3);
    expect(members.every((row) => row.revoked_at !== null)).toBe(true);
    expect((await stored(latest.refresh_token)).revoked_reason).toBe('reuse_detected');

    const entries = await audit('refresh_token_reused', user.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'refresh_token_reused',
      tenant_id: restaurant.tenantId,
      subject_id: user.id,
      details: { family_id: family },
    });

    // Another sign-in of the same user is another family: untouched.
    await rotate(otherSession.refresh_token);
  });

  it('when the attacker rotates first, the user replaying it revokes the attacker’s token too', async () => {
    const { user, tokens } = await waiter('stolen@refresh-a.example');
    const attacker = await rotate(tokens.refresh_token);
    expectRefused(await refresh(tokens.refresh_token));
    expectRefused(await refresh(attacker.refresh_token));
    expect(await audit('refresh_token_reused', user.id)).toHaveLength(1);
  });
});

describe('storage', () => {
  it('stores only the SHA-256 (base64url) of each refresh token, never the token', async () => {
    const { tokens } = await waiter('hashed@refresh-a.example');
    const next = await rotate(tokens.refresh_token);
    const rows = await t.db.admin.query<Record<string, unknown>>('select * from identity.refresh_tokens');
    const hashes = rows.map((row) => row.token_hash as string);
    for (const token of [tokens.refresh_token, next.refresh_token]) {
      expect(hashes).toContain(sha256(token));
      expect(hashes).not.toContain(token);
      // Not in any column, not even without its prefix.
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(token.slice(3));
    }
    for (const hash of hashes) expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('expiry', () => {
  it('a session unused for longer than the idle timeout ends', async () => {
    const { tokens } = await waiter('idle@refresh-a.example');
    clock.advanceSeconds(idleTtl - 1);
    const first = await rotate(tokens.refresh_token);
    clock.advanceSeconds(idleTtl - 1);
    const second = await rotate(first.refresh_token);
    clock.advanceSeconds(idleTtl + 1);
    expectRefused(await refresh(second.refresh_token));
    expect((await stored(second.refresh_token)).revoked_reason).toBe('expired');
  });

  it('a session ends at the absolute lifetime however recently it was refreshed', async () => {
    const start = clock.now().getTime();
    const { tokens } = await waiter('absolute@refresh-a.example');
    let current = tokens.refresh_token;
    for (const step of [500, 500, 500, 290]) {
      clock.advanceSeconds(step);
      current = (await rotate(current)).refresh_token;
    }
    // Used 0 s ago, its idle window is capped at the family's absolute expiry (sign-in + 1800 s).
    const row = await stored(current);
    expect(time(row.expires_at)).toBe(start + absoluteTtl * 1000);
    expect(time(row.idle_expires_at)).toBe(start + absoluteTtl * 1000);
    clock.advanceSeconds(20);
    expectRefused(await refresh(current));
  });
});

describe('logout', () => {
  it('logging out with a refresh token ends that session', async () => {
    const { user, tokens } = await waiter('logout@refresh-a.example');
    const rotated = await rotate(tokens.refresh_token);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refresh_token: rotated.refresh_token },
    });
    expect(response.statusCode, response.body).toBe(204);
    expectRefused(await refresh(rotated.refresh_token));
    expect((await stored(rotated.refresh_token)).revoked_reason).toBe('logout');
    expect(await audit('logout', user.id)).toEqual([
      expect.objectContaining({ subject_id: user.id, details: { all: false } }),
    ]);
  });

  it('logout with `all` and an access token ends every session of that user only', async () => {
    const { user, tokens: phone } = await waiter('everywhere@refresh-a.example');
    const laptop = await login(t, { email: 'everywhere@refresh-a.example', password });
    const colleague = await waiter('colleague@refresh-a.example');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(laptop.access_token),
      payload: { all: true },
    });
    expect(response.statusCode, response.body).toBe(204);
    expectRefused(await refresh(phone.refresh_token));
    expectRefused(await refresh(laptop.refresh_token));
    const rows = await storedForUser(user.id);
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.revoked_reason)).toEqual(['logout_all', 'logout_all']);
    await rotate(colleague.tokens.refresh_token);
  });

  it('logout with `all` never answers 204 while a session of the user survives (stale access token)', async () => {
    const { tokens: phone } = await waiter('lost-phone@refresh-a.example');
    const laptop = await login(t, { email: 'lost-phone@refresh-a.example', password });
    clock.advanceSeconds(accessTtl + 6);
    // "Sign out everywhere" from the laptop, whose access token has just expired.
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(laptop.access_token),
      payload: { all: true },
    });
    const phoneStillSignedIn = (await refresh(phone.refresh_token)).statusCode === 200;
    // Either refuse the stale credential (401) or end every session; a 204 that ended nothing misleads the user.
    expect(
      { status: response.statusCode, phoneStillSignedIn },
      'logout answered 204 to `all`, yet the other session of the user still refreshes',
    ).not.toEqual({
      status: 204,
      phoneStillSignedIn: true,
    });
  });
});

describe('other ways a session ends or survives', () => {
  it('a refresh sent with an expired (or broken) access token still works: public routes ignore stale credentials', async () => {
    const { tokens } = await waiter('stale@refresh-a.example');
    clock.advanceSeconds(accessTtl + 6);
    const expired = await me(tokens.access_token);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('invalid_token');

    const withExpired = await refresh(tokens.refresh_token, bearer(tokens.access_token));
    expect(withExpired.statusCode, withExpired.body).toBe(200);
    const next = withExpired.json() as TokenResponse;
    const withGarbage = await refresh(next.refresh_token, { authorization: 'Bearer not-a-token' });
    expect(withGarbage.statusCode, withGarbage.body).toBe(200);
    expect((await me((withGarbage.json() as TokenResponse).access_token)).statusCode).toBe(200);
  });

  it('deactivating a user revokes their refresh tokens; reactivating does not revive them', async () => {
    const { user, tokens } = await waiter('leaver@refresh-a.example');
    const rotated = await rotate(tokens.refresh_token);
    const second = await login(t, { email: 'leaver@refresh-a.example', password });
    const owner = await ownerToken();
    const deactivated = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: bearer(owner),
      payload: { is_active: false },
    });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(deactivated.json().is_active).toBe(false);

    expectRefused(await refresh(rotated.refresh_token));
    expectRefused(await refresh(second.refresh_token));
    const rows = await storedForUser(user.id);
    expect(rows.every((row) => row.revoked_at !== null)).toBe(true);
    expect(rows.filter((row) => row.rotated_at === null).map((row) => row.revoked_reason)).toEqual([
      'deactivated',
      'deactivated',
    ]);

    const reactivated = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: bearer(owner),
      payload: { is_active: true },
    });
    expect(reactivated.statusCode, reactivated.body).toBe(200);
    expectRefused(await refresh(second.refresh_token));
  });
});
