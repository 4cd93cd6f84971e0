import type { Tx } from '@brigade/db';
import { type Clock, newId } from '@brigade/kernel';
import { and, eq, isNull } from 'drizzle-orm';
import { refreshTokens } from '../db/tables.js';
import { randomSecret, sha256 } from '../domain/secrets.js';

export interface RefreshTokenOptions {
  /** A session unused for this long ends. */
  idleSeconds: number;
  /** A session ends this long after sign-in, however often it is refreshed. */
  absoluteSeconds: number;
}

export type Rotation =
  | { outcome: 'rotated'; token: string; userId: string; tenantId: string | null; familyId: string }
  | { outcome: 'reused'; userId: string; tenantId: string | null; familyId: string }
  | { outcome: 'invalid' };

const prefix = 'rt_';

/**
 * Opaque refresh tokens (RFC 9700 §4.14.2): only their SHA-256 is stored; each use rotates
 * the token, and presenting one that was already rotated revokes its whole family — one of
 * the two parties holding it is not the user.
 */
export class RefreshTokens {
  constructor(
    private readonly clock: Clock,
    private readonly options: RefreshTokenOptions,
  ) {}

  /** Starts a family (a sign-in), or continues one when `family` is given. */
  async issue(
    tx: Tx,
    user: { id: string; tenantId: string | null },
    family?: { id: string; expiresAt: Date },
  ): Promise<string> {
    const now = this.clock.now();
    const token = `${prefix}${randomSecret()}`;
    const expiresAt = family?.expiresAt ?? new Date(now.getTime() + this.options.absoluteSeconds * 1000);
    const idle = new Date(now.getTime() + this.options.idleSeconds * 1000);
    await tx.insert(refreshTokens).values({
      id: newId(),
      tenantId: user.tenantId,
      userId: user.id,
      familyId: family?.id ?? newId(),
      tokenHash: sha256(token),
      createdAt: now,
      idleExpiresAt: idle < expiresAt ? idle : expiresAt,
      expiresAt,
    });
    return token;
  }

  /** Must run in platform scope: the token is all the caller has, the tenant is not yet known. */
  async rotate(tx: Tx, token: string): Promise<Rotation> {
    if (!token.startsWith(prefix)) return { outcome: 'invalid' };
    const [row] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(token)))
      .for('update');
    if (!row || row.revokedAt) return { outcome: 'invalid' };
    const owner = { userId: row.userId, tenantId: row.tenantId, familyId: row.familyId };
    if (row.rotatedAt) {
      await this.revokeFamily(tx, row.familyId, 'reuse_detected');
      return { outcome: 'reused', ...owner };
    }
    const now = this.clock.now();
    if (now >= row.expiresAt || now >= row.idleExpiresAt) {
      await this.revokeFamily(tx, row.familyId, 'expired');
      return { outcome: 'invalid' };
    }
    await tx.update(refreshTokens).set({ rotatedAt: now }).where(eq(refreshTokens.id, row.id));
    const next = await this.issue(
      tx,
      { id: row.userId, tenantId: row.tenantId },
      { id: row.familyId, expiresAt: row.expiresAt },
    );
    return { outcome: 'rotated', token: next, ...owner };
  }

  /** Ends the session `token` belongs to; null when the token is unknown. `live`: it was still usable. */
  async revokeByToken(
    tx: Tx,
    token: string,
    reason: string,
  ): Promise<{ userId: string; tenantId: string | null; live: boolean } | null> {
    const [row] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(token)));
    if (!row) return null;
    await this.revokeFamily(tx, row.familyId, reason);
    const now = this.clock.now();
    const live = !row.revokedAt && !row.rotatedAt && now < row.expiresAt && now < row.idleExpiresAt;
    return { userId: row.userId, tenantId: row.tenantId, live };
  }

  revokeFamily(tx: Tx, familyId: string, reason: string) {
    return tx
      .update(refreshTokens)
      .set({ revokedAt: this.clock.now(), revokedReason: reason })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }

  /** Every session of a user (password change, deactivation, role change). */
  revokeUser(tx: Tx, userId: string, reason: string) {
    return tx
      .update(refreshTokens)
      .set({ revokedAt: this.clock.now(), revokedReason: reason })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }

  /** Every session in a restaurant (it was deactivated). */
  revokeTenant(tx: Tx, tenantId: string, reason: string) {
    return tx
      .update(refreshTokens)
      .set({ revokedAt: this.clock.now(), revokedReason: reason })
      .where(and(eq(refreshTokens.tenantId, tenantId), isNull(refreshTokens.revokedAt)));
  }
}
