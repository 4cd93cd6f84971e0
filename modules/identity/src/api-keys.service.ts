import { randomInt } from 'node:crypto';
import { contextTx, type Database } from '@brigade/db';
import type { Principal } from '@brigade/http';
import { type Clock, hasPermission, type RequestContext } from '@brigade/kernel';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { AuditTrail } from './audit.js';
import { identityErrors as fail } from './contract/errors.js';
import { type ApiKey, type CreateApiKey, createApiKeySchema } from './contract/schemas.js';
import { type ApiKeyRow, apiKeys } from './db/tables.js';
import { Remembered } from './domain/remembered.js';
import { tenantPermissions } from './domain/roles.js';
import { randomSecret, sameSecret, sha256 } from './domain/secrets.js';
import type { TenantStatus } from './tenant-status.js';

export interface ApiKeysDeps {
  db: Database;
  clock: Clock;
  audit: AuditTrail;
  tenantStatus: TenantStatus;
  /** How long a verified key is trusted without asking the database again (revocation delay on other processes). */
  cacheMs?: number;
}

const keyPattern = /^brg_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    name: row.name,
    permissions: row.permissions,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * API keys for integrations and services (seed 001 §6.4): `brg_<id>_<secret>`, scoped to one
 * restaurant and to permissions its creator holds, shown once, stored as SHA-256, revocable.
 */
export function createApiKeys(deps: ApiKeysDeps) {
  const { db, clock, audit, tenantStatus } = deps;
  const verified = new Remembered<Principal>(clock, deps.cacheMs ?? 10_000);
  const invalid = () => fail('invalid_api_key', 'The API key is invalid, expired or revoked.');

  return {
    async create(ctx: RequestContext, input: CreateApiKey): Promise<ApiKey & { key: string }> {
      const body = createApiKeySchema.parse(input);
      const tenantId = ctx.tenantId;
      if (!tenantId) throw fail('restaurant_required', 'API keys belong to a restaurant; sign in to one.');
      const refused = body.permissions.filter(
        (permission) => !tenantPermissions.has(permission) || !hasPermission(ctx.actor, permission),
      );
      if (refused.length > 0) {
        throw fail('permission_not_grantable', `You cannot grant: ${refused.join(', ')}.`, {
          errors: refused.map((permission) => ({
            field: 'permissions',
            message: `${permission} not grantable`,
          })),
        });
      }
      if (body.expires_at && new Date(body.expires_at) <= clock.now()) {
        throw fail('invalid_expiry', 'The key would be expired already.', {
          errors: [{ field: 'expires_at', message: 'must be in the future' }],
        });
      }
      const id = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
      const secret = randomSecret();
      const row = await contextTx(db, ctx, async (tx) => {
        const [created] = await tx
          .insert(apiKeys)
          .values({
            id,
            tenantId,
            name: body.name,
            secretHash: sha256(secret),
            permissions: [...new Set(body.permissions)].sort(),
            createdBy: ctx.actor.kind === 'user' ? ctx.actor.id : null,
            createdAt: clock.now(),
            expiresAt: body.expires_at ? new Date(body.expires_at) : null,
          })
          .returning();
        await audit.record(tx, ctx, {
          action: 'api_key_created',
          tenantId,
          subjectId: id,
          details: { name: body.name, permissions: created!.permissions },
        });
        return created!;
      });
      return { ...toApiKey(row), key: `brg_${id}_${secret}` };
    },

    async list(ctx: RequestContext): Promise<{ data: ApiKey[]; next_cursor: null }> {
      const rows = await contextTx(db, ctx, (tx) =>
        tx
          .select()
          .from(apiKeys)
          .where(ctx.tenantId ? eq(apiKeys.tenantId, ctx.tenantId) : undefined)
          .orderBy(desc(apiKeys.createdAt))
          .limit(500),
      );
      return { data: rows.map(toApiKey), next_cursor: null };
    },

    async revoke(ctx: RequestContext, { id }: { id: string }): Promise<void> {
      await contextTx(db, ctx, async (tx) => {
        const [row] = await tx
          .update(apiKeys)
          .set({ revokedAt: clock.now() })
          .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
          .returning();
        if (!row) throw fail('api_key_not_found', `No active API key ${id}.`);
        await audit.record(tx, ctx, { action: 'api_key_revoked', tenantId: row.tenantId, subjectId: id });
      });
      verified.forgetWhere((principal) => principal.actor.id === id);
    },

    /** The service principal a presented key stands for; throws invalid_api_key. */
    async authenticate(presented: string): Promise<Principal> {
      const match = keyPattern.exec(presented);
      if (!match) throw invalid();
      const [, id, secret] = match as unknown as [string, string, string];
      const hash = sha256(secret);
      const principal = await verified.get(hash, async () => {
        const now = clock.now();
        const row = await db.platformTx(async (tx) => {
          const [found] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id));
          if (!found || !sameSecret(found.secretHash, hash) || found.revokedAt) return null;
          if (found.expiresAt && found.expiresAt <= now) return null;
          if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000) {
            await tx.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id));
          }
          return found;
        });
        if (!row) throw invalid();
        return {
          tenantId: row.tenantId,
          actor: { kind: 'service', id: row.id, role: null, permissions: new Set(row.permissions) },
        };
      });
      // The restaurant's status has its own cache, cleared the moment this process hears of a change.
      if (!(await tenantStatus.isActive(principal.tenantId!))) throw invalid();
      return principal;
    },
  };
}

export type ApiKeys = ReturnType<typeof createApiKeys>;
