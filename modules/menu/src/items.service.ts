import { contextTx, type Database, escapeLike, type Tx } from '@brigade/db';
import { cursorAfter, encodeCursor } from '@brigade/http';
import { type Clock, newId, type RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import type { TenantsService } from '@brigade/tenants';
import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  createItemSchema,
  menuErrors as fail,
  type Item,
  listItemsSchema,
  type MenuService,
  menuEvents,
  replaceItemSchema,
  updateItemSchema,
} from './contract/index.js';
import {
  afterItemUpdate,
  itemFieldChanges,
  newItemRow,
  publishItemCreated,
  recordPrice,
  setItemGroups,
  syncVariants as syncItemVariants,
} from './db/item-writes.js';
import { optionsOf, toItems, toPriceChange, variantsOf } from './db/rows.js';
import { categories, items, modifierGroups, priceHistory, variants } from './db/tables.js';
import { isSatisfiable } from './domain/modifier-rules.js';
import { tenantOf } from './support.js';

type ItemsService = Pick<
  MenuService,
  | 'createItem'
  | 'getItem'
  | 'listItems'
  | 'updateItem'
  | 'deleteItem'
  | 'setItemAvailability'
  | 'setVariantAvailability'
  | 'listPriceHistory'
>;

type VariantInput = { id?: string | undefined; name: string; price: number };

export function createItems(
  db: Database,
  clock: Clock,
  publish: Publish,
  tenants: () => TenantsService,
): ItemsService {
  const notFound = (id: string) => fail('item_not_found', `No menu item ${id}.`);
  const live = (tenantId: string, id: string) =>
    and(eq(items.tenantId, tenantId), eq(items.id, id), isNull(items.deletedAt));

  /** The category must exist; a shared lock keeps it from being deleted under the new item. */
  async function assertCategory(tx: Tx, tenantId: string, categoryId: string) {
    const [category] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(
        and(eq(categories.tenantId, tenantId), eq(categories.id, categoryId), isNull(categories.deletedAt)),
      )
      .for('share');
    if (!category) {
      throw fail('unknown_category', `There is no menu category ${categoryId}.`, {
        errors: [{ field: 'category_id', message: 'no such category' }],
      });
    }
  }

  /** A tax category must be one the restaurant taxes by (tenants' settings); null means its default. */
  async function assertTaxCategory(
    ctx: RequestContext,
    tenantId: string,
    category: string | null | undefined,
  ) {
    if (category === null || category === undefined) return;
    const restaurant = await tenants().getRestaurant(ctx, { id: tenantId });
    if (!restaurant.tax.rates.some((rate) => rate.category === category)) {
      throw fail('unknown_tax_category', `The restaurant has no tax category '${category}'.`, {
        errors: [{ field: 'tax_category', message: 'not one of the restaurant tax categories' }],
        details: { known: restaurant.tax.rates.map((rate) => rate.category) },
      });
    }
  }

  /** Every group must exist and be satisfiable (enough options to meet its minimum). */
  async function assertGroups(tx: Tx, tenantId: string, groupIds: string[]) {
    if (groupIds.length === 0) return;
    const rows = await tx
      .select()
      .from(modifierGroups)
      .where(
        and(
          eq(modifierGroups.tenantId, tenantId),
          inArray(modifierGroups.id, groupIds),
          isNull(modifierGroups.deletedAt),
        ),
      )
      .for('share');
    const found = new Set(rows.map((row) => row.id));
    const missing = groupIds.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw fail('unknown_modifier_group', `No modifier group ${missing.join(', ')}.`, {
        errors: [{ field: 'modifier_group_ids', message: 'no such modifier group' }],
        details: { missing_ids: missing },
      });
    }
    const options = await optionsOf(tx, tenantId, groupIds);
    const unsatisfiable = rows.filter(
      (row) => !isSatisfiable({ min_select: row.minSelect }, options.get(row.id)?.length ?? 0),
    );
    if (unsatisfiable.length > 0) {
      const names = unsatisfiable.map((row) => `'${row.name}'`).join(', ');
      throw fail(
        'modifier_group_unsatisfiable',
        `Modifier group ${names} asks for more choices than it has options; add options first.`,
        {
          errors: [{ field: 'modifier_group_ids', message: 'a group cannot be satisfied' }],
          details: { group_ids: unsatisfiable.map((row) => row.id) },
        },
      );
    }
  }

  const writer = { clock, publish };

  /** Makes the item's live variants exactly `wanted` (listed ids kept, absent ones deleted). */
  async function syncVariants(
    tx: Tx,
    ctx: RequestContext,
    tenantId: string,
    itemId: string,
    wanted: VariantInput[],
  ): Promise<boolean> {
    const current = (await variantsOf(tx, tenantId, [itemId])).get(itemId) ?? [];
    const byId = new Map(current.map((variant) => [variant.id, variant]));
    const unknown = wanted.filter((variant) => variant.id !== undefined && !byId.has(variant.id));
    if (unknown.length > 0) {
      throw fail(
        'unknown_variant',
        `Variant ${unknown.map((v) => v.id).join(', ')} is not one of this item's.`,
        {
          errors: [{ field: 'variants', message: 'unknown variant id' }],
        },
      );
    }
    const plan = wanted.map((variant) => ({
      existing: variant.id ? byId.get(variant.id) : undefined,
      name: variant.name,
      price: variant.price,
    }));
    return syncItemVariants(tx, writer, ctx, tenantId, itemId, current, plan, clock.now());
  }

  async function loadItem(tx: Tx, tenantId: string, id: string): Promise<Item> {
    const [row] = await tx.select().from(items).where(live(tenantId, id));
    if (!row) throw notFound(id);
    return (await toItems(tx, tenantId, [row]))[0]!;
  }

  return {
    async createItem(ctx, input) {
      const tenantId = tenantOf(ctx);
      const data = createItemSchema.parse(input);
      await assertTaxCategory(ctx, tenantId, data.tax_category);
      const now = clock.now();
      return contextTx(db, ctx, async (tx) => {
        await assertCategory(tx, tenantId, data.category_id);
        await assertGroups(tx, tenantId, data.modifier_group_ids);
        const position =
          data.position ??
          (
            await tx
              .select({ next: sql<number>`coalesce(max(${items.position}) + 1, 0)::int` })
              .from(items)
              .where(
                and(
                  eq(items.tenantId, tenantId),
                  eq(items.categoryId, data.category_id),
                  isNull(items.deletedAt),
                ),
              )
          )[0]!.next;
        const id = newId();
        const row = newItemRow(
          tenantId,
          id,
          { categoryId: data.category_id, name: data.name, position, data },
          now,
        );
        await tx.insert(items).values(row);
        await recordPrice(tx, writer, ctx, tenantId, {
          itemId: id,
          variantId: null,
          oldPrice: null,
          newPrice: data.price,
        });
        await syncVariants(tx, ctx, tenantId, id, data.variants);
        await setItemGroups(tx, tenantId, id, data.modifier_group_ids);
        await publishItemCreated(tx, writer, ctx, row);
        return loadItem(tx, tenantId, id);
      });
    },

    async getItem(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      return contextTx(db, ctx, (tx) => loadItem(tx, tenantId, id));
    },

    async listItems(ctx, input) {
      const tenantId = tenantOf(ctx);
      const query = listItemsSchema.parse(input);
      const after = cursorAfter(query.cursor, z.tuple([z.number().int(), z.uuid()]));
      const filters: SQL[] = [eq(items.tenantId, tenantId), isNull(items.deletedAt)];
      if (after) filters.push(sql`(${items.position}, ${items.id}) > (${after[0]}, ${after[1]}::uuid)`);
      if (query.category_id) filters.push(eq(items.categoryId, query.category_id));
      if (query.is_available !== undefined) filters.push(eq(items.isAvailable, query.is_available));
      if (query.tag) {
        filters.push(
          or(sql`${query.tag} = any(${items.dietaryTags})`, sql`${query.tag} = any(${items.allergens})`)!,
        );
      }
      if (query.q) filters.push(ilike(items.name, `%${escapeLike(query.q)}%`));
      return contextTx(db, ctx, async (tx) => {
        const rows = await tx
          .select()
          .from(items)
          .where(and(...filters))
          .orderBy(asc(items.position), asc(items.id))
          .limit(query.limit + 1);
        const page = rows.slice(0, query.limit);
        const last = page.at(-1);
        return {
          data: await toItems(tx, tenantId, page),
          next_cursor: rows.length > query.limit && last ? encodeCursor([last.position, last.id]) : null,
        };
      });
    },

    async updateItem(ctx, { id, changes, replace = false, expected_version }) {
      const tenantId = tenantOf(ctx);
      const patch = replace ? replaceItemSchema.parse(changes) : updateItemSchema.parse(changes);
      await assertTaxCategory(ctx, tenantId, patch.tax_category);
      return contextTx(db, ctx, async (tx) => {
        const [current] = await tx.select().from(items).where(live(tenantId, id)).for('update');
        if (!current) throw notFound(id);
        if (expected_version !== undefined && expected_version !== current.version) {
          throw fail('version_conflict', `The item changed (version ${current.version}); reload and retry.`, {
            details: { current_version: current.version },
          });
        }
        const before = (await toItems(tx, tenantId, [current]))[0]!;
        if (patch.category_id !== undefined && patch.category_id !== current.categoryId) {
          await assertCategory(tx, tenantId, patch.category_id);
        }
        const changed: string[] = [];
        if (patch.modifier_group_ids !== undefined) {
          if (JSON.stringify(patch.modifier_group_ids) !== JSON.stringify(before.modifier_group_ids)) {
            await assertGroups(tx, tenantId, patch.modifier_group_ids);
            await setItemGroups(tx, tenantId, id, patch.modifier_group_ids);
            changed.push('modifier_group_ids');
          }
        }
        if (patch.variants !== undefined && (await syncVariants(tx, ctx, tenantId, id, patch.variants))) {
          changed.push('variants');
        }
        const { fields, changed: fieldsChanged } = itemFieldChanges(current, patch);
        changed.push(...fieldsChanged);
        if (changed.length === 0) return before;
        await tx
          .update(items)
          .set({ ...fields, version: current.version + 1, updatedAt: clock.now() })
          .where(live(tenantId, id));
        await afterItemUpdate(tx, writer, ctx, tenantId, {
          current,
          fields,
          version: current.version + 1,
          changed,
        });
        return loadItem(tx, tenantId, id);
      });
    },

    async deleteItem(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      await contextTx(db, ctx, async (tx) => {
        const now = clock.now();
        const [deleted] = await tx
          .update(items)
          .set({ deletedAt: now, updatedAt: now })
          .where(live(tenantId, id))
          .returning({ id: items.id });
        if (!deleted) throw notFound(id);
        await publish(tx, ctx, menuEvents.itemDeleted, { item_id: id }, { aggregateId: id });
      });
    },

    async setItemAvailability(ctx, { id, available }) {
      const tenantId = tenantOf(ctx);
      return contextTx(db, ctx, async (tx) => {
        const [current] = await tx.select().from(items).where(live(tenantId, id)).for('update');
        if (!current) throw notFound(id);
        if (current.isAvailable !== available) {
          await tx
            .update(items)
            .set({ isAvailable: available, version: current.version + 1, updatedAt: clock.now() })
            .where(live(tenantId, id));
          await publish(
            tx,
            ctx,
            menuEvents.itemAvailabilityChanged,
            { item_id: id, name: current.name, is_available: available, station: current.station },
            { aggregateId: id },
          );
        }
        return loadItem(tx, tenantId, id);
      });
    },

    async setVariantAvailability(ctx, { id, available }) {
      const tenantId = tenantOf(ctx);
      return contextTx(db, ctx, async (tx) => {
        const [variant] = await tx
          .select()
          .from(variants)
          .where(and(eq(variants.tenantId, tenantId), eq(variants.id, id), isNull(variants.deletedAt)))
          .for('update');
        const [item] = variant
          ? await tx.select({ name: items.name }).from(items).where(live(tenantId, variant.itemId))
          : [];
        if (!variant || !item) throw fail('variant_not_found', `No variant ${id}.`);
        const itemName = item.name;
        if (variant.isAvailable !== available) {
          await tx
            .update(variants)
            .set({ isAvailable: available, updatedAt: clock.now() })
            .where(and(eq(variants.tenantId, tenantId), eq(variants.id, id)));
          await publish(
            tx,
            ctx,
            menuEvents.variantAvailabilityChanged,
            {
              variant_id: id,
              item_id: variant.itemId,
              name: variant.name,
              item_name: itemName,
              is_available: available,
            },
            { aggregateId: variant.itemId },
          );
        }
        return loadItem(tx, tenantId, variant.itemId);
      });
    },

    async listPriceHistory(ctx, { id, limit = 50, cursor }) {
      const tenantId = tenantOf(ctx);
      const before = cursorAfter(cursor, z.uuid());
      const size = z.number().int().min(1).max(200).parse(limit);
      return contextTx(db, ctx, async (tx) => {
        const [item] = await tx.select({ id: items.id }).from(items).where(live(tenantId, id));
        if (!item) throw notFound(id);
        const rows = await tx
          .select()
          .from(priceHistory)
          .where(
            and(
              eq(priceHistory.tenantId, tenantId),
              eq(priceHistory.itemId, id),
              before ? lt(priceHistory.id, before) : undefined,
            ),
          )
          .orderBy(desc(priceHistory.id))
          .limit(size + 1);
        const page = rows.slice(0, size);
        const last = page.at(-1);
        return {
          data: page.map(toPriceChange),
          next_cursor: rows.length > size && last ? encodeCursor(last.id) : null,
        };
      });
    },
  };
}
