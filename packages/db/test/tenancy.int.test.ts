import { randomUUID } from 'node:crypto';
import { createTestDatabaseUrl, openTestConnection } from '@brigade/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beforeCommit,
  type Database,
  isRowLevelSecurityViolation,
  migrate,
  openDatabase,
  platformMigrations,
  queryRows,
  type Tx,
} from '../src/index.js';

const fixture = { schema: 'fixture', dir: new URL('./fixture-migrations/', import.meta.url) };
const tenantA = randomUUID();
const tenantB = randomUUID();

let db: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  const target = await createTestDatabaseUrl();
  drop = target.drop;
  db = await openTestConnection(target.url, 2);
  await migrate(db, [platformMigrations, fixture]);
  for (const [tenant, body] of [
    [tenantA, 'a1'],
    [tenantA, 'a2'],
    [tenantB, 'b1'],
  ] as const) {
    await db.tenantTx(tenant, (tx) =>
      tx.execute(
        sql`insert into fixture.notes (tenant_id, id, body) values (${tenant}, ${randomUUID()}, ${body})`,
      ),
    );
  }
});

afterAll(async () => {
  await db?.close();
  await drop?.();
});

const bodies = (rows: { body: string }[]) => rows.map((row) => row.body).sort();

describe('row-level security', () => {
  it('shows a tenant only its own rows', async () => {
    const rows = await db.tenantTx(tenantA, (tx) =>
      queryRows<{ body: string }>(tx, sql`select body from fixture.notes`),
    );
    expect(bodies(rows)).toEqual(['a1', 'a2']);
  });

  it('(a) returns no rows to a transaction without tenant context', async () => {
    const rows = await db.anonymousTx((tx) => queryRows(tx, sql`select * from fixture.notes`));
    expect(rows).toEqual([]);
    const platform = await db.platformTx((tx) => queryRows(tx, sql`select * from fixture.notes`));
    expect(platform).toEqual([]);
  });

  it('(b) rejects an insert carrying another tenant id, and writes nothing', async () => {
    const attempt = db.tenantTx(tenantA, (tx) =>
      tx.execute(
        sql`insert into fixture.notes (tenant_id, id, body) values (${tenantB}, ${randomUUID()}, 'intruder')`,
      ),
    );
    await expect(attempt).rejects.toSatisfy(isRowLevelSecurityViolation);
    const rows = await db.tenantTx(tenantB, (tx) =>
      queryRows<{ body: string }>(tx, sql`select body from fixture.notes`),
    );
    expect(bodies(rows)).toEqual(['b1']);
  });

  it('rejects moving a row to another tenant and updating rows it cannot see', async () => {
    const move = db.tenantTx(tenantA, (tx) =>
      tx.execute(sql`update fixture.notes set tenant_id = ${tenantB}`),
    );
    await expect(move).rejects.toSatisfy(isRowLevelSecurityViolation);
    const touched = await db.tenantTx(tenantA, (tx) =>
      queryRows(tx, sql`update fixture.notes set body = 'hijacked' where body = 'b1' returning 1`),
    );
    expect(touched).toEqual([]);
  });

  it('does not leak the tenant of one transaction into the next on the same connection', async () => {
    await db.tenantTx(tenantA, async () => undefined);
    const rows = await db.anonymousTx((tx) =>
      queryRows<{ tenant: string | null }>(
        tx,
        sql`select nullif(current_setting('app.tenant_id', true), '') as tenant`,
      ),
    );
    expect(rows[0]?.tenant ?? null).toBeNull();
  });

  it('(c) runs as a role that is not superuser, not owner, has no BYPASSRLS', async () => {
    const [role] = await db.tenantTx(tenantA, (tx) =>
      queryRows<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean; owner: string }>(
        tx,
        sql`select current_user, r.rolsuper, r.rolbypassrls,
                   (select tableowner from pg_tables where schemaname = 'fixture' and tablename = 'notes') as owner
            from pg_roles r where r.rolname = current_user`,
      ),
    );
    expect(role).toMatchObject({ current_user: db.appRole, rolsuper: false, rolbypassrls: false });
    expect(role?.owner).not.toBe(db.appRole);
  });

  it('refuses a tenant id that is not a UUID before reaching the database', async () => {
    await expect(db.tenantTx("x' or true --", async () => 1)).rejects.toThrow(TypeError);
  });
});

describe('work gathered until commit', () => {
  const key = {};
  const bodiesOf = (tenant: string) =>
    db.tenantTx(tenant, (tx) => queryRows<{ body: string }>(tx, sql`select body from fixture.notes`));
  const gather = (tx: Tx, body: string) => {
    const bag = beforeCommit(
      tx,
      key,
      () => [] as string[],
      async (flushTx, gathered: string[]) => {
        flushed.push([...gathered]);
        const rows = gathered.map((each) => sql`(${tenant}, ${randomUUID()}, ${each})`);
        await flushTx.execute(
          sql`insert into fixture.notes (tenant_id, id, body) values ${sql.join(rows, sql`, `)}`,
        );
      },
    );
    bag?.push(body);
    return bag;
  };
  let tenant: string;
  let flushed: string[][];

  it('is flushed once, inside the transaction, just before it commits', async () => {
    tenant = randomUUID();
    flushed = [];
    const seenInside = await db.tenantTx(tenant, async (tx) => {
      for (const body of ['g1', 'g2', 'g3']) gather(tx, body);
      return queryRows(tx, sql`select body from fixture.notes`);
    });
    expect(seenInside).toEqual([]);
    expect(flushed).toEqual([['g1', 'g2', 'g3']]);
    expect(bodies(await bodiesOf(tenant))).toEqual(['g1', 'g2', 'g3']);
  });

  it('is dropped with a transaction that rolls back, and a failing flush rolls its transaction back', async () => {
    tenant = randomUUID();
    flushed = [];
    await expect(
      db.tenantTx(tenant, async (tx) => {
        gather(tx, 'never');
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(flushed).toEqual([]);
    await expect(
      db.tenantTx(tenant, async (tx) => {
        await tx.execute(
          sql`insert into fixture.notes (tenant_id, id, body) values (${tenant}, ${randomUUID()}, 'kept?')`,
        );
        beforeCommit(
          tx,
          {},
          () => null,
          async (flushTx) => {
            await flushTx.execute(sql`select 1 / 0`);
          },
        );
      }),
    ).rejects.toThrow();
    expect(await bodiesOf(tenant)).toEqual([]);
  });

  it('starts empty in the next transaction on the same connection', async () => {
    tenant = randomUUID();
    flushed = [];
    await db.tenantTx(tenant, async (tx) => {
      gather(tx, 'first');
    });
    await db.tenantTx(tenant, async (tx) => {
      gather(tx, 'second');
    });
    expect(flushed).toEqual([['first'], ['second']]);
  });
});

describe('migrations', () => {
  it('are recorded once and a second run applies nothing', async () => {
    expect(await migrate(db, [platformMigrations, fixture])).toEqual([]);
    const recorded = await db.admin.query<{ name: string }>('select name from fixture._migrations');
    expect(recorded.map((row) => row.name)).toEqual(['20261122000000_notes.sql']);
  });

  it('never double-apply when runners race (advisory lock)', async () => {
    const target = await createTestDatabaseUrl();
    const first = await openTestConnection(target.url, 2);
    // On PostgreSQL a second pool is a second "instance"; PGlite has one connection, so the race is within it.
    const second = target.url ? await openDatabase({ url: target.url, poolMax: 2 }) : first;
    try {
      const results = await Promise.all([
        migrate(first, [platformMigrations, fixture]),
        migrate(second, [platformMigrations, fixture]),
        migrate(first, [platformMigrations, fixture]),
      ]);
      const applied = results.flat().map((migration) => `${migration.schema}/${migration.name}`);
      expect(applied.sort()).toEqual([
        'brigade/20261122000000_tenant_isolation.sql',
        'fixture/20261122000000_notes.sql',
      ]);
    } finally {
      if (second !== first) await second.close();
      await first.close();
      await target.drop();
    }
  });

  it('stop when an applied migration was edited', async () => {
    await db.admin.query("update fixture._migrations set checksum = 'edited'");
    await expect(migrate(db, [platformMigrations, fixture])).rejects.toThrow(/changed after it was applied/);
    const [row] = await db.admin.query<{ checksum: string }>('select checksum from fixture._migrations');
    expect(row?.checksum).toBe('edited');
  });
});
