import type { Tx } from '@brigade/db';
import type { Clock } from '@brigade/kernel';
import { eq, sql } from 'drizzle-orm';
import { loginFailures } from '../db/tables.js';
import { sha256 } from './secrets.js';

export interface LoginThrottleOptions {
  /** Failures within the window that lock the identifier. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

/**
 * Counts failed sign-ins per identifier — whether or not an account has it, so a lockout
 * says nothing about which accounts exist — and locks the identifier after too many.
 */
export class LoginThrottle {
  constructor(
    private readonly clock: Clock,
    private readonly options: LoginThrottleOptions,
  ) {}

  key(...parts: (string | null | undefined)[]): string {
    return sha256(parts.map((part) => part ?? '').join('\u0000'));
  }

  /** Seconds until the identifier may try again, or 0. */
  async lockedFor(tx: Tx, key: string): Promise<number> {
    const [row] = await tx.select().from(loginFailures).where(eq(loginFailures.identifierHash, key));
    const until = row?.lockedUntil?.getTime() ?? 0;
    return Math.max(0, Math.ceil((until - this.clock.now().getTime()) / 1000));
  }

  /** Counts a failure; true when it locked the identifier. */
  async fail(tx: Tx, key: string): Promise<boolean> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - this.options.windowSeconds * 1000);
    const lockUntil = new Date(now.getTime() + this.options.lockSeconds * 1000);
    const [row] = await tx
      .insert(loginFailures)
      .values({ identifierHash: key, tenantId: null, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: loginFailures.identifierHash,
        set: {
          failures: sql`case when ${loginFailures.windowStartedAt} < ${windowStart.toISOString()}::timestamptz then 1 else ${loginFailures.failures} + 1 end`,
          windowStartedAt: sql`case when ${loginFailures.windowStartedAt} < ${windowStart.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${loginFailures.windowStartedAt} end`,
        },
      })
      .returning();
    if (!row || row.failures < this.options.maxFailures) return false;
    await tx
      .update(loginFailures)
      .set({ lockedUntil: lockUntil, failures: 0, windowStartedAt: now })
      .where(eq(loginFailures.identifierHash, key));
    return true;
  }

  async clear(tx: Tx, key: string): Promise<void> {
    await tx.delete(loginFailures).where(eq(loginFailures.identifierHash, key));
  }
}
