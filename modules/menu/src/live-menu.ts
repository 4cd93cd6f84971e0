import { queryRows, type Tx } from '@brigade/db';
import { and, eq, sql } from 'drizzle-orm';
import type { MenuSnapshot } from './contract/index.js';
import { items as itemsTable, liveVersion, modifierOptions, versions } from './db/tables.js';

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
  options: Set<string>;
}

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

    /** Every sold-out item and option of the restaurant, deleted ones included (a live version may still hold them). */
    async unavailable(tx: Tx, tenantId: string): Promise<Unavailable> {
      const [offItems, offOptions] = [
        await tx
          .select({ id: itemsTable.id })
          .from(itemsTable)
          .where(and(eq(itemsTable.tenantId, tenantId), eq(itemsTable.isAvailable, false))),
        await tx
          .select({ id: modifierOptions.id })
          .from(modifierOptions)
          .where(and(eq(modifierOptions.tenantId, tenantId), eq(modifierOptions.isAvailable, false))),
      ];
      return {
        items: new Set(offItems.map((row) => row.id)),
        options: new Set(offOptions.map((row) => row.id)),
      };
    },

    /**
     * The live version with what is sold out now (deleted items and options included: a live
     * version may still hold them): which version is live and every sold-out id in one
     * statement (`load` and `unavailable` in one round trip), for pricing every order.
     */
    async current(tx: Tx, tenantId: string): Promise<{ live: LiveMenu; off: Unavailable } | null> {
      const [row] = await queryRows<{ version: number; off_items: string[]; off_options: string[] }>(
        tx,
        sql`select lv.version,
              array(select i.id::text from menu.items i
                    where i.tenant_id = ${tenantId} and not i.is_available) as off_items,
              array(select o.id::text from menu.modifier_options o
                    where o.tenant_id = ${tenantId} and not o.is_available) as off_options
            from menu.live_version lv where lv.tenant_id = ${tenantId}`,
      );
      if (!row) return null;
      const live = await versionOf(tx, tenantId, row.version);
      return live
        ? { live, off: { items: new Set(row.off_items), options: new Set(row.off_options) } }
        : null;
    },
  };
}

export type LiveMenus = ReturnType<typeof createLiveMenus>;
