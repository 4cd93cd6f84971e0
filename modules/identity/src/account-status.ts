import type { Database } from '@brigade/db';
import type { Clock, Role } from '@brigade/kernel';
import { eq } from 'drizzle-orm';
import { users } from './db/tables.js';
import { Remembered } from './domain/remembered.js';

/**
 * Whether a token's user is still active with the role the token names, remembered for a few
 * seconds per process: a disabled or re-roled user's access tokens stop working within
 * `ttlMs` (at once on the process that made the change), not only when they expire.
 */
export class AccountStatus {
  private readonly known: Remembered<{ isActive: boolean; role: Role } | null>;

  constructor(
    private readonly db: Database,
    clock: Clock,
    ttlMs: number,
  ) {
    this.known = new Remembered(clock, ttlMs, 50_000);
  }

  async holds(userId: string, role: Role): Promise<boolean> {
    const account = await this.known.get(userId, async () => {
      const [row] = await this.db.platformTx((tx) =>
        tx.select({ isActive: users.isActive, role: users.role }).from(users).where(eq(users.id, userId)),
      );
      return row ?? null;
    });
    return account?.isActive === true && account.role === role;
  }

  forget(userId: string): void {
    this.known.forget(userId);
  }
}
