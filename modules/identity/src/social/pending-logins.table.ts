import type { Database } from '@brigade/db';
import { eq, lte } from 'drizzle-orm';
import { pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PendingLogin, PendingLoginStore } from './oidc.js';

const identitySchema = pgSchema('identity');

export const pendingSocialLogins = identitySchema.table('pending_social_logins', {
  state: text('state').primaryKey(),
  provider: text('provider').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  tenantId: uuid('tenant_id'),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Pending social logins in PostgreSQL, in platform scope: the callback arrives before any tenant is known. */
export class PostgresPendingLoginStore implements PendingLoginStore {
  constructor(private readonly db: Database) {}

  async save(login: PendingLogin): Promise<void> {
    await this.db.platformTx((tx) =>
      tx.insert(pendingSocialLogins).values({
        state: login.state,
        provider: login.provider,
        nonce: login.nonce,
        codeVerifier: login.code_verifier,
        tenantId: login.tenant_id,
        expiresAt: login.expires_at,
      }),
    );
  }

  async take(state: string, now: Date): Promise<PendingLogin | null> {
    // One DELETE … RETURNING: of two concurrent callbacks with the same state, only one gets
    // the row. An expired row is deleted too, and refused.
    const [row] = await this.db.platformTx((tx) =>
      tx.delete(pendingSocialLogins).where(eq(pendingSocialLogins.state, state)).returning(),
    );
    if (!row || row.expiresAt <= now) return null;
    return {
      state: row.state,
      provider: row.provider,
      nonce: row.nonce,
      code_verifier: row.codeVerifier,
      tenant_id: row.tenantId,
      expires_at: row.expiresAt,
    };
  }

  /** Deletes logins abandoned before completion; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const rows = await this.db.platformTx((tx) =>
      tx
        .delete(pendingSocialLogins)
        .where(lte(pendingSocialLogins.expiresAt, now))
        .returning({ state: pendingSocialLogins.state }),
    );
    return rows.length;
  }
}
