import { migrationSources } from '@brigade/http';
import { tenantsPermissions } from '@brigade/tenants';
import { as, createTestApp, platformAdmin, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allModules } from '../src/modules.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: allModules, poolMax: 2 });
});
afterAll(() => t?.close());

const schemas = migrationSources(allModules).map((source) => source.schema);

describe('every tenant table is fenced by row-level security (catalog walk)', () => {
  it('(c) ENABLE + FORCE + a tenant policy on USING and WITH CHECK, for every table of every module', async () => {
    const tables = await t.db.admin.query<{
      table: string;
      rls: boolean;
      forced: boolean;
      owner: string;
      policies: { qual: string | null; with_check: string | null }[] | null;
    }>(
      `select n.nspname || '.' || c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
              pg_get_userbyid(c.relowner) as owner,
              (select json_agg(json_build_object('qual', p.qual, 'with_check', p.with_check))
                 from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname) as policies
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname = any($1) and c.relname <> '_migrations'
        order by 1`,
      [schemas],
    );
    expect(tables.map((table) => table.table)).toEqual(
      expect.arrayContaining(['tenants.restaurants', 'http.idempotency_keys']),
    );
    for (const table of tables) {
      expect(table, table.table).toMatchObject({ rls: true, forced: true });
      expect(table.owner, table.table).not.toBe(t.db.appRole);
      expect(table.policies?.length, `${table.table} has a policy`).toBeGreaterThan(0);
      for (const policy of table.policies ?? []) {
        expect(policy.qual, table.table).toContain("current_setting('app.tenant_id'");
        expect(policy.with_check, table.table).toContain("current_setting('app.tenant_id'");
      }
    }
  });

  it('(c) the application role is not superuser, has no BYPASSRLS, and cannot touch migration bookkeeping', async () => {
    const [role] = await t.db.admin.query<{
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcreaterole: boolean;
    }>('select rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = $1', [t.db.appRole]);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
    for (const schema of schemas) {
      const [access] = await t.db.admin.query<{ allowed: boolean }>(
        `select has_table_privilege($1, $2, 'select, insert, update, delete') as allowed`,
        [t.db.appRole, `${schema}._migrations`],
      );
      expect(access?.allowed, `${schema}._migrations`).toBe(false);
    }
  });
});

describe('(d) tenants never see each other', () => {
  it('10,000 requests alternating between two tenants over a 2-connection pool', async () => {
    const restaurants = [];
    for (const slug of ['isolation-a', 'isolation-b']) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/restaurants',
        headers: platformAdmin(),
        payload: {
          name: slug,
          slug,
          timezone: 'UTC',
          currency: 'EUR',
          tax: {
            prices_include_tax: true,
            default_category: 'standard',
            rates: [{ category: 'standard', name: 'VAT', rate_bps: 2000 }],
          },
        },
      });
      restaurants.push(created.json().id as string);
    }
    const callers = restaurants.map((id) => ({
      id,
      headers: as({ tenantId: id, permissions: [tenantsPermissions.read] }),
    }));
    const total = 10_000;
    const inFlight = 16;
    let next = 0;
    const leaks: string[] = [];
    let served = 0;
    async function worker() {
      while (next < total) {
        const index = next++;
        const caller = callers[index % 2]!;
        const response = await t.app.inject({
          method: 'GET',
          url: '/api/v1/restaurants',
          headers: caller.headers,
        });
        const ids = (response.json().data as { id: string }[]).map((restaurant) => restaurant.id);
        if (response.statusCode !== 200 || ids.length !== 1 || ids[0] !== caller.id) {
          leaks.push(`request ${index}: ${response.statusCode} ${ids.join(',')}`);
        }
        served++;
      }
    }
    await Promise.all(Array.from({ length: inFlight }, worker));
    expect(served).toBe(total);
    expect(leaks).toEqual([]);
    expect(t.db.stats().total).toBeLessThanOrEqual(2);
  }, 120_000);
});
