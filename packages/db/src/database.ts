import type { SQL } from 'drizzle-orm';
import type { PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';

/** A transaction scoped to one tenant (or to the platform), running as the application role. */
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, Record<string, never>>;

/** Plain SQL with the privileges of the migrating (owner) role: migrations and operations only. */
export interface AdminSql {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs several statements (no parameters), e.g. a migration file. */
  exec(text: string): Promise<void>;
  /** Runs `fn` inside one transaction on one connection. */
  transaction<T>(fn: (sql: AdminSql) => Promise<T>): Promise<T>;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** The role application transactions run as: not superuser, not owner, no BYPASSRLS. */
  readonly appRole: string;
  /** Runs `fn` in a transaction where row-level security admits only `tenantId`'s rows. */
  tenantTx<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction in platform scope: no tenant, plus tables opened to the platform. */
  platformTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction with no tenant context at all: row-level security hides every tenant row. */
  anonymousTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  readonly admin: AdminSql;
  /**
   * Calls `onNotify` with each payload NOTIFY'd on `channel` (after the notifying transaction
   * commits). Resolves to a function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  stats(): PoolStats;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent, an embedded PGlite database is used. */
  url?: string | undefined;
  /** PGlite data directory; in memory when absent. Ignored with `url`. */
  dataDir?: string | undefined;
  /**
   * An in-memory PGlite starts from this data-directory tarball (`dumpDataDir`) instead of
   * running initdb: ~0.6 s instead of ~2.5 s. Ignored with `url` or `dataDir`.
   */
  pgliteTemplate?: Blob | undefined;
  /** Maximum pool size on PostgreSQL. */
  poolMax?: number;
  /** Name of the application role (created by the migration runner when missing). */
  appRole?: string;
  /** Milliseconds before a statement is cancelled on PostgreSQL (0 = none). */
  statementTimeoutMs?: number;
}

export const defaultAppRole = 'brigade_app';

/** Runs raw SQL in a transaction and returns its rows (both drivers answer with `{ rows }`). */
export async function queryRows<Row = Record<string, unknown>>(tx: Tx, query: SQL): Promise<Row[]> {
  const result = (await tx.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
