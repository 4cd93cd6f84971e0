import { randomBytes } from 'node:crypto';
import { type Database, type MigrationSource, migrate, openDatabase } from '@brigade/db';
import pg from 'pg';

/**
 * A fresh, empty database for one test file: in-memory PGlite by default, or — when
 * DATABASE_URL is set (`npm run test:services`) — a new database created on that PostgreSQL
 * server and dropped again by `drop()`. Parallel test files never share one.
 */
export async function createTestDatabaseUrl(): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { url: undefined, drop: async () => undefined };
  const name = `brigade_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
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
  const target = await createTestDatabaseUrl();
  const db = await openDatabase({ url: target.url, poolMax: options.poolMax ?? 4 });
  try {
    await migrate(db, sources);
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
