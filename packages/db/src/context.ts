import type { RequestContext } from '@brigade/kernel';
import type { Database, Tx } from './database.js';

/**
 * The transaction a request's work runs in: its tenant's when it has one; platform scope for
 * the platform admin and for system work outside any tenant; otherwise a scope that sees no
 * tenant rows at all.
 */
export function contextTx<T>(db: Database, ctx: RequestContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (ctx.tenantId) return db.tenantTx(ctx.tenantId, fn);
  if (ctx.actor.role === 'platform_admin' || ctx.actor.kind === 'system') return db.platformTx(fn);
  return db.anonymousTx(fn);
}
