import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { type AdminSql, type Database, type DatabaseOptions, defaultAppRole, type Tx } from './database.js';
import { openingStatement, transactionScopes } from './scopes.js';

function adminOver(queryable: pg.Pool | pg.PoolClient): AdminSql {
  return {
    async query<Row>(text: string, params?: unknown[]) {
      return (await queryable.query(text, params)).rows as Row[];
    },
    async exec(text: string) {
      await queryable.query(text);
    },
    async transaction<T>(fn: (sql: AdminSql) => Promise<T>): Promise<T> {
      const client = 'release' in queryable ? queryable : await queryable.connect();
      try {
        await client.query('begin');
        const result = await fn(adminOver(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        if (client !== queryable) client.release();
      }
    },
  };
}

/** PostgreSQL through a `pg` pool. */
export async function openPostgres(options: DatabaseOptions & { url: string }): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    statement_timeout: options.statementTimeoutMs || undefined,
    application_name: 'brigade',
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const listeners = new Set<pg.Client>();
  const appRole = options.appRole ?? defaultAppRole;
  // One ORM per pooled connection, made once: a transaction is that connection between BEGIN and COMMIT.
  const orms = new WeakMap<pg.PoolClient, Tx>();
  const scopes = transactionScopes(async (opening, fn) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      // BEGIN and the role and tenant settings in one round trip (a simple-protocol batch).
      await client.query(`begin; ${openingStatement(opening)}`);
      let tx = orms.get(client);
      if (!tx) {
        tx = drizzle({ client }) as unknown as Tx;
        orms.set(client, tx);
      }
      const result = await fn(tx);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is unusable: the pool must not hand it out again
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }, appRole);
  return {
    kind: 'postgres',
    appRole,
    ...scopes,
    admin: adminOver(pool),
    async listen(channel, onNotify) {
      // LISTEN needs a session of its own, outside the pool.
      const client = new pg.Client({ connectionString: options.url, application_name: 'brigade-listen' });
      client.on('error', () => undefined);
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      listeners.add(client);
      return async () => {
        listeners.delete(client);
        await client.end().catch(() => undefined);
      };
    },
    async ping() {
      await pool.query('select 1');
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await Promise.all([...listeners].map((client) => client.end().catch(() => undefined)));
      listeners.clear();
      if (!pool.ended) await pool.end();
    },
  };
}
