import { performance } from 'node:perf_hooks';
import { platformAdmin, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, TokenResponse, User } from '../src/contract/index.js';
import { verifyPassword } from '../src/domain/passwords.js';
import {
  bearer,
  createIdentityApp,
  login,
  manualClock,
  password,
  restaurantWithOwner,
} from './support/identity-app.js';

/**
 * Passwords and sign-in throttling (issue 4): argon2id with the OWASP parameters; lockout per
 * identifier (known or not) and a budget per IP; failures that look and take the same whatever
 * their cause.
 */

const clock = manualClock();
const lockoutSeconds = 900;
const wrong = 'not the password at all';

let t: TestApp;
let restaurant: Awaited<ReturnType<typeof restaurantWithOwner>>;
const ownerEmail = 'owner@pw-a.example';

beforeAll(async () => {
  t = await createIdentityApp({ clock });
  restaurant = await restaurantWithOwner(t, 'pw-a');
});
afterAll(() => t?.close());

type Response = Awaited<ReturnType<TestApp['app']['inject']>>;

const attempt = (body: Record<string, unknown>, app: TestApp = t, remoteAddress?: string) =>
  app.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: body,
    ...(remoteAddress && { remoteAddress }),
  });

/** The response body with its request id blanked: everything else must match byte for byte. */
const withoutRequestId = (response: Response) =>
  response.body.replace(/"request_id":"[^"]*"/, '"request_id":""');

const invalidCredentials = {
  type: 'urn:brigade:problem:invalid_credentials',
  title: 'Unauthorized',
  status: 401,
  detail: 'The sign-in details are not correct.',
  code: 'invalid_credentials',
};

function expectInvalidCredentials(response: Response) {
  expect(response.statusCode, response.body).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after']).toBeUndefined();
  expect(response.json()).toEqual({ ...invalidCredentials, request_id: expect.any(String) });
}

function expectLocked(response: Response, retryAfter: number) {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after']).toBe(String(retryAfter));
  expect(response.json()).toMatchObject({
    status: 429,
    code: 'login_locked',
    details: { retry_after_seconds: retryAfter },
  });
}

const ownerToken = async () => (await login(t, { email: ownerEmail, password })).access_token;

/** A new waiter of the restaurant, created by the owner (not signed in). */
async function waiter(email: string, owner?: string): Promise<User> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: bearer(owner ?? (await ownerToken())),
    payload: { role: 'waiter', email, display_name: `Waiter ${email}`, password },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json();
}

async function passwordHashOf(email: string): Promise<string> {
  const [row] = await t.db.admin.query<{ password_hash: string }>(
    'select password_hash from identity.users where email = $1',
    [email],
  );
  return row!.password_hash;
}

async function audit(action: string, subjectId: string): Promise<AuditEntry[]> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/audit-log?action=${action}&subject_id=${subjectId}&limit=100`,
    headers: bearer(await ownerToken()),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

describe('password storage', () => {
  it('stores argon2id hashes with the OWASP parameters (m=19 MiB, t=2, p=1) and a salt of their own', async () => {
    const owner = await passwordHashOf(ownerEmail);
    await waiter('hash@pw-a.example');
    const staff = await passwordHashOf('hash@pw-a.example');
    for (const hash of [owner, staff]) {
      expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22,}\$[A-Za-z0-9+/]{43,}$/);
      expect(hash).not.toContain(password);
    }
    // The same password, a different salt: a different hash.
    expect(staff.split('$')[4]).not.toBe(owner.split('$')[4]);
    expect(staff).not.toBe(owner);
  });
});

describe('failures say nothing about the account', () => {
  it('wrong password, unknown e-mail and unknown restaurant give byte-identical answers (but the request id)', async () => {
    await waiter('same@pw-a.example');
    const responses = [
      await attempt({ email: 'same@pw-a.example', password: wrong }),
      await attempt({ email: 'nobody@pw-a.example', password: wrong }),
      await attempt({ email: 'nobody@nowhere.example', password }),
      await attempt({ username: 'nobody', restaurant: 'pw-a', password: wrong }),
      await attempt({ username: 'nobody', restaurant: 'no-such-restaurant', password: wrong }),
    ];
    for (const response of responses) {
      expectInvalidCredentials(response);
      expect(withoutRequestId(response)).toBe(withoutRequestId(responses[0]!));
      expect(response.headers['content-type']).toBe(responses[0]!.headers['content-type']);
    }
  });

  it('a failure for an unknown account takes as long as one for a known account (one argon2 verify each)', async () => {
    const owner = await ownerToken();
    // Five known accounts, three failures each: below the lockout threshold.
    const known: string[] = [];
    for (let index = 0; index < 5; index++) {
      known.push((await waiter(`timing-${index}@pw-a.example`, owner)).email!);
    }
    const storedHash = await passwordHashOf(known[0]!);
    const timed = async (body: Record<string, unknown>) => {
      const started = performance.now();
      const response = await attempt(body);
      const elapsed = performance.now() - started;
      expectInvalidCredentials(response);
      return elapsed;
    };
    // Warm-up (first argon2 call, JIT, connections), not measured.
    await timed({ email: 'warm-up@pw-timing.example', password: wrong });
    await timed({ email: 'warm-up-2@pw-timing.example', password: wrong });

    const unknownTimes: number[] = [];
    const knownTimes: number[] = [];
    const verifyTimes: number[] = [];
    for (let index = 0; index < 15; index++) {
      unknownTimes.push(await timed({ email: `ghost-${index}@pw-timing.example`, password: wrong }));
      knownTimes.push(await timed({ email: known[index % known.length], password: wrong }));
      const started = performance.now();
      expect(await verifyPassword(storedHash, wrong)).toBe(false);
      verifyTimes.push(performance.now() - started);
    }
    const unknown = median(unknownTimes);
    const knownMedian = median(knownTimes);
    const ratio = knownMedian / unknown;
    // The bare verification time is reported for diagnosis only: request overhead is of the same order.
    const detail = `known ${knownMedian.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms, bare argon2 verify ${median(verifyTimes).toFixed(1)} ms`;
    expect(ratio, detail).toBeGreaterThan(0.5);
    expect(ratio, detail).toBeLessThan(2);
  });
});

describe('lockout per account', () => {
  it('five failures lock the identifier — even for the right password — with Retry-After, until lockoutSeconds pass', async () => {
    const user = await waiter('locked@pw-a.example');
    for (let failure = 1; failure <= 5; failure++) {
      expectInvalidCredentials(await attempt({ email: 'locked@pw-a.example', password: wrong }));
    }
    expectLocked(await attempt({ email: 'locked@pw-a.example', password }), lockoutSeconds);
    expectLocked(await attempt({ email: 'locked@pw-a.example', password: wrong }), lockoutSeconds);

    // Other accounts are not affected.
    await login(t, { email: ownerEmail, password });

    const failed = await audit('login_failed', user.id);
    expect(failed).toHaveLength(5);
    expect(failed[0]).toMatchObject({
      tenant_id: restaurant.tenantId,
      details: { identifier: 'locked@pw-a.example' },
    });
    expect(await audit('account_locked', user.id)).toEqual([
      expect.objectContaining({
        action: 'account_locked',
        tenant_id: restaurant.tenantId,
        subject_id: user.id,
        details: { identifier: 'locked@pw-a.example' },
      }),
    ]);

    clock.advanceSeconds(lockoutSeconds - 1);
    expectLocked(await attempt({ email: 'locked@pw-a.example', password }), 1);
    clock.advanceSeconds(1);
    await login(t, { email: 'locked@pw-a.example', password });

    // The success cleared the count: four more failures do not lock.
    for (let failure = 1; failure <= 4; failure++) {
      expectInvalidCredentials(await attempt({ email: 'locked@pw-a.example', password: wrong }));
    }
    await login(t, { email: 'locked@pw-a.example', password });
  });

  it('an unknown identifier is locked exactly like a known one (no enumeration through lockout)', async () => {
    await waiter('exists@pw-a.example');
    for (let failure = 1; failure <= 5; failure++) {
      const known = await attempt({ email: 'exists@pw-a.example', password: wrong });
      const unknown = await attempt({ email: 'does-not-exist@pw-a.example', password: wrong });
      expectInvalidCredentials(known);
      expect(withoutRequestId(unknown)).toBe(withoutRequestId(known));
    }
    const known = await attempt({ email: 'exists@pw-a.example', password });
    const unknown = await attempt({ email: 'does-not-exist@pw-a.example', password });
    expectLocked(known, lockoutSeconds);
    expectLocked(unknown, lockoutSeconds);
    expect(withoutRequestId(unknown)).toBe(withoutRequestId(known));
    clock.advanceSeconds(lockoutSeconds);
    await login(t, { email: 'exists@pw-a.example', password });
  });

  it('the lock covers the account however the sign-in names its restaurant', async () => {
    await waiter('hinted@pw-a.example');
    for (let failure = 1; failure <= 5; failure++) {
      expectInvalidCredentials(await attempt({ email: 'hinted@pw-a.example', password: wrong }));
    }
    expectLocked(await attempt({ email: 'hinted@pw-a.example', password }), lockoutSeconds);
    // The same account, named with its restaurant: still the same account, still locked.
    expectLocked(
      await attempt({ email: 'hinted@pw-a.example', tenant_id: restaurant.tenantId, password }),
      lockoutSeconds,
    );
    expectLocked(
      await attempt({ email: 'hinted@pw-a.example', restaurant: 'pw-a', password: wrong }),
      lockoutSeconds,
    );
  });

  it('concurrent guesses get no more password checks than the lockout threshold', async () => {
    const user = await waiter('burst@pw-a.example');
    // Ten guesses sent at once, as a credential-stuffing client would.
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        attempt({ email: 'burst@pw-a.example', password: `${wrong} ${index}` }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    const checked = statuses.filter((status) => status === 401).length;
    const detail = `statuses ${statuses.join(',')}; login_failed audited ${(await audit('login_failed', user.id)).length} times`;
    // The identifier does end up locked…
    expectLocked(await attempt({ email: 'burst@pw-a.example', password }), lockoutSeconds);
    // …but only five of the guesses may have been checked against the password; the rest must be refused as locked.
    expect(checked, detail).toBeLessThanOrEqual(5);
    for (const response of responses.filter((each) => each.statusCode !== 401)) {
      expectLocked(response, lockoutSeconds);
    }
  });
});

describe('throttle per IP', () => {
  it('the sixth sign-in from one IP within a minute gets 429 rate_limited with Retry-After, whatever the account', async () => {
    const limited = await createIdentityApp({ identity: { signInPerIpPerMinute: 5 } });
    try {
      const created = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: platformAdmin(),
        payload: { role: 'platform_admin', email: 'root@pw-ip.example', display_name: 'Root', password },
      });
      expect(created.statusCode, created.body).toBe(201);
      // Five attempts — successes and failures alike — spend the IP's budget (127.0.0.1 under inject).
      for (let index = 0; index < 3; index++) {
        expect((await attempt({ email: 'root@pw-ip.example', password }, limited)).statusCode).toBe(200);
      }
      for (let index = 0; index < 2; index++) {
        expectInvalidCredentials(
          await attempt({ email: `nobody-${index}@pw-ip.example`, password: wrong }, limited),
        );
      }
      for (const body of [
        { email: 'root@pw-ip.example', password },
        { email: 'someone-else@pw-ip.example', password: wrong },
      ]) {
        const refused = await attempt(body, limited);
        expect(refused.statusCode, refused.body).toBe(429);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
        const retryAfter = Number(refused.headers['retry-after']);
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(refused.headers['ratelimit-limit']).toBe('5');
        expect(refused.headers['ratelimit-remaining']).toBe('0');
      }
      // Another client address has a budget of its own.
      const elsewhere = await attempt({ email: 'root@pw-ip.example', password }, limited, '192.0.2.10');
      expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('change password', () => {
  const changePassword = (accessToken: string, current: string, next: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      headers: bearer(accessToken),
      payload: { current_password: current, new_password: next },
    });
  const newPassword = 'a brand new passphrase';

  it('rejects a wrong current password, locks after five failures, and then changes it', async () => {
    const user = await waiter('changer@pw-a.example');
    const session: TokenResponse = await login(t, { email: 'changer@pw-a.example', password });
    const hashBefore = await passwordHashOf('changer@pw-a.example');

    for (let failure = 1; failure <= 5; failure++) {
      const refused = await changePassword(session.access_token, wrong, newPassword);
      expect(refused.statusCode, refused.body).toBe(401);
      expect(refused.json()).toMatchObject({
        code: 'invalid_credentials',
        errors: [{ field: 'current_password', message: 'not correct' }],
      });
    }
    // Locked: not even the right current password is checked now.
    expectLocked(await changePassword(session.access_token, password, newPassword), lockoutSeconds);
    expect(await passwordHashOf('changer@pw-a.example')).toBe(hashBefore);
    // Signing in is a separate budget and still works with the unchanged password.
    await login(t, { email: 'changer@pw-a.example', password });

    clock.advanceSeconds(lockoutSeconds);
    const fresh = await login(t, { email: 'changer@pw-a.example', password });
    const changed = await changePassword(fresh.access_token, password, newPassword);
    expect(changed.statusCode, changed.body).toBe(204);

    const hashAfter = await passwordHashOf('changer@pw-a.example');
    expect(hashAfter).not.toBe(hashBefore);
    expect(hashAfter).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expectInvalidCredentials(await attempt({ email: 'changer@pw-a.example', password }));
    await login(t, { email: 'changer@pw-a.example', password: newPassword });
    // Sessions from before the change are over.
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh-token',
      payload: { refresh_token: session.refresh_token },
    });
    expect(refreshed.statusCode).toBe(401);
    expect(await audit('password_changed', user.id)).toHaveLength(1);
  });
});

describe('disabled accounts', () => {
  it('a deactivated user gets 403 account_disabled — only after the right password', async () => {
    const user = await waiter('disabled@pw-a.example');
    const deactivated = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: bearer(await ownerToken()),
      payload: { is_active: false },
    });
    expect(deactivated.statusCode, deactivated.body).toBe(200);

    const wrongPassword = await attempt({ email: 'disabled@pw-a.example', password: wrong });
    expectInvalidCredentials(wrongPassword);
    const unknown = await attempt({ email: 'never-existed@pw-a.example', password: wrong });
    expect(withoutRequestId(wrongPassword)).toBe(withoutRequestId(unknown));

    const rightPassword = await attempt({ email: 'disabled@pw-a.example', password });
    expect(rightPassword.statusCode, rightPassword.body).toBe(403);
    expect(rightPassword.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(rightPassword.json()).toMatchObject({ status: 403, code: 'account_disabled' });
  });
});
