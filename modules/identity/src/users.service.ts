import { contextTx, type Database, escapeLike, type Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import type { Clock, RequestContext, Role } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, asc, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AccountStatus } from './account-status.js';
import type { AuditAction, AuditTrail } from './audit.js';
import { identityErrors as fail } from './contract/errors.js';
import { identityEvents } from './contract/events.js';
import {
  type CreateUser,
  createUserSchema,
  type ListUsers,
  listUsersSchema,
  resetPasswordSchema,
  type UpdateUser,
  type User,
  updateUserSchema,
} from './contract/schemas.js';
import { type UserRow, users } from './db/tables.js';
import { identifierTaken, insertUser, toUser } from './db/user-rows.js';
import { hashPassword, temporaryPassword } from './domain/passwords.js';
import { canAssign } from './domain/roles.js';
import { assertAcceptablePassword } from './sessions.service.js';
import type { TenantStatus } from './tenant-status.js';
import type { RefreshTokens } from './tokens/refresh-tokens.js';

export interface UsersDeps {
  db: Database;
  clock: Clock;
  publish: Publish;
  audit: AuditTrail;
  refreshTokens: RefreshTokens;
  tenantStatus: TenantStatus;
  accountStatus: AccountStatus;
}

function notAssignable(role: Role) {
  return fail('role_not_assignable', `You may not manage users with the role '${role}'.`, {
    errors: [{ field: 'role', message: 'not assignable by you' }],
  });
}

/** A transaction in the user's own restaurant, or in platform scope for platform admins. */
function userTx<T>(db: Database, tenantId: string | null, fn: (tx: Tx) => Promise<T>) {
  return tenantId ? db.tenantTx(tenantId, fn) : db.platformTx(fn);
}

/** Staff and customer accounts. Who may manage whom follows the role matrix (domain/roles.ts). */
export function createUsers(deps: UsersDeps) {
  const { db, clock, audit, refreshTokens, tenantStatus, accountStatus } = deps;
  const notFound = (id: string) => fail('user_not_found', `No user ${id}.`);

  async function publishChange(tx: Tx, ctx: RequestContext, row: UserRow, changed: string[]) {
    if (!row.tenantId) return;
    await deps.publish(
      tx,
      { ...ctx, tenantId: row.tenantId },
      identityEvents.userChanged,
      { user_id: row.id, role: row.role, is_active: row.isActive, version: row.version, changed },
      { aggregateId: row.id, tenantId: row.tenantId },
    );
  }

  /** Where a new user goes: the platform admin names it; everyone else adds to their own restaurant. */
  async function targetTenant(ctx: RequestContext, body: { role: Role; tenant_id?: string | undefined }) {
    if (body.role === 'platform_admin') return null;
    const tenantId = ctx.actor.role === 'platform_admin' ? body.tenant_id : ctx.tenantId;
    if (!tenantId || (body.tenant_id && body.tenant_id !== tenantId)) {
      throw fail('restaurant_required', 'Name the restaurant (tenant_id) the user belongs to.', {
        errors: [{ field: 'tenant_id', message: 'required' }],
      });
    }
    if (!(await tenantStatus.find(tenantId)))
      throw fail('restaurant_not_found', `No restaurant ${tenantId}.`);
    return tenantId;
  }

  async function loadForChange(tx: Tx, ctx: RequestContext, id: string): Promise<UserRow> {
    const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!row) throw notFound(id);
    if (!canAssign(ctx.actor.role, row.role)) throw notAssignable(row.role);
    return row;
  }

  return {
    async createUser(ctx: RequestContext, input: CreateUser): Promise<User> {
      const body = createUserSchema.parse(input);
      if (!canAssign(ctx.actor.role, body.role)) throw notAssignable(body.role);
      const tenantId = await targetTenant(ctx, body);
      if (body.password) {
        assertAcceptablePassword(body.password, {
          email: body.email ?? null,
          username: body.username ?? null,
        });
      }
      const passwordHash = body.password ? await hashPassword(body.password) : null;
      const now = clock.now();
      try {
        const row = await userTx(db, tenantId, async (tx) => {
          const created = await insertUser(
            tx,
            {
              tenantId,
              role: body.role,
              username: body.username,
              email: body.email,
              phone: body.phone,
              displayName: body.display_name,
              passwordHash,
            },
            now,
          );
          if (tenantId) {
            await deps.publish(
              tx,
              { ...ctx, tenantId },
              identityEvents.userCreated,
              { user_id: created.id, role: created.role, display_name: created.displayName },
              { aggregateId: created.id, tenantId },
            );
          }
          await audit.record(tx, ctx, {
            action: 'user_created',
            tenantId,
            subjectId: created.id,
            details: { role: body.role },
          });
          return created;
        });
        return toUser(row);
      } catch (error) {
        identifierTaken(error);
      }
    },

    async getUser(ctx: RequestContext, { id }: { id: string }): Promise<User> {
      const [row] = await contextTx(db, ctx, (tx) => tx.select().from(users).where(eq(users.id, id)));
      if (!row) throw notFound(id);
      return toUser(row);
    },

    async listUsers(ctx: RequestContext, input: ListUsers) {
      const query = listUsersSchema.parse(input);
      const after = cursorAfter(query.cursor, z.uuid());
      const filters: SQL[] = [];
      if (ctx.tenantId) filters.push(eq(users.tenantId, ctx.tenantId));
      if (after) filters.push(gt(users.id, after));
      if (query.role) filters.push(eq(users.role, query.role));
      if (query.is_active !== undefined) filters.push(eq(users.isActive, query.is_active));
      if (query.q) {
        const pattern = `%${escapeLike(query.q)}%`;
        filters.push(
          or(ilike(users.displayName, pattern), ilike(users.email, pattern), ilike(users.username, pattern))!,
        );
      }
      const rows = await contextTx(db, ctx, (tx) =>
        tx
          .select()
          .from(users)
          .where(and(...filters))
          .orderBy(asc(users.id))
          .limit(query.limit + 1),
      );
      return pageFrom(rows, query.limit, toUser, (row) => row.id);
    },

    async updateUser(
      ctx: RequestContext,
      { id, changes, expected_version }: { id: string; changes: UpdateUser; expected_version?: number },
    ): Promise<User> {
      const patch = updateUserSchema.parse(changes);
      const changesSelf = id === ctx.actor.id && (patch.role !== undefined || patch.is_active === false);
      if (changesSelf)
        throw fail('cannot_change_self', 'You cannot change your own role or disable yourself.');
      if (patch.role && !canAssign(ctx.actor.role, patch.role)) throw notAssignable(patch.role);
      try {
        const row = await contextTx(db, ctx, async (tx) => {
          const current = await loadForChange(tx, ctx, id);
          if (patch.role && (patch.role === 'platform_admin') !== (current.role === 'platform_admin')) {
            throw notAssignable(patch.role);
          }
          if (expected_version !== undefined && expected_version !== current.version) {
            throw fail(
              'version_conflict',
              `The user changed (version ${current.version}); reload and retry.`,
              {
                details: { current_version: current.version },
              },
            );
          }
          const [updated] = await tx
            .update(users)
            .set({
              ...(patch.display_name !== undefined && { displayName: patch.display_name }),
              ...(patch.username !== undefined && { username: patch.username }),
              ...(patch.email !== undefined && { email: patch.email, emailVerified: false }),
              ...(patch.phone !== undefined && { phone: patch.phone }),
              ...(patch.role !== undefined && { role: patch.role }),
              ...(patch.is_active !== undefined && { isActive: patch.is_active }),
              version: current.version + 1,
              updatedAt: clock.now(),
            })
            .where(eq(users.id, id))
            .returning();
          const roleChanged = patch.role !== undefined && patch.role !== current.role;
          const statusChanged = patch.is_active !== undefined && patch.is_active !== current.isActive;
          if (roleChanged || (statusChanged && !patch.is_active)) {
            await refreshTokens.revokeUser(tx, id, roleChanged ? 'role_changed' : 'deactivated');
          }
          const action: AuditAction = roleChanged
            ? 'role_changed'
            : statusChanged
              ? patch.is_active
                ? 'user_reactivated'
                : 'user_deactivated'
              : 'user_updated';
          await audit.record(tx, ctx, {
            action,
            tenantId: current.tenantId,
            subjectId: id,
            details: {
              changed: Object.keys(patch).sort(),
              ...(roleChanged && { from: current.role, to: patch.role }),
            },
          });
          await publishChange(tx, ctx, updated!, Object.keys(patch).sort());
          return updated!;
        });
        accountStatus.forget(id);
        return toUser(row);
      } catch (error) {
        identifierTaken(error);
      }
    },

    /** An administrator sets a new password (or a generated one, returned once); every session ends. */
    async resetPassword(
      ctx: RequestContext,
      { id, new_password }: { id: string; new_password?: string | undefined },
    ): Promise<{ temporary_password: string | null }> {
      const body = resetPasswordSchema.parse({ new_password });
      const generated = body.new_password === undefined ? temporaryPassword() : null;
      const passwordHash = await hashPassword(body.new_password ?? generated!);
      await contextTx(db, ctx, async (tx) => {
        const current = await loadForChange(tx, ctx, id);
        if (id === ctx.actor.id)
          throw fail('cannot_change_self', 'Change your own password with /auth/change-password.');
        await tx
          .update(users)
          .set({
            passwordHash,
            mustChangePassword: true,
            version: current.version + 1,
            updatedAt: clock.now(),
          })
          .where(eq(users.id, id));
        await refreshTokens.revokeUser(tx, id, 'password_reset');
        await audit.record(tx, ctx, { action: 'password_reset', tenantId: current.tenantId, subjectId: id });
      });
      return { temporary_password: generated };
    },
  };
}

export type Users = ReturnType<typeof createUsers>;
