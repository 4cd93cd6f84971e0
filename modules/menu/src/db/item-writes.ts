import type { Tx } from '@brigade/db';
import { type Clock, newId, type RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, eq } from 'drizzle-orm';
import { menuEvents } from '../contract/index.js';
import { syncList } from './sync-list.js';
import { type ItemRow, itemModifierGroups, priceHistory, type VariantRow, variants } from './tables.js';

/**
 * Writes to an item and what hangs off it, inside the caller's transaction: shared by the item
 * service and the bulk import so both record prices and publish events the same way.
 */
export interface MenuWriter {
  clock: Clock;
  publish: Publish;
}

export interface PriceChangeInput {
  itemId: string;
  variantId: string | null;
  oldPrice: number | null;
  newPrice: number;
}

/** A price history row; a change (not a first price) also publishes `item.price_changed`. */
export async function recordPrice(
  tx: Tx,
  writer: MenuWriter,
  ctx: RequestContext,
  tenantId: string,
  change: PriceChangeInput,
) {
  await tx.insert(priceHistory).values(priceHistoryRow(ctx, tenantId, change, writer.clock.now()));
  if (change.oldPrice !== null) {
    await writer.publish(
      tx,
      ctx,
      menuEvents.itemPriceChanged,
      {
        item_id: change.itemId,
        variant_id: change.variantId,
        old_price: change.oldPrice,
        new_price: change.newPrice,
        changed_by: ctx.actor.id,
      },
      { aggregateId: change.itemId },
    );
  }
}

/** The price history row of a change, for callers that insert many at once. */
export function priceHistoryRow(
  ctx: RequestContext,
  tenantId: string,
  change: PriceChangeInput,
  changedAt: Date,
): typeof priceHistory.$inferInsert {
  return {
    tenantId,
    id: newId(),
    itemId: change.itemId,
    variantId: change.variantId,
    oldPrice: change.oldPrice,
    newPrice: change.newPrice,
    changedBy: ctx.actor.id,
    changedAt,
  };
}

/** What one of the item's variants should be: `existing` is the live variant it updates, if any. */
export interface VariantPlan {
  existing: VariantRow | undefined;
  name: string;
  price: number;
}

/**
 * Makes the item's live variants exactly `wanted`, in order: variants of `current` no plan keeps
 * are soft-deleted, the rest updated or inserted; price changes are recorded. Returns whether
 * anything changed.
 */
export async function syncVariants(
  tx: Tx,
  writer: MenuWriter,
  ctx: RequestContext,
  tenantId: string,
  itemId: string,
  current: VariantRow[],
  wanted: VariantPlan[],
  now: Date,
): Promise<boolean> {
  return syncList(current, wanted, {
    async remove(gone) {
      await tx
        .update(variants)
        .set({ deletedAt: now, updatedAt: now })
        .where(and(eq(variants.tenantId, tenantId), eq(variants.id, gone.id)));
    },
    async insert({ name, price }, position) {
      const id = newId();
      await tx.insert(variants).values(newVariantRow(tenantId, itemId, { id, name, price, position }, now));
      await recordPrice(tx, writer, ctx, tenantId, {
        itemId,
        variantId: id,
        oldPrice: null,
        newPrice: price,
      });
    },
    async update(existing, { name, price }, position) {
      if (existing.name === name && existing.price === price && existing.position === position) return false;
      await tx
        .update(variants)
        .set({ name, price, position, updatedAt: now })
        .where(and(eq(variants.tenantId, tenantId), eq(variants.id, existing.id)));
      if (existing.price !== price) {
        await recordPrice(tx, writer, ctx, tenantId, {
          itemId,
          variantId: existing.id,
          oldPrice: existing.price,
          newPrice: price,
        });
      }
      return true;
    },
  });
}

/** The row of a new variant. */
export function newVariantRow(
  tenantId: string,
  itemId: string,
  variant: { id: string; name: string; price: number; position: number },
  now: Date,
): typeof variants.$inferInsert {
  return { tenantId, itemId, ...variant, createdAt: now, updatedAt: now };
}

/** Replaces the groups the item offers with `groupIds`, in order. */
export async function setItemGroups(tx: Tx, tenantId: string, itemId: string, groupIds: string[]) {
  await tx
    .delete(itemModifierGroups)
    .where(and(eq(itemModifierGroups.tenantId, tenantId), eq(itemModifierGroups.itemId, itemId)));
  if (groupIds.length > 0) {
    await tx
      .insert(itemModifierGroups)
      .values(groupIds.map((groupId, position) => ({ tenantId, itemId, groupId, position })));
  }
}

/** The values of a new item, as the API and the import name them. */
export interface NewItemValues {
  description: string | null;
  price: number;
  cost_price: number | null;
  tax_category: string | null;
  image_url: string | null;
  allergens: string[];
  dietary_tags: string[];
  station: string | null;
  prep_time_seconds: number | null;
  is_available: boolean;
}

/** The row of a new item (version 1). */
export function newItemRow(
  tenantId: string,
  id: string,
  item: { categoryId: string; name: string; position: number; data: NewItemValues },
  now: Date,
): Omit<ItemRow, 'deletedAt'> {
  const { data } = item;
  return {
    tenantId,
    id,
    categoryId: item.categoryId,
    name: item.name,
    description: data.description,
    price: data.price,
    costPrice: data.cost_price,
    taxCategory: data.tax_category,
    imageUrl: data.image_url,
    allergens: data.allergens,
    dietaryTags: data.dietary_tags,
    station: data.station,
    prepTimeSeconds: data.prep_time_seconds,
    isAvailable: data.is_available,
    position: item.position,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export async function publishItemCreated(
  tx: Tx,
  writer: MenuWriter,
  ctx: RequestContext,
  row: Pick<ItemRow, 'id' | 'categoryId' | 'name' | 'price' | 'isAvailable' | 'station'>,
) {
  await writer.publish(
    tx,
    ctx,
    menuEvents.itemCreated,
    {
      item_id: row.id,
      category_id: row.categoryId,
      name: row.name,
      price: row.price,
      is_available: row.isAvailable,
      station: row.station,
    },
    { aggregateId: row.id },
  );
}

/** Item fields a change may set, as the API names them; undefined leaves a field alone. */
export type ItemFieldChanges = Partial<
  Omit<NewItemValues, 'is_available'> & { category_id: string; name: string; position: number }
>;

/** The columns `changes` really changes on `current`, and their wire names. */
export function itemFieldChanges(current: ItemRow, changes: ItemFieldChanges) {
  const fields: Partial<ItemRow> = {};
  const changed: string[] = [];
  const compare = <K extends keyof ItemRow>(key: K, wire: string, value: ItemRow[K] | undefined) => {
    if (value === undefined || JSON.stringify(value) === JSON.stringify(current[key])) return;
    fields[key] = value;
    changed.push(wire);
  };
  compare('categoryId', 'category_id', changes.category_id);
  compare('name', 'name', changes.name);
  compare('description', 'description', changes.description);
  compare('price', 'price', changes.price);
  compare('costPrice', 'cost_price', changes.cost_price);
  compare('taxCategory', 'tax_category', changes.tax_category);
  compare('imageUrl', 'image_url', changes.image_url);
  compare('allergens', 'allergens', changes.allergens);
  compare('dietaryTags', 'dietary_tags', changes.dietary_tags);
  compare('station', 'station', changes.station);
  compare('prepTimeSeconds', 'prep_time_seconds', changes.prep_time_seconds);
  compare('position', 'position', changes.position);
  return { fields, changed };
}

/**
 * After the item row got `fields` and `version`: records a base price change, and publishes
 * `item.updated` when `changed` names anything.
 */
export async function afterItemUpdate(
  tx: Tx,
  writer: MenuWriter,
  ctx: RequestContext,
  tenantId: string,
  update: { current: ItemRow; fields: Partial<ItemRow>; version: number; changed: string[] },
) {
  const { current, fields, version, changed } = update;
  if (fields.price !== undefined) {
    await recordPrice(tx, writer, ctx, tenantId, {
      itemId: current.id,
      variantId: null,
      oldPrice: current.price,
      newPrice: fields.price,
    });
  }
  if (changed.length > 0) {
    await writer.publish(
      tx,
      ctx,
      menuEvents.itemUpdated,
      { item_id: current.id, version, changed: changed.sort() },
      { aggregateId: current.id },
    );
  }
}
