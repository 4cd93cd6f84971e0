import { queryRows, type Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { iso } from './rows.js';

const cursor = z.tuple([z.iso.datetime(), z.uuid()]);

/**
 * One page of a table's records, newest first (`created_at`, then `id`), filtered, each loaded
 * whole by `load`: what the counts and purchase-order lists share.
 */
export async function newestFirst<T>(
  tx: Tx,
  table: SQL,
  filters: SQL[],
  page: { limit: number; cursor?: string | undefined },
  load: (tx: Tx, id: string) => Promise<T>,
): Promise<{ data: T[]; next_cursor: string | null }> {
  const after = cursorAfter(page.cursor, cursor);
  const where = [sql`true`, ...filters];
  if (after) where.push(sql`(created_at, id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await queryRows<{ id: string; created_at: string }>(
    tx,
    sql`select id, created_at from ${table} where ${sql.join(where, sql` and `)}
        order by created_at desc, id desc limit ${page.limit + 1}`,
  );
  const found = pageFrom(
    rows,
    page.limit,
    (row) => row.id,
    (row) => [iso(row.created_at), row.id],
  );
  const data: T[] = [];
  for (const id of found.data) data.push(await load(tx, id));
  return { data, next_cursor: found.next_cursor };
}
