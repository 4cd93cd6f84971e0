import type { Database } from '@brigade/db';
import type { Clock, Role } from '@brigade/kernel';
import { eq } from 'drizzle-orm';
import { users } from './db/tables.js';

interface Known {
  account: { isActive: boolean; role: Role } | null;
  at: number;
}

/**
 * Whether a token's user is still active with the role the token names, remembered for a few
 * seconds per process: a disabled or re-roled user's access tokens stop working within
 * `ttlMs` (at once on the process that made the change), not only when they expire.
 */
export class AccountStatus {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async holds(userId: string, role: Role): Promise<boolean> {
    const now = this.clock.now().getTime();
    let known = this.known.get(userId);
    if (!known || now - known.at >= this.ttlMs) {
      const [account] = await this.db.platformTx((tx) =>
        tx.select({ isActive: users.isActive, role: users.role }).from(users).where(eq(users.id, userId)),
      );
      if (this.known.size > 50_000) this.known.clear();
      known = { account: account ?? null, at: now };
      this.known.set(userId, known);
    }
    return known.account?.isActive === true && known.account.role === role;
  }

  forget(userId: string): void {
    this.known.delete(userId);
  }
}
