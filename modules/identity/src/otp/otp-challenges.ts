import { type Database, isUniqueViolation } from '@brigade/db';
import { type Clock, newId } from '@brigade/kernel';
import { and, eq } from 'drizzle-orm';
import { integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { identityErrors as fail } from '../contract/errors.js';
import type { SmsProvider } from '../sms/sms-provider.js';
import { generateOtp, hashOtp, normalizePhone, otpMatches } from './otp-codes.js';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const otpChallenges = pgSchema('identity').table('otp_challenges', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  phone: text('phone').notNull(),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull(),
  sentCount: integer('sent_count').notNull(),
  sendWindowStartedAt: timestamptz('send_window_started_at').notNull(),
  lastSentAt: timestamptz('last_sent_at').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
  consumedAt: timestamptz('consumed_at'),
  createdAt: timestamptz('created_at').notNull(),
});

export interface OtpChallengesOptions {
  db: Database;
  clock: Clock;
  /** Keys the code hashes; losing it only invalidates open challenges. */
  secret: string;
  sms: SmsProvider;
  ttlSeconds?: number;
  /** Wrong codes a challenge survives; after that even the right code fails. */
  maxAttempts?: number;
  resendCooldownSeconds?: number;
  maxSendsPerHour?: number;
}

export interface OtpRequested {
  expires_at: string;
  /** The earliest time another code can be requested for this phone. */
  resend_after: string;
}

const hourMs = 3_600_000;
const laterOf = (a: Date, b: Date) => (a > b ? a : b);

/** Customer sign-in by a one-time code sent over SMS. */
export class OtpChallenges {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #secret: string;
  readonly #sms: SmsProvider;
  readonly #ttlMs: number;
  readonly #maxAttempts: number;
  readonly #cooldownMs: number;
  readonly #maxSendsPerHour: number;

  constructor(options: OtpChallengesOptions) {
    if (!options.secret) throw new Error('OtpChallenges needs a secret to hash codes with');
    this.#db = options.db;
    this.#clock = options.clock;
    this.#secret = options.secret;
    this.#sms = options.sms;
    this.#ttlMs = (options.ttlSeconds ?? 300) * 1000;
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#cooldownMs = (options.resendCooldownSeconds ?? 30) * 1000;
    this.#maxSendsPerHour = options.maxSendsPerHour ?? 5;
  }

  /**
   * Starts a challenge, replacing any open one, and texts its code once the challenge is
   * committed. A failed send propagates; the phone can ask again after the cooldown.
   */
  async request(tenantId: string, rawPhone: string): Promise<OtpRequested> {
    const phone = normalizePhone(rawPhone);
    const now = this.#clock.now();
    const code = generateOtp();
    const fresh = {
      codeHash: hashOtp(this.#secret, { tenantId, phone, code }),
      attempts: 0,
      lastSentAt: now,
      expiresAt: new Date(now.getTime() + this.#ttlMs),
      consumedAt: null,
    };
    let resendAfter: Date;
    try {
      resendAfter = await this.#db.tenantTx(tenantId, async (tx) => {
        const [current] = await tx
          .select()
          .from(otpChallenges)
          .where(and(eq(otpChallenges.tenantId, tenantId), eq(otpChallenges.phone, phone)))
          .for('update');
        if (!current) {
          await tx.insert(otpChallenges).values({
            id: newId(),
            tenantId,
            phone,
            ...fresh,
            sentCount: 1,
            sendWindowStartedAt: now,
            createdAt: now,
          });
          return this.#resendAfter(now, now, 1);
        }
        const cooldownEnds = new Date(current.lastSentAt.getTime() + this.#cooldownMs);
        if (now < cooldownEnds) throw this.#cooldown(now, cooldownEnds);
        const windowEnds = new Date(current.sendWindowStartedAt.getTime() + hourMs);
        const inWindow = now < windowEnds;
        if (inWindow && current.sentCount >= this.#maxSendsPerHour) throw this.#cooldown(now, windowEnds);
        const windowStart = inWindow ? current.sendWindowStartedAt : now;
        const sentCount = inWindow ? current.sentCount + 1 : 1;
        await tx
          .update(otpChallenges)
          .set({ ...fresh, sentCount, sendWindowStartedAt: windowStart })
          .where(eq(otpChallenges.id, current.id));
        return this.#resendAfter(now, windowStart, sentCount);
      });
    } catch (error) {
      // Two first requests for one phone at once: the loser is, by definition, within the cooldown.
      if (isUniqueViolation(error, 'otp_challenges_tenant_phone_key')) {
        throw this.#cooldown(now, new Date(now.getTime() + this.#cooldownMs));
      }
      throw error;
    }
    await this.#sms.send({ to: phone, body: this.#message(code) });
    return { expires_at: fresh.expiresAt.toISOString(), resend_after: resendAfter.toISOString() };
  }

  /**
   * Consumes the open challenge if `code` is its code. Every failure — no challenge, expired,
   * used, too many attempts, wrong code — is the same `otp_invalid`, so nothing is revealed.
   */
  async verify(tenantId: string, rawPhone: string, code: string): Promise<{ phone: string }> {
    const phone = normalizePhone(rawPhone);
    const now = this.#clock.now();
    // The wrong-code attempt must commit, so the transaction returns the outcome instead of throwing.
    const verified = await this.#db.tenantTx(tenantId, async (tx) => {
      const [challenge] = await tx
        .select()
        .from(otpChallenges)
        .where(and(eq(otpChallenges.tenantId, tenantId), eq(otpChallenges.phone, phone)))
        .for('update');
      if (
        !challenge ||
        challenge.consumedAt !== null ||
        challenge.expiresAt <= now ||
        challenge.attempts >= this.#maxAttempts
      ) {
        return false;
      }
      const matches = otpMatches(this.#secret, { tenantId, phone, code }, challenge.codeHash);
      await tx
        .update(otpChallenges)
        .set(matches ? { consumedAt: now } : { attempts: challenge.attempts + 1 })
        .where(eq(otpChallenges.id, challenge.id));
      return matches;
    });
    if (!verified) throw fail('otp_invalid', 'The code is wrong or has expired; request a new one.');
    return { phone };
  }

  #resendAfter(now: Date, windowStart: Date, sentCount: number): Date {
    const cooldownEnds = new Date(now.getTime() + this.#cooldownMs);
    if (sentCount < this.#maxSendsPerHour) return cooldownEnds;
    return laterOf(cooldownEnds, new Date(windowStart.getTime() + hourMs));
  }

  #cooldown(now: Date, until: Date) {
    const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    return fail('otp_cooldown', `Wait ${retryAfterSeconds} s before asking for another code.`, {
      details: { retry_after_seconds: retryAfterSeconds },
    });
  }

  #message(code: string): string {
    const minutes = Math.ceil(this.#ttlMs / 60_000);
    return `Your Brigade code is ${code}. It expires in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
  }
}
