import type { Tx } from '@brigade/db';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Category, Item, ModifierGroup, ModifierOption, PriceChange } from '../contract/index.js';
import {
  type CategoryRow,
  type ItemRow,
  itemModifierGroups,
  type ModifierGroupRow,
  type ModifierOptionRow,
  modifierOptions,
  type PriceChangeRow,
  type VariantRow,
  variants,
} from './tables.js';

export function toCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    position: row.position,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function toOption(row: ModifierOptionRow): ModifierOption {
  return {
    id: row.id,
    group_id: row.groupId,
    name: row.name,
    price_delta: row.priceDelta,
    is_available: row.isAvailable,
    opens_group_id: row.opensGroupId,
    position: row.position,
  };
}

export function toPriceChange(row: PriceChangeRow): PriceChange {
  return {
    id: row.id,
    item_id: row.itemId,
    variant_id: row.variantId,
    old_price: row.oldPrice,
    new_price: row.newPrice,
    changed_by: row.changedBy,
    changed_at: row.changedAt.toISOString(),
  };
}

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/** Live variants of the given items, by item, in order. */
export async function variantsOf(
  tx: Tx,
  tenantId: string,
  itemIds: string[],
): Promise<Map<string, VariantRow[]>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(variants)
    .where(
      and(eq(variants.tenantId, tenantId), inArray(variants.itemId, itemIds), isNull(variants.deletedAt)),
    )
    .orderBy(asc(variants.position), asc(variants.id));
  return groupBy(rows, (row) => row.itemId);
}

/** The groups each item offers, by item, in order. */
export async function groupIdsOf(
  tx: Tx,
  tenantId: string,
  itemIds: string[],
): Promise<Map<string, string[]>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(itemModifierGroups)
    .where(and(eq(itemModifierGroups.tenantId, tenantId), inArray(itemModifierGroups.itemId, itemIds)))
    .orderBy(asc(itemModifierGroups.position));
  const map = new Map<string, string[]>();
  for (const [itemId, links] of groupBy(rows, (row) => row.itemId)) {
    map.set(
      itemId,
      links.map((link) => link.groupId),
    );
  }
  return map;
}

/** Live options of the given groups, by group, in order. */
export async function optionsOf(
  tx: Tx,
  tenantId: string,
  groupIds: string[],
): Promise<Map<string, ModifierOptionRow[]>> {
  if (groupIds.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(modifierOptions)
    .where(
      and(
        eq(modifierOptions.tenantId, tenantId),
        inArray(modifierOptions.groupId, groupIds),
        isNull(modifierOptions.deletedAt),
      ),
    )
    .orderBy(asc(modifierOptions.position), asc(modifierOptions.id));
  return groupBy(rows, (row) => row.groupId);
}

/** Items as the API shows them: with their variants and the groups they offer. */
export async function toItems(tx: Tx, tenantId: string, rows: ItemRow[]): Promise<Item[]> {
  const ids = rows.map((row) => row.id);
  const [variantMap, groupMap] = [await variantsOf(tx, tenantId, ids), await groupIdsOf(tx, tenantId, ids)];
  return rows.map((row) => ({
    id: row.id,
    category_id: row.categoryId,
    name: row.name,
    description: row.description,
    price: row.price,
    cost_price: row.costPrice,
    tax_category: row.taxCategory,
    image_url: row.imageUrl,
    allergens: row.allergens,
    dietary_tags: row.dietaryTags,
    station: row.station,
    prep_time_seconds: row.prepTimeSeconds,
    is_available: row.isAvailable,
    position: row.position,
    variants: (variantMap.get(row.id) ?? []).map((variant) => ({
      id: variant.id,
      name: variant.name,
      price: variant.price,
      position: variant.position,
      is_available: variant.isAvailable,
    })),
    modifier_group_ids: groupMap.get(row.id) ?? [],
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }));
}

export async function toGroups(tx: Tx, tenantId: string, rows: ModifierGroupRow[]): Promise<ModifierGroup[]> {
  const options = await optionsOf(
    tx,
    tenantId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    min_select: row.minSelect,
    max_select: row.maxSelect,
    is_required: row.isRequired,
    options: (options.get(row.id) ?? []).map(toOption),
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }));
}
