import { PGlite, type Transaction } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { lockDataDir } from './data-dir-lock.js';
import { type AdminSql, type Database, type DatabaseOptions, defaultAppRole, type Tx } from './database.js';
import { openingStatement, transactionScopes } from './scopes.js';

function adminOver(client: PGlite | Transaction): AdminSql {
  return {
    async query<Row>(text: string, params?: unknown[]) {
      return (await client.query<Row>(text, params)).rows;
    },
    async exec(text: string) {
      await client.exec(text);
    },
    transaction<T>(fn: (sql: AdminSql) => Promise<T>): Promise<T> {
      if (!('transaction' in client)) return fn(adminOver(client));
      return client.transaction((tx) => fn(adminOver(tx)));
    },
  };
}

const inMemory = (dataDir: string | undefined) => !dataDir || dataDir.startsWith('memory://');

/** Embedded PostgreSQL (WASM) in one process: persisted in `dataDir`, or in memory (`memory://` or none). */
export async function openPglite(options: DatabaseOptions): Promise<Database> {
  const unlock = inMemory(options.dataDir) ? () => undefined : lockDataDir(options.dataDir!);
  const client = inMemory(options.dataDir)
    ? new PGlite({ loadDataDir: options.pgliteTemplate })
    : new PGlite(options.dataDir);
  try {
    await client.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  const appRole = options.appRole ?? defaultAppRole;
  // PGlite's extended protocol makes a parameterised opener cost ~250 µs; the plain one is
  // about half, and the ORM runs over the transaction itself.
  const scopes = transactionScopes(
    (opening, fn) =>
      client.transaction(async (transaction) => {
        await transaction.exec(openingStatement(opening));
        return fn(drizzle({ client: transaction as unknown as PGlite }) as unknown as Tx);
      }),
    appRole,
  );
  return {
    kind: 'pglite',
    appRole,
    ...scopes,
    admin: adminOver(client),
    async listen(channel, onNotify) {
      return client.listen(channel, onNotify);
    },
    async ping() {
      await client.query('select 1');
    },
    stats: () => ({ total: 1, idle: 1, waiting: 0 }),
    async close() {
      if (!client.closed) await client.close();
      unlock();
    },
  };
}

/** A freshly initialised, empty PGlite data directory as a tarball: a template for `pgliteTemplate`. */
export async function createPgliteTemplate(): Promise<Blob> {
  const client = new PGlite();
  try {
    await client.waitReady; // dumpDataDir does not wait for initdb by itself
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
}
