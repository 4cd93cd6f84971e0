import type { Tx } from '@brigade/db';
import type { Clock } from '@brigade/kernel';
import { eq, sql } from 'drizzle-orm';
import { loginFailures } from '../db/tables.js';
import { sha256 } from './secrets.js';

export interface LoginThrottleOptions {
  /** Failed attempts within the window that lock the identifier. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export type Attempt = { lockedFor: number } | { lockedFor: 0; number: number };

/**
 * Counts sign-in attempts per identifier — whether or not an account has it, so a lockout
 * says nothing about which accounts exist — and locks the identifier after too many
 * failures. An attempt is counted before its password is checked and forgiven only when it
 * succeeds, so concurrent guesses cannot outrun the limit.
 */
export class LoginThrottle {
  constructor(
    private readonly clock: Clock,
    private readonly options: LoginThrottleOptions,
  ) {}

  key(...parts: (string | null | undefined)[]): string {
    return sha256(parts.map((part) => part ?? '').join('\u0000'));
  }

  /** Takes an attempt: `lockedFor` > 0 (seconds) when the identifier is locked. */
  async attempt(tx: Tx, key: string): Promise<Attempt> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - this.options.windowSeconds * 1000).toISOString();
    const [row] = await tx
      .insert(loginFailures)
      .values({ identifierHash: key, tenantId: null, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: loginFailures.identifierHash,
        set: {
          failures: sql`case
            when ${loginFailures.lockedUntil} > ${now.toISOString()}::timestamptz then ${loginFailures.failures}
            when ${loginFailures.windowStartedAt} < ${windowStart}::timestamptz
              or ${loginFailures.lockedUntil} is not null then 1
            else ${loginFailures.failures} + 1 end`,
          windowStartedAt: sql`case
            when ${loginFailures.lockedUntil} > ${now.toISOString()}::timestamptz then ${loginFailures.windowStartedAt}
            when ${loginFailures.windowStartedAt} < ${windowStart}::timestamptz
              or ${loginFailures.lockedUntil} is not null then ${now.toISOString()}::timestamptz
            else ${loginFailures.windowStartedAt} end`,
          lockedUntil: sql`case when ${loginFailures.lockedUntil} > ${now.toISOString()}::timestamptz
            then ${loginFailures.lockedUntil} end`,
        },
      })
      .returning();
    const lockedFor = this.secondsUntil(row!.lockedUntil);
    if (lockedFor > 0) return { lockedFor };
    // As many attempts as may still fail are already being checked: wait for their outcome
    // (a failure locks, a success clears) rather than check another password.
    if (row!.failures > this.options.maxFailures) return { lockedFor: 1 };
    return { lockedFor: 0, number: row!.failures };
  }

  /** The attempt failed; true when it was the one that locked the identifier. */
  async failed(tx: Tx, key: string, attempt: { number: number }): Promise<boolean> {
    if (attempt.number < this.options.maxFailures) return false;
    await this.lock(tx, key);
    return true;
  }

  async clear(tx: Tx, key: string): Promise<void> {
    await tx.delete(loginFailures).where(eq(loginFailures.identifierHash, key));
  }

  private async lock(tx: Tx, key: string): Promise<number> {
    const until = new Date(this.clock.now().getTime() + this.options.lockSeconds * 1000);
    await tx.update(loginFailures).set({ lockedUntil: until }).where(eq(loginFailures.identifierHash, key));
    return this.secondsUntil(until);
  }

  private secondsUntil(until: Date | null): number {
    return Math.max(0, Math.ceil(((until?.getTime() ?? 0) - this.clock.now().getTime()) / 1000));
  }
}
