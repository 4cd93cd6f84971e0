import { contextTx, type Database, queryRows, type Tx } from '@brigade/db';
import { cursorAfter, encodeCursor } from '@brigade/http';
import type { Clock } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  menuErrors as fail,
  listMenuVersionsSchema,
  type MenuService,
  type MenuSnapshot,
  type MenuVersion,
  menuEvents,
  publishMenuSchema,
} from './contract/index.js';
import { liveVersion, versions } from './db/tables.js';
import { reachableGroups } from './domain/modifier-rules.js';
import { tenantOf } from './support.js';

type PublishingService = Pick<
  MenuService,
  'publishMenu' | 'listMenuVersions' | 'getMenuVersion' | 'restoreMenuVersion'
>;

interface DraftRows {
  categories: { id: string; name: string; description: string | null; position: number }[] | null;
  items:
    | {
        id: string;
        category_id: string;
        name: string;
        description: string | null;
        price: number;
        tax_category: string | null;
        image_url: string | null;
        allergens: string[];
        dietary_tags: string[];
        station: string | null;
        prep_time_seconds: number | null;
        position: number;
      }[]
    | null;
  variants: { id: string; item_id: string; name: string; price: number; position: number }[] | null;
  links: { item_id: string; group_id: string }[] | null;
  groups: { id: string; name: string; min_select: number; max_select: number; is_required: boolean }[] | null;
  options:
    | {
        id: string;
        group_id: string;
        name: string;
        price_delta: number;
        opens_group_id: string | null;
        position: number;
      }[]
    | null;
}

/**
 * The whole live draft, read by ONE statement so that it is one consistent picture even while
 * staff keep editing (each statement sees a single snapshot of the database).
 */
async function readDraft(tx: Tx, tenantId: string): Promise<MenuSnapshot> {
  const [rows] = await queryRows<DraftRows>(
    tx,
    sql`
    with live_categories as (
      select id, name, description, position from menu.categories
       where tenant_id = ${tenantId} and deleted_at is null
    ), live_items as (
      select i.id, i.category_id, i.name, i.description, i.price, i.tax_category, i.image_url,
             i.allergens, i.dietary_tags, i.station, i.prep_time_seconds, i.position
        from menu.items i join live_categories c on c.id = i.category_id
       where i.tenant_id = ${tenantId} and i.deleted_at is null
    )
    select
      (select json_agg(c order by c.position, c.id) from live_categories c) as categories,
      (select json_agg(i order by i.position, i.id) from live_items i) as items,
      (select json_agg(json_build_object('id', v.id, 'item_id', v.item_id, 'name', v.name,
                                         'price', v.price, 'position', v.position)
                       order by v.position, v.id)
         from menu.variants v
        where v.tenant_id = ${tenantId} and v.deleted_at is null
          and v.item_id in (select id from live_items)) as variants,
      (select json_agg(json_build_object('item_id', l.item_id, 'group_id', l.group_id)
                       order by l.item_id, l.position)
         from menu.item_modifier_groups l
        where l.tenant_id = ${tenantId} and l.item_id in (select id from live_items)) as links,
      (select json_agg(json_build_object('id', g.id, 'name', g.name, 'min_select', g.min_select,
                                         'max_select', g.max_select, 'is_required', g.is_required))
         from menu.modifier_groups g
        where g.tenant_id = ${tenantId} and g.deleted_at is null) as groups,
      (select json_agg(json_build_object('id', o.id, 'group_id', o.group_id, 'name', o.name,
                                         'price_delta', o.price_delta, 'opens_group_id', o.opens_group_id,
                                         'position', o.position)
                       order by o.position, o.id)
         from menu.modifier_options o
        where o.tenant_id = ${tenantId} and o.deleted_at is null) as options
    `,
  );
  const draft = rows!;
  const variantsByItem = new Map<string, MenuSnapshot['categories'][number]['items'][number]['variants']>();
  for (const variant of draft.variants ?? []) {
    const list = variantsByItem.get(variant.item_id) ?? [];
    list.push({ id: variant.id, name: variant.name, price: variant.price, position: variant.position });
    variantsByItem.set(variant.item_id, list);
  }
  const groupsById = new Map((draft.groups ?? []).map((group) => [group.id, group]));
  const groupsByItem = new Map<string, string[]>();
  for (const link of draft.links ?? []) {
    if (!groupsById.has(link.group_id)) continue;
    const list = groupsByItem.get(link.item_id) ?? [];
    list.push(link.group_id);
    groupsByItem.set(link.item_id, list);
  }
  const optionsByGroup = new Map<string, MenuSnapshot['modifier_groups'][number]['options']>();
  for (const option of draft.options ?? []) {
    if (!groupsById.has(option.group_id)) continue;
    const list = optionsByGroup.get(option.group_id) ?? [];
    list.push({
      id: option.id,
      group_id: option.group_id,
      name: option.name,
      price_delta: option.price_delta,
      opens_group_id:
        option.opens_group_id && groupsById.has(option.opens_group_id) ? option.opens_group_id : null,
      position: option.position,
    });
    optionsByGroup.set(option.group_id, list);
  }

  const items = draft.items ?? [];
  const categories = (draft.categories ?? []).map((category) => ({
    id: category.id,
    name: category.name,
    description: category.description,
    position: category.position,
    items: items
      .filter((item) => item.category_id === category.id)
      .map((item) => ({
        ...item,
        variants: variantsByItem.get(item.id) ?? [],
        modifier_group_ids: groupsByItem.get(item.id) ?? [],
      })),
  }));

  // The groups items offer, in first-offered order, then those options open (nested).
  const offered = [...new Set(categories.flatMap((c) => c.items.flatMap((item) => item.modifier_group_ids)))];
  const edges = new Map(
    [...optionsByGroup].map(([groupId, options]) => [
      groupId,
      options.flatMap((option) => (option.opens_group_id ? [option.opens_group_id] : [])),
    ]),
  );
  const modifierGroups = [...offered, ...reachableGroups(edges, offered)].map((id) => {
    const group = groupsById.get(id)!;
    return {
      id,
      name: group.name,
      min_select: group.min_select,
      max_select: group.max_select,
      is_required: group.is_required,
      options: optionsByGroup.get(id) ?? [],
    };
  });
  return { categories, modifier_groups: modifierGroups };
}

const lockPublishing = (tx: Tx, tenantId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`menu.publishing:${tenantId}`}))`);

async function liveVersionOf(tx: Tx, tenantId: string): Promise<number | null> {
  const [row] = await tx
    .select({ version: liveVersion.version })
    .from(liveVersion)
    .where(eq(liveVersion.tenantId, tenantId));
  return row?.version ?? null;
}

type VersionRow = Pick<typeof versions.$inferSelect, 'version' | 'publishedAt' | 'publishedBy' | 'note'>;

const toVersion = (row: VersionRow, live: number | null): MenuVersion => ({
  version: row.version,
  published_at: row.publishedAt.toISOString(),
  published_by: row.publishedBy,
  note: row.note,
  is_live: row.version === live,
});

const summary = {
  version: versions.version,
  publishedAt: versions.publishedAt,
  publishedBy: versions.publishedBy,
  note: versions.note,
};

/** Points the restaurant's live menu at `version`, recording how, when and by whom. */
async function makeLive(
  tx: Tx,
  tenantId: string,
  change: { version: number; action: 'published' | 'restored'; at: Date; by: string | null },
) {
  const live = {
    version: change.version,
    madeLiveByAction: change.action,
    madeLiveAt: change.at,
    madeLiveBy: change.by,
  };
  await tx
    .insert(liveVersion)
    .values({ tenantId, ...live })
    .onConflictDoUpdate({ target: liveVersion.tenantId, set: live });
}

/** Publishing the draft as immutable versions, listing them, and rolling back to one. */
export function createPublishing(db: Database, clock: Clock, publish: Publish): PublishingService {
  const notFound = (version: number) =>
    fail('menu_version_not_found', `No published menu version ${version}.`);

  return {
    async publishMenu(ctx, input) {
      const tenantId = tenantOf(ctx);
      const { note } = publishMenuSchema.parse(input);
      return contextTx(db, ctx, async (tx) => {
        await lockPublishing(tx, tenantId);
        const snapshot = await readDraft(tx, tenantId);
        const [last] = await tx
          .select({ next: sql<number>`coalesce(max(${versions.version}), 0)::int + 1` })
          .from(versions)
          .where(eq(versions.tenantId, tenantId));
        const version = last!.next;
        const now = clock.now();
        const row = {
          tenantId,
          version,
          publishedAt: now,
          publishedBy: ctx.actor.id,
          note: note ?? null,
          snapshot,
        };
        await tx.insert(versions).values(row);
        await makeLive(tx, tenantId, { version, action: 'published', at: now, by: ctx.actor.id });
        await publish(
          tx,
          ctx,
          menuEvents.versionPublished,
          {
            version,
            note: row.note,
            published_by: ctx.actor.id,
            item_count: snapshot.categories.reduce((sum, category) => sum + category.items.length, 0),
          },
          { aggregateId: tenantId },
        );
        return toVersion(row, version);
      });
    },

    async listMenuVersions(ctx, input) {
      const tenantId = tenantOf(ctx);
      const query = listMenuVersionsSchema.parse(input);
      const before = cursorAfter(query.cursor, z.number().int());
      return contextTx(db, ctx, async (tx) => {
        const live = await liveVersionOf(tx, tenantId);
        const rows = await tx
          .select(summary)
          .from(versions)
          .where(
            and(
              eq(versions.tenantId, tenantId),
              before === undefined ? undefined : lt(versions.version, before),
            ),
          )
          .orderBy(desc(versions.version))
          .limit(query.limit + 1);
        const page = rows.slice(0, query.limit);
        const last = page.at(-1);
        return {
          data: page.map((row) => toVersion(row, live)),
          next_cursor: rows.length > query.limit && last ? encodeCursor(last.version) : null,
        };
      });
    },

    async getMenuVersion(ctx, { version }) {
      const tenantId = tenantOf(ctx);
      return contextTx(db, ctx, async (tx) => {
        const [row] = await tx
          .select()
          .from(versions)
          .where(and(eq(versions.tenantId, tenantId), eq(versions.version, version)));
        if (!row) throw notFound(version);
        const live = await liveVersionOf(tx, tenantId);
        return { ...toVersion(row, live), snapshot: row.snapshot as MenuSnapshot };
      });
    },

    async restoreMenuVersion(ctx, { version }) {
      const tenantId = tenantOf(ctx);
      return contextTx(db, ctx, async (tx) => {
        await lockPublishing(tx, tenantId);
        const [row] = await tx
          .select(summary)
          .from(versions)
          .where(and(eq(versions.tenantId, tenantId), eq(versions.version, version)));
        if (!row) throw notFound(version);
        const current = await liveVersionOf(tx, tenantId);
        if (current === version) return toVersion(row, current);
        const now = clock.now();
        await makeLive(tx, tenantId, { version, action: 'restored', at: now, by: ctx.actor.id });
        await publish(
          tx,
          ctx,
          menuEvents.versionRestored,
          { version, restored_from: current, restored_by: ctx.actor.id },
          { aggregateId: tenantId },
        );
        return toVersion(row, version);
      });
    },
  };
}
