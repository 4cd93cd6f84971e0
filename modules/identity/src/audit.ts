import { contextTx, type Database, type Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import { type Clock, newId, type RequestContext } from '@brigade/kernel';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { type AuditEntry, type ListAudit, listAuditSchema } from './contract/schemas.js';
import { type AuditRow, auditLog } from './db/tables.js';

/** What the security audit trail records (issue 4 §10). */
export type AuditAction =
  | 'signup'
  | 'login_succeeded'
  | 'login_failed'
  | 'account_locked'
  | 'logout'
  | 'refresh_token_reused'
  | 'password_changed'
  | 'password_reset'
  | 'user_created'
  | 'user_updated'
  | 'role_changed'
  | 'user_deactivated'
  | 'user_reactivated'
  | 'api_key_created'
  | 'api_key_revoked'
  | 'signing_key_rotated'
  | 'otp_login'
  | 'social_login'
  | 'social_identity_linked';

export interface AuditRecord {
  action: AuditAction;
  tenantId: string | null;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    occurred_at: row.occurredAt.toISOString(),
    action: row.action,
    actor_kind: row.actorKind,
    actor_id: row.actorId,
    subject_id: row.subjectId,
    ip: row.ip,
    user_agent: row.userAgent,
    request_id: row.requestId,
    details: row.details,
  };
}

/** Append-only: rows are inserted in the same transaction as what they record, never changed. */
export class AuditTrail {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async record(tx: Tx, ctx: RequestContext, entry: AuditRecord): Promise<void> {
    await tx.insert(auditLog).values({
      id: newId(),
      tenantId: entry.tenantId,
      occurredAt: this.clock.now(),
      action: entry.action,
      actorKind: ctx.actor.kind,
      actorId: ctx.actor.id,
      subjectId: entry.subjectId ?? null,
      ip: ctx.client?.ip ?? null,
      userAgent: ctx.client?.userAgent ?? null,
      requestId: ctx.requestId,
      details: entry.details ?? {},
    });
  }

  /** Records in a transaction of its own, in the entry's tenant (or platform) scope. */
  recordAlone(ctx: RequestContext, entry: AuditRecord): Promise<void> {
    const write = (tx: Tx) => this.record(tx, ctx, entry);
    return entry.tenantId ? this.db.tenantTx(entry.tenantId, write) : this.db.platformTx(write);
  }

  /** Newest first; the caller's restaurant only (the platform admin sees every one). */
  async list(
    ctx: RequestContext,
    input: ListAudit,
  ): Promise<{ data: AuditEntry[]; next_cursor: string | null }> {
    const query = listAuditSchema.parse(input);
    const before = cursorAfter(query.cursor, z.uuid());
    const filters: SQL[] = [];
    if (ctx.tenantId) filters.push(eq(auditLog.tenantId, ctx.tenantId));
    if (before) filters.push(lt(auditLog.id, before));
    if (query.action) filters.push(eq(auditLog.action, query.action));
    if (query.subject_id) filters.push(eq(auditLog.subjectId, query.subject_id));
    const rows = await contextTx(this.db, ctx, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(...filters))
        .orderBy(desc(auditLog.id))
        .limit(query.limit + 1),
    );
    return pageFrom(rows, query.limit, toEntry, (row) => row.id);
  }
}
