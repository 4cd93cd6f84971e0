import { platformMigrations } from '@brigade/db';
import { DomainError, newId } from '@brigade/kernel';
import { messagingMigrations } from '@brigade/messaging';
import { openTestDatabase, type TestDatabase } from '@brigade/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OtpChallenges, type OtpChallengesOptions, otpChallenges } from '../src/otp/otp-challenges.js';
import type { SmsMessage, SmsProvider } from '../src/sms/sms-provider.js';

/** An SmsProvider that keeps what it would have sent. */
class OutboxSms implements SmsProvider {
  readonly name = 'outbox';
  readonly sent: SmsMessage[] = [];
  failing = false;

  async send(message: SmsMessage) {
    if (this.failing) throw new Error('provider down');
    this.sent.push(message);
    return { id: `sms-${this.sent.length}` };
  }

  /** The code in the last message sent to `to`. */
  codeFor(to: string): string {
    const message = this.sent.findLast((m) => m.to === to);
    const code = message?.body.match(/\b(\d{6})\b/)?.[1];
    if (!code) throw new Error(`no code was sent to ${to}`);
    return code;
  }
}

const start = new Date('2026-11-22T10:00:00.000Z');
let now = start;
const clock = { now: () => now };
const advance = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

let t: TestDatabase;
let sms: OutboxSms;
let otp: OtpChallenges;
const phone = '+919876543210';

const challenges = (options: Partial<OtpChallengesOptions> = {}) =>
  new OtpChallenges({ db: t.db, clock, secret: 'test-otp-secret', sms, ...options });

const failure = async (promise: Promise<unknown>, code: string): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
};

const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

const storedRows = (tenantId: string) =>
  t.db.admin.query<Record<string, unknown>>('select * from identity.otp_challenges where tenant_id = $1', [
    tenantId,
  ]);

beforeAll(async () => {
  t = await openTestDatabase([
    platformMigrations,
    messagingMigrations,
    { schema: 'identity', dir: new URL('../migrations/', import.meta.url) },
  ]);
});
afterAll(() => t?.close());

beforeEach(() => {
  now = start;
  sms = new OutboxSms();
  otp = challenges();
});

describe('otp challenges', () => {
  it('texts one code, which verifies exactly once', async () => {
    const tenant = newId();
    const requested = await otp.request(tenant, phone);
    expect(requested).toEqual({
      expires_at: '2026-11-22T10:05:00.000Z',
      resend_after: '2026-11-22T10:00:30.000Z',
    });
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]).toEqual({
      to: phone,
      body: expect.stringMatching(/^Your Brigade code is \d{6}\. It expires in 5 minutes\.$/),
    });
    const code = sms.codeFor(phone);

    await expect(otp.verify(tenant, phone, code)).resolves.toEqual({ phone });
    const again = await failure(otp.verify(tenant, phone, code), 'otp_invalid');
    expect(again.kind).toBe('unauthenticated');
  });

  it('stores only a keyed hash of the code', async () => {
    const tenant = newId();
    await otp.request(tenant, phone);
    const code = sms.codeFor(phone);
    const [row] = await storedRows(tenant);
    expect(row).toMatchObject({ phone, attempts: 0, sent_count: 1, consumed_at: null });
    expect(row!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
  });

  it('a code expires after 5 minutes', async () => {
    const tenant = newId();
    await otp.request(tenant, phone);
    advance(299);
    await expect(otp.verify(tenant, phone, sms.codeFor(phone))).resolves.toEqual({ phone });

    advance(31);
    await otp.request(tenant, phone);
    advance(300);
    await failure(otp.verify(tenant, phone, sms.codeFor(phone)), 'otp_invalid');
  });

  it('wrong codes count, and after 5 the right code fails too, with the same message', async () => {
    const tenant = newId();
    await otp.request(tenant, phone);
    const code = sms.codeFor(phone);
    const messages = new Set<string>();
    for (let attempt = 0; attempt < 5; attempt++) {
      messages.add((await failure(otp.verify(tenant, phone, wrongCode(code)), 'otp_invalid')).message);
    }
    expect((await storedRows(tenant))[0]).toMatchObject({ attempts: 5 });
    messages.add((await failure(otp.verify(tenant, phone, code), 'otp_invalid')).message);
    messages.add((await failure(otp.verify(tenant, '+441234567890', code), 'otp_invalid')).message);
    expect(messages.size).toBe(1);
  });

  it('4 wrong codes still leave the right one working', async () => {
    const tenant = newId();
    await otp.request(tenant, phone);
    const code = sms.codeFor(phone);
    for (let attempt = 0; attempt < 4; attempt++) {
      await failure(otp.verify(tenant, phone, wrongCode(code)), 'otp_invalid');
    }
    await expect(otp.verify(tenant, phone, code)).resolves.toEqual({ phone });
  });

  it('a second request within 30 s is refused; after it, a new code replaces the old', async () => {
    const tenant = newId();
    await otp.request(tenant, phone);
    const first = sms.codeFor(phone);
    await otp.verify(tenant, phone, wrongCode(first)).catch(() => undefined);

    advance(10);
    const early = await failure(otp.request(tenant, phone), 'otp_cooldown');
    expect(early.kind).toBe('rate_limited');
    expect(early.details).toEqual({ retry_after_seconds: 20 });
    expect(sms.sent).toHaveLength(1);

    advance(20);
    await otp.request(tenant, phone);
    expect(sms.sent).toHaveLength(2);
    const second = sms.codeFor(phone);
    expect((await storedRows(tenant))[0]).toMatchObject({ attempts: 0, sent_count: 2 });
    if (second !== first) await failure(otp.verify(tenant, phone, first), 'otp_invalid');
    await expect(otp.verify(tenant, phone, second)).resolves.toEqual({ phone });
  });

  it('at most 5 codes an hour per phone', async () => {
    const tenant = newId();
    for (let send = 1; send <= 5; send++) {
      const requested = await otp.request(tenant, phone);
      if (send === 5) expect(requested.resend_after).toBe('2026-11-22T11:00:00.000Z');
      advance(30);
    }
    const refused = await failure(otp.request(tenant, phone), 'otp_cooldown');
    expect(refused.details).toEqual({ retry_after_seconds: 3600 - 150 });
    expect(sms.sent).toHaveLength(5);

    advance(3600 - 150);
    await otp.request(tenant, phone);
    expect(sms.sent).toHaveLength(6);
    expect((await storedRows(tenant))[0]).toMatchObject({ sent_count: 1 });
  });

  it('the budget survives a successful sign-in', async () => {
    const tenant = newId();
    const strict = challenges({ maxSendsPerHour: 2 });
    await strict.request(tenant, phone);
    await strict.verify(tenant, phone, sms.codeFor(phone));
    advance(30);
    await strict.request(tenant, phone);
    await strict.verify(tenant, phone, sms.codeFor(phone));
    advance(30);
    await failure(strict.request(tenant, phone), 'otp_cooldown');
  });

  it('a challenge belongs to its tenant: another tenant can neither verify nor see it', async () => {
    const tenantA = newId();
    const tenantB = newId();
    await otp.request(tenantA, phone);
    const code = sms.codeFor(phone);

    await failure(otp.verify(tenantB, phone, code), 'otp_invalid');
    const visibleToB = await t.db.tenantTx(tenantB, (tx) => tx.select().from(otpChallenges));
    expect(visibleToB).toEqual([]);

    await expect(otp.verify(tenantA, phone, code)).resolves.toEqual({ phone });
  });

  it('the same phone in two tenants gets two independent challenges', async () => {
    const tenantA = newId();
    const tenantB = newId();
    await otp.request(tenantA, phone);
    const codeA = sms.codeFor(phone);
    await otp.request(tenantB, phone);
    const codeB = sms.codeFor(phone);
    await expect(otp.verify(tenantB, phone, codeB)).resolves.toEqual({ phone });
    await expect(otp.verify(tenantA, phone, codeA)).resolves.toEqual({ phone });
  });

  it('formatting does not matter: "+91 98765-43210" is "+919876543210"', async () => {
    const tenant = newId();
    await otp.request(tenant, '+91 98765-43210');
    expect(sms.sent[0]!.to).toBe(phone);
    await failure(otp.request(tenant, phone), 'otp_cooldown');
    await expect(otp.verify(tenant, '+91 (98765) 43210', sms.codeFor(phone))).resolves.toEqual({ phone });
  });

  it('an invalid phone is refused before anything is stored or sent', async () => {
    const tenant = newId();
    const error = await failure(otp.request(tenant, '12-34'), 'invalid_phone');
    expect(error.errors).toEqual([{ field: 'phone', message: expect.any(String) }]);
    expect(sms.sent).toHaveLength(0);
    expect(await storedRows(tenant)).toEqual([]);
  });

  it('a failed send propagates; the challenge stays and a request after the cooldown works', async () => {
    const tenant = newId();
    sms.failing = true;
    await expect(otp.request(tenant, phone)).rejects.toThrow('provider down');
    expect(await storedRows(tenant)).toHaveLength(1);

    sms.failing = false;
    await failure(otp.request(tenant, phone), 'otp_cooldown');
    advance(30);
    await otp.request(tenant, phone);
    await expect(otp.verify(tenant, phone, sms.codeFor(phone))).resolves.toEqual({ phone });
  });

  it('concurrent first requests for one phone send one code', async () => {
    const tenant = newId();
    const results = await Promise.allSettled([otp.request(tenant, phone), otp.request(tenant, phone)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'otp_cooldown' });
    expect(sms.sent).toHaveLength(1);
  });
});
