import { queryRows, type Tx } from '@brigade/db';
import { and, eq, sql } from 'drizzle-orm';
import type { MenuSnapshot } from './contract/index.js';
import { liveVersion, versions } from './db/tables.js';

export type SnapshotItem = MenuSnapshot['categories'][number]['items'][number];
export type SnapshotGroup = MenuSnapshot['modifier_groups'][number];

/** A restaurant's live published version, parsed and indexed once (versions never change). */
export interface LiveMenu {
  tenantId: string;
  version: number;
  publishedAt: string;
  snapshot: MenuSnapshot;
  items: Map<string, SnapshotItem>;
  groups: Map<string, SnapshotGroup>;
  /** Group → the groups its options open. */
  edges: Map<string, string[]>;
}

/** Sold-out ("86ed") items and options of a restaurant now: live state, never part of a version. */
export interface Unavailable {
  items: Set<string>;
  variants: Set<string>;
  options: Set<string>;
}

interface OffRow {
  off_items: string[];
  off_variants: string[];
  off_options: string[];
}

/** The ids of what is sold out now, as three arrays of one row. */
const offColumns = (tenantId: string) =>
  sql`array(select i.id::text from menu.items i where i.tenant_id = ${tenantId} and not i.is_available) as off_items,
      array(select v.id::text from menu.variants v where v.tenant_id = ${tenantId} and not v.is_available) as off_variants,
      array(select o.id::text from menu.modifier_options o
            where o.tenant_id = ${tenantId} and not o.is_available) as off_options`;

const toUnavailable = (row: OffRow): Unavailable => ({
  items: new Set(row.off_items),
  variants: new Set(row.off_variants),
  options: new Set(row.off_options),
});

function index(tenantId: string, version: number, publishedAt: string, snapshot: MenuSnapshot): LiveMenu {
  const items = new Map<string, SnapshotItem>();
  for (const category of snapshot.categories) for (const item of category.items) items.set(item.id, item);
  const groups = new Map(snapshot.modifier_groups.map((group) => [group.id, group]));
  const edges = new Map(
    snapshot.modifier_groups.map((group) => [
      group.id,
      group.options.flatMap((option) => (option.opens_group_id ? [option.opens_group_id] : [])),
    ]),
  );
  return { tenantId, version, publishedAt, snapshot, items, groups, edges };
}

/**
 * Reads live versions. A version is immutable, so its parsed form is kept in process by
 * (tenant, version) and only "which version is live" (and what is sold out) is read from the
 * database each time: a publish or a restore by any replica shows on the next read.
 */
export function createLiveMenus(maxEntries = 500) {
  const parsed = new Map<string, LiveMenu>();

  /** Version `version` of the restaurant's menu, parsed once. */
  async function versionOf(tx: Tx, tenantId: string, version: number): Promise<LiveMenu | null> {
    const key = `${tenantId}:${version}`;
    const known = parsed.get(key);
    if (known) return known;
    const [row] = await tx
      .select({ publishedAt: versions.publishedAt, snapshot: versions.snapshot })
      .from(versions)
      .where(and(eq(versions.tenantId, tenantId), eq(versions.version, version)));
    if (!row) return null;
    const menu = index(tenantId, version, row.publishedAt.toISOString(), row.snapshot as MenuSnapshot);
    if (parsed.size >= maxEntries) parsed.delete(parsed.keys().next().value!);
    parsed.set(key, menu);
    return menu;
  }

  return {
    async load(tx: Tx, tenantId: string): Promise<LiveMenu | null> {
      const [live] = await tx
        .select({ version: liveVersion.version })
        .from(liveVersion)
        .where(eq(liveVersion.tenantId, tenantId));
      return live ? versionOf(tx, tenantId, live.version) : null;
    },

    /** Every sold-out item, size and option of the restaurant, deleted ones included (a live version may still hold them). */
    async unavailable(tx: Tx, tenantId: string): Promise<Unavailable> {
      const [row] = await queryRows<OffRow>(tx, sql`select ${offColumns(tenantId)}`);
      return toUnavailable(row!);
    },

    /**
     * The live version with what is sold out now (deleted items, sizes and options included: a
     * live version may still hold them): which version is live and every sold-out id in one
     * statement (`load` and `unavailable` in one round trip), for pricing every order.
     */
    async current(tx: Tx, tenantId: string): Promise<{ live: LiveMenu; off: Unavailable } | null> {
      const [row] = await queryRows<OffRow & { version: number }>(
        tx,
        sql`select lv.version, ${offColumns(tenantId)}
            from menu.live_version lv where lv.tenant_id = ${tenantId}`,
      );
      if (!row) return null;
      const live = await versionOf(tx, tenantId, row.version);
      return live ? { live, off: toUnavailable(row) } : null;
    },
  };
}

export type LiveMenus = ReturnType<typeof createLiveMenus>;
