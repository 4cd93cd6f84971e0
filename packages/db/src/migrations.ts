import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AdminSql, Database } from './database.js';

export interface MigrationSource {
  /** PostgreSQL schema the migrations write into; also where their bookkeeping table lives. */
  schema: string;
  /** Folder of `*.sql` files, applied once each in file-name order. */
  dir: URL;
}

export interface AppliedMigration {
  schema: string;
  name: string;
}

/** The platform's own schema: helper functions every module's migrations use. */
export const platformMigrations: MigrationSource = {
  schema: 'brigade',
  dir: new URL('../migrations/', import.meta.url),
};

// Any constant works; it only has to be the same for every Brigade process on a database.
const MIGRATION_LOCK_KEY = 7_303_121_901;

const identifier = /^[a-z][a-z0-9_]*$/;

function migrationFiles(dir: URL): { name: string; sql: string; checksum: string }[] {
  return readdirSync(fileURLToPath(dir))
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = readFileSync(new URL(name, dir), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** A digest of every migration file of `sources`, in order: equal digests, equal schemas. */
export function migrationFingerprint(sources: MigrationSource[]): string {
  const digest = createHash('sha256');
  for (const source of sources) {
    digest.update(`${source.schema}\0`);
    for (const file of migrationFiles(source.dir)) digest.update(`${file.name}\0${file.checksum}\0`);
  }
  return digest.digest('hex');
}

async function ensureAppRole(admin: AdminSql, role: string) {
  const existing = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
  if (existing.length > 0) return;
  try {
    await admin.exec(`create role ${role} nologin nosuperuser nobypassrls noinherit`);
  } catch (error) {
    // Roles are cluster-wide: another database's migrator may have created it meanwhile.
    if ((error as { code?: string }).code !== '42710') throw error;
  }
}

async function prepareSchema(admin: AdminSql, schema: string, role: string) {
  await admin.exec(`
    create schema if not exists ${schema};
    create table if not exists ${schema}._migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    );
    grant usage on schema ${schema} to ${role};
    alter default privileges in schema ${schema} grant select, insert, update, delete on tables to ${role};
    alter default privileges in schema ${schema} grant usage, select on sequences to ${role};
    alter default privileges in schema ${schema} grant execute on functions to ${role};
  `);
}

/**
 * Applies every pending migration of every source, in order, in one transaction with their
 * bookkeeping rows: all or nothing. An advisory lock makes concurrent runners (two instances
 * booting at once) take turns; the second finds nothing left to do. A migration whose file
 * changed after it was applied stops the run: migrations are forward-only.
 */
export async function migrate(db: Database, sources: MigrationSource[]): Promise<AppliedMigration[]> {
  for (const { schema } of sources) {
    if (!identifier.test(schema)) throw new Error(`Invalid schema name for migrations: ${schema}`);
  }
  return db.admin.transaction(async (session) => {
    // A transaction-level lock, held until this runner commits: no unlock to forget.
    await session.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await ensureAppRole(session, db.appRole);
    const applied: AppliedMigration[] = [];
    for (const source of sources) {
      await prepareSchema(session, source.schema, db.appRole);
      const done = new Map(
        (
          await session.query<{ name: string; checksum: string }>(
            `select name, checksum from ${source.schema}._migrations`,
          )
        ).map((row) => [row.name, row.checksum]),
      );
      for (const file of migrationFiles(source.dir)) {
        const recorded = done.get(file.name);
        if (recorded === file.checksum) continue;
        if (recorded !== undefined) {
          throw new Error(
            `Migration ${source.schema}/${file.name} changed after it was applied; add a new one instead`,
          );
        }
        await session.exec(file.sql);
        await session.query(`insert into ${source.schema}._migrations (name, checksum) values ($1, $2)`, [
          file.name,
          file.checksum,
        ]);
        applied.push({ schema: source.schema, name: file.name });
      }
    }
    return applied;
  });
}
