export type Role = 'platform_admin' | 'owner' | 'manager' | 'cashier' | 'waiter' | 'kitchen' | 'customer';

export interface Actor {
  kind: 'user' | 'service' | 'anonymous' | 'system';
  id: string | null;
  role: Role | null;
  permissions: ReadonlySet<string>;
}

/** Who is asking, for which tenant, under which correlation: the first argument of every contract method. */
export interface RequestContext {
  tenantId: string | null;
  actor: Actor;
  requestId: string;
  correlationId: string;
  idempotencyKey: string | null;
  /** Where the request came from, for the audit trail; absent for system work. */
  client?: { ip: string | null; userAgent: string | null };
}

export const anonymousActor: Actor = Object.freeze({
  kind: 'anonymous',
  id: null,
  role: null,
  permissions: new Set<string>(),
});

export const systemActor: Actor = Object.freeze({
  kind: 'system',
  id: null,
  role: null,
  permissions: new Set<string>(['*']),
});

export function hasPermission(actor: Actor, permission: string): boolean {
  return actor.permissions.has('*') || actor.permissions.has(permission);
}

export function systemContext(tenantId: string | null, correlationId: string): RequestContext {
  return { tenantId, actor: systemActor, requestId: correlationId, correlationId, idempotencyKey: null };
}

/** One page of a list (DESIGN.md §5): `next_cursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
