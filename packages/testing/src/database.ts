import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createPgliteTemplate,
  type Database,
  type MigrationSource,
  migrate,
  migrationFingerprint,
  openDatabase,
} from '@brigade/db';
import pg from 'pg';

function pgliteVersion(): string {
  // The package exports no package.json; its entry lives in dist/ beside it.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')).version;
}

let pgliteBlob: Promise<Blob> | undefined;

/**
 * An initialised empty PGlite data directory, made once per machine and PGlite version and
 * kept in the temp directory: every later test database loads it instead of running initdb.
 */
export function pgliteTemplate(): Promise<Blob> {
  pgliteBlob ??= (async () => {
    const file = join(tmpdir(), `brigade-pglite-template-${pgliteVersion()}.tar`);
    try {
      return new Blob([await readFile(file)]);
    } catch {
      const blob = await createPgliteTemplate();
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(partial, Buffer.from(await blob.arrayBuffer()));
      await rename(partial, file); // atomic: a concurrent reader sees the whole file or none
      return blob;
    }
  })();
  return pgliteBlob;
}

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database for one test file: in-memory PGlite by default, or — when DATABASE_URL is
 * set (`npm run test:services`) — a new database created on that PostgreSQL server (empty, or
 * a copy of `template`) and dropped again by `drop()`. Parallel test files never share one.
 */
export async function createTestDatabaseUrl(
  options: { template?: string } = {},
): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { url: undefined, drop: async () => undefined };
  const name = `brigade_t_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (client) =>
    client.query(`create database ${name}${options.template ? ` template ${options.template}` : ''}`),
  );
  return {
    url: databaseUrl(serverUrl, name),
    async drop() {
      await onServer(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

const serverTemplates = new Map<string, Promise<string>>();

/**
 * A database on the server with exactly `sources` migrated, named after their fingerprint and
 * kept there: test databases are copied from it instead of migrating each one (~0.1 s instead
 * of ~0.7 s). It is built under a temporary name and renamed when complete, so a concurrent
 * test process either finds the finished template or builds its own and discards it.
 */
function migratedServerTemplate(serverUrl: string, sources: MigrationSource[]): Promise<string> {
  const name = `brigade_tpl_${migrationFingerprint(sources).slice(0, 20)}`;
  let template = serverTemplates.get(name);
  if (!template) {
    template = (async () => {
      const exists = await onServer(serverUrl, (client) =>
        client.query('select 1 from pg_database where datname = $1', [name]),
      );
      if (exists.rowCount) return name;
      const building = `${name}_${randomBytes(4).toString('hex')}`;
      await onServer(serverUrl, (client) => client.query(`create database ${building}`));
      const db = await openDatabase({ url: databaseUrl(serverUrl, building), poolMax: 1 });
      try {
        await migrate(db, sources);
      } finally {
        await db.close();
      }
      await onServer(serverUrl, async (client) => {
        try {
          await client.query(`alter database ${building} rename to ${name}`);
        } catch (error) {
          if ((error as { code?: string }).code !== '42P04') throw error; // another process finished first
          await client.query(`drop database ${building} with (force)`);
        }
      });
      return name;
    })();
    serverTemplates.set(name, template);
  }
  return template;
}

/** Opens the database at `url`, or a new in-memory PGlite started from the template. */
export async function openTestConnection(url: string | undefined, poolMax = 4): Promise<Database> {
  return openDatabase({ url, poolMax, pgliteTemplate: url ? undefined : await pgliteTemplate() });
}

export interface TestDatabase {
  db: Database;
  url: string | undefined;
  close(): Promise<void>;
}

/** A fresh database with the given migrations applied. */
export async function openTestDatabase(
  sources: MigrationSource[],
  options: { poolMax?: number } = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const target = await createTestDatabaseUrl(
    serverUrl ? { template: await migratedServerTemplate(serverUrl, sources) } : {},
  );
  const db = await openTestConnection(target.url, options.poolMax);
  try {
    await migrate(db, sources); // nothing left to do on a server template; everything on PGlite
  } catch (error) {
    await db.close();
    await target.drop();
    throw error;
  }
  return {
    db,
    url: target.url,
    async close() {
      await db.close();
      await target.drop();
    },
  };
}
