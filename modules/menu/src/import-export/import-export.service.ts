import { contextTx, type Database, isUniqueViolation, type Tx } from '@brigade/db';
import { type Clock, type FieldError, newId, type RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import type { TenantsService } from '@brigade/tenants';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  type ImportCounts,
  type MenuDocument,
  type MenuImportExport,
  type MenuImportInput,
  type MenuImportSummary,
  maxImportItems,
  menuDocumentFormat,
  menuImportErrors,
} from '../contract/import-export.js';
import { menuEvents } from '../contract/index.js';
import {
  afterItemUpdate,
  itemFieldChanges,
  newItemRow,
  newVariantRow,
  priceHistoryRow,
  publishItemCreated,
  setItemGroups,
  syncVariants,
} from '../db/item-writes.js';
import { syncOptions } from '../db/modifier-writes.js';
import { groupIdsOf, optionsOf, toGroups, toItems, variantsOf } from '../db/rows.js';
import {
  type CategoryRow,
  categories,
  type ItemRow,
  itemModifierGroups,
  items,
  type ModifierGroupRow,
  type ModifierOptionRow,
  modifierGroups,
  modifierOptions,
  priceHistory,
  type VariantRow,
  variants,
} from '../db/tables.js';
import { findCycle, isSatisfiable } from '../domain/modifier-rules.js';
import { lockModifierGraph, tenantOf } from '../support.js';
import {
  collectCsv,
  collectJson,
  type ImportedItem,
  type ImportInput,
  type ItemValues,
  nameKey,
} from './import-input.js';
import { menuToCsv } from './menu-csv.js';
import { currencyExponent } from './money-text.js';

const invalid = (errors: FieldError[]) =>
  menuImportErrors('import_invalid', `The file has ${errors.length} problem(s); nothing was imported.`, {
    errors,
  });

const rowOf = (field: string) => Number(/^row (\d+)/.exec(field)?.[1] ?? Number.POSITIVE_INFINITY);
/** CSV errors in row order (a stable sort: JSON paths keep the order they were found in). */
const sortByRow = (errors: FieldError[]) =>
  errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => rowOf(a.error.field) - rowOf(b.error.field) || a.index - b.index)
    .map(({ error }) => error);

/** Thrown to roll a dry run back after it did (and counted) everything. */
class DryRun extends Error {
  constructor(readonly summary: MenuImportSummary) {
    super('dry run');
  }
}

interface MenuState {
  categories: CategoryRow[];
  items: ItemRow[];
  variants: Map<string, VariantRow[]>;
  links: Map<string, string[]>;
  groups: ModifierGroupRow[];
  options: Map<string, ModifierOptionRow[]>;
}

const byName = <T extends { name: string }>(rows: T[]) => {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = nameKey(row.name);
    map.set(key, [...(map.get(key) ?? []), row]);
  }
  return map;
};

/** Rows per multi-row INSERT: well under PostgreSQL's 65535 parameters for the widest table. */
const insertChunk = 500;

const zero = (): ImportCounts => ({ categories: 0, items: 0, modifier_groups: 0 });

async function loadState(tx: Tx, tenantId: string): Promise<MenuState> {
  const categoryRows = await tx
    .select()
    .from(categories)
    .where(and(eq(categories.tenantId, tenantId), isNull(categories.deletedAt)))
    .orderBy(asc(categories.position), asc(categories.id));
  const itemRows = await tx
    .select()
    .from(items)
    .where(and(eq(items.tenantId, tenantId), isNull(items.deletedAt)))
    .orderBy(asc(items.position), asc(items.id));
  const groupRows = await tx
    .select()
    .from(modifierGroups)
    .where(and(eq(modifierGroups.tenantId, tenantId), isNull(modifierGroups.deletedAt)))
    .orderBy(asc(modifierGroups.id));
  const itemIds = itemRows.map((row) => row.id);
  return {
    categories: categoryRows,
    items: itemRows,
    variants: await variantsOf(tx, tenantId, itemIds),
    links: await groupIdsOf(tx, tenantId, itemIds),
    groups: groupRows,
    options: await optionsOf(
      tx,
      tenantId,
      groupRows.map((row) => row.id),
    ),
  };
}

/**
 * Bulk import and export of a restaurant's menu (issue 5 point 9). An import is checked in two
 * passes before anything is written: the file alone (import-input.ts), then against the
 * restaurant (tax categories, modifier groups, names already in the menu). A valid file is
 * written in one transaction with the usual per-entity menu events in the outbox.
 */
export function createMenuImportExport(
  db: Database,
  clock: Clock,
  publish: Publish,
  tenants: () => TenantsService,
): MenuImportExport {
  async function exportMenu(ctx: RequestContext): Promise<MenuDocument> {
    const tenantId = tenantOf(ctx);
    const restaurant = await tenants().getRestaurant(ctx, { id: tenantId });
    return contextTx(db, ctx, async (tx) => {
      const state = await loadState(tx, tenantId);
      const groups = await toGroups(tx, tenantId, state.groups);
      const groupName = new Map(groups.map((group) => [group.id, group.name]));
      const itemList = await toItems(tx, tenantId, state.items);
      return {
        format: menuDocumentFormat,
        version: 1,
        currency: restaurant.currency,
        exported_at: clock.now().toISOString(),
        restaurant: { name: restaurant.name, slug: restaurant.slug },
        categories: state.categories.map((category) => ({
          name: category.name,
          description: category.description,
          position: category.position,
          items: itemList
            .filter((item) => item.category_id === category.id)
            .map((item) => ({
              name: item.name,
              description: item.description,
              price: item.price,
              cost_price: item.cost_price,
              tax_category: item.tax_category,
              image_url: item.image_url,
              allergens: item.allergens,
              dietary_tags: item.dietary_tags,
              station: item.station,
              prep_time_seconds: item.prep_time_seconds,
              is_available: item.is_available,
              position: item.position,
              variants: item.variants.map((variant) => ({ name: variant.name, price: variant.price })),
              modifier_groups: item.modifier_group_ids.map((id) => groupName.get(id) ?? id),
            })),
        })),
        modifier_groups: groups.map((group) => ({
          name: group.name,
          min_select: group.min_select,
          max_select: group.max_select,
          is_required: group.is_required,
          options: group.options.map((option) => ({
            name: option.name,
            price_delta: option.price_delta,
            is_available: option.is_available,
            opens_group: option.opens_group_id ? (groupName.get(option.opens_group_id) ?? null) : null,
          })),
        })),
      };
    });
  }

  /** Every check that needs the restaurant's current menu; returns how names resolve. */
  function checkAgainst(state: MenuState, file: ImportInput, mode: 'upsert' | 'replace') {
    const errors: FieldError[] = [];
    const itemsByName = byName(state.items);
    const groupsByName = byName(state.groups);
    const fileGroups = new Map((file.groups ?? []).map((group) => [nameKey(group.name), group]));
    /** A group key: the id of a live group, or `new:<name>` for one the file creates. */
    const groupKey = (name: string): { key: string } | { error: string } => {
      const key = nameKey(name);
      const existing = groupsByName.get(key) ?? [];
      if (existing.length > 1) return { error: `${existing.length} modifier groups are named '${name}'` };
      if (existing[0]) return { key: existing[0].id };
      if (fileGroups.has(key)) return { key: `new:${key}` };
      return { error: `unknown modifier group '${name}'` };
    };
    const optionCount = (key: string) => {
      const group = [...fileGroups.values()].find(
        (candidate) =>
          `new:${nameKey(candidate.name)}` === key ||
          groupsByName.get(nameKey(candidate.name))?.[0]?.id === key,
      );
      if (group) return { min: group.rules.min_select, count: group.options.length, name: group.name };
      const row = state.groups.find((candidate) => candidate.id === key)!;
      return { min: row.minSelect, count: state.options.get(row.id)?.length ?? 0, name: row.name };
    };

    const matched = new Map<ImportedItem, ItemRow>();
    for (const item of file.items) {
      const existing = itemsByName.get(nameKey(item.name)) ?? [];
      if (existing.length > 1) {
        errors.push({
          field: `${item.at}.name`,
          message: `${existing.length} items in the menu are named '${item.name}'; rename them before importing`,
        });
        continue;
      }
      if (existing[0]) matched.set(item, existing[0]);
      else if (item.values.price === undefined) {
        errors.push({ field: `${item.at}.price`, message: 'required for a new item' });
      }
      for (const name of item.values.modifier_groups ?? []) {
        const resolved = groupKey(name);
        if ('error' in resolved) {
          errors.push({ field: `${item.at}.modifier_groups`, message: resolved.error });
          continue;
        }
        const group = optionCount(resolved.key);
        if (!isSatisfiable({ min_select: group.min }, group.count)) {
          errors.push({
            field: `${item.at}.modifier_groups`,
            message: `modifier group '${group.name}' asks for ${group.min} choice(s) but has ${group.count} option(s)`,
          });
        }
      }
    }

    // Modifier groups the file defines: what options open must exist, and never loop.
    const edges = new Map<string, Set<string>>();
    for (const row of state.groups) {
      edges.set(
        row.id,
        new Set(
          (state.options.get(row.id) ?? []).flatMap((option) =>
            option.opensGroupId ? [option.opensGroupId] : [],
          ),
        ),
      );
    }
    const fileKeys: { at: string; key: string }[] = [];
    for (const group of file.groups ?? []) {
      const own = groupKey(group.name);
      if ('error' in own) {
        errors.push({ field: `${group.at}.name`, message: own.error });
        continue;
      }
      const opens = new Set<string>();
      group.options.forEach((option, o) => {
        if (option.opens_group === null) return;
        const target = groupKey(option.opens_group);
        if ('error' in target)
          errors.push({ field: `${group.at}.options.${o}.opens_group`, message: target.error });
        else if (target.key === own.key) {
          errors.push({
            field: `${group.at}.options.${o}.opens_group`,
            message: 'an option cannot open its own group',
          });
        } else opens.add(target.key);
      });
      edges.set(own.key, opens);
      fileKeys.push({ at: group.at, key: own.key });
    }
    for (const { at, key } of fileKeys) {
      const cycle = findCycle(edges, key);
      if (cycle) {
        const names = cycle.map((id) =>
          id.startsWith('new:') ? fileGroups.get(id.slice(4))!.name : optionCount(id).name,
        );
        errors.push({
          field: `${at}.options`,
          message: `options would open groups in a loop: ${names.join(' → ')}`,
        });
        break;
      }
    }
    // A group the file makes unsatisfiable must not stay offered by an item that keeps its groups:
    // one the file does not name (upsert), or names without stating its groups.
    if (file.groups) {
      const restated = new Map(file.items.map((item) => [nameKey(item.name), item.values.modifier_groups]));
      for (const group of file.groups) {
        const row = groupsByName.get(nameKey(group.name))?.[0];
        if (!row || isSatisfiable(group.rules, group.options.length)) continue;
        const user = state.items.find((item) => {
          if (!(state.links.get(item.id) ?? []).includes(row.id)) return false;
          const key = nameKey(item.name);
          return restated.has(key) ? restated.get(key) === undefined : mode === 'upsert';
        });
        if (user) {
          errors.push({
            field: `${group.at}.min_select`,
            message: `item '${user.name}' offers this group, which would ask for more choices than it has options`,
          });
        }
      }
    }
    return { errors, matched, groupsByName };
  }

  const writer = { clock, publish };

  async function apply(
    tx: Tx,
    ctx: RequestContext,
    tenantId: string,
    state: MenuState,
    file: ImportInput,
    mode: 'upsert' | 'replace',
    resolved: ReturnType<typeof checkAgainst>,
  ): Promise<Omit<MenuImportSummary, 'dry_run'>> {
    const created = zero();
    const updated = zero();
    const deleted = zero();
    const now = clock.now();
    const groupIds = new Map<string, string>();
    for (const [key, rows] of resolved.groupsByName) if (rows.length === 1) groupIds.set(key, rows[0]!.id);

    // ---------------------------------------------------------------- modifier groups
    const groupEvents: { id: string; name: string; created: boolean; changed: string[]; version: number }[] =
      [];
    for (const group of file.groups ?? []) {
      const key = nameKey(group.name);
      const row = resolved.groupsByName.get(key)?.[0];
      if (!row) {
        const id = newId();
        groupIds.set(key, id);
        await tx.insert(modifierGroups).values({
          tenantId,
          id,
          name: group.name,
          minSelect: group.rules.min_select,
          maxSelect: group.rules.max_select,
          isRequired: group.rules.is_required,
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        groupEvents.push({ id, name: group.name, created: true, changed: [], version: 1 });
        continue;
      }
      const changed: string[] = [];
      if (row.name !== group.name) changed.push('name');
      if (row.minSelect !== group.rules.min_select) changed.push('min_select');
      if (row.maxSelect !== group.rules.max_select) changed.push('max_select');
      if (row.isRequired !== group.rules.is_required) changed.push('is_required');
      groupEvents.push({ id: row.id, name: group.name, created: false, changed, version: row.version });
    }
    for (const [g, group] of (file.groups ?? []).entries()) {
      const entry = groupEvents[g]!;
      const current = entry.created ? [] : (state.options.get(entry.id) ?? []);
      const currentByName = new Map(current.map((option) => [nameKey(option.name), option]));
      const optionsChanged = await syncOptions(
        tx,
        tenantId,
        entry.id,
        current,
        group.options.map((option) => ({
          existing: currentByName.get(nameKey(option.name)),
          name: option.name,
          price_delta: option.price_delta,
          opens_group_id: option.opens_group === null ? null : groupIds.get(nameKey(option.opens_group))!,
          is_available: option.is_available,
        })),
        now,
      );
      if (entry.created) {
        created.modifier_groups++;
        await publish(
          tx,
          ctx,
          menuEvents.modifierGroupCreated,
          { group_id: entry.id, name: entry.name },
          { aggregateId: entry.id },
        );
        continue;
      }
      if (optionsChanged) entry.changed.push('options');
      if (entry.changed.length === 0) continue;
      updated.modifier_groups++;
      await tx
        .update(modifierGroups)
        .set({
          name: group.name,
          minSelect: group.rules.min_select,
          maxSelect: group.rules.max_select,
          isRequired: group.rules.is_required,
          version: entry.version + 1,
          updatedAt: now,
        })
        .where(and(eq(modifierGroups.tenantId, tenantId), eq(modifierGroups.id, entry.id)));
      await publish(
        tx,
        ctx,
        menuEvents.modifierGroupUpdated,
        { group_id: entry.id, version: entry.version + 1, changed: entry.changed.sort() },
        { aggregateId: entry.id },
      );
    }

    // ---------------------------------------------------------------- categories
    const categoriesByName = byName(state.categories);
    const categoryIds = new Map<string, string>();
    let nextCategoryPosition = Math.max(-1, ...state.categories.map((row) => row.position)) + 1;
    for (const category of file.categories) {
      const key = nameKey(category.name);
      const row = categoriesByName.get(key)?.[0];
      if (!row) {
        const id = newId();
        const position = category.position ?? nextCategoryPosition++;
        await tx.insert(categories).values({
          tenantId,
          id,
          name: category.name,
          description: category.description ?? null,
          position,
          createdAt: now,
          updatedAt: now,
        });
        categoryIds.set(key, id);
        created.categories++;
        await publish(
          tx,
          ctx,
          menuEvents.categoryCreated,
          { category_id: id, name: category.name, position },
          { aggregateId: id },
        );
        continue;
      }
      categoryIds.set(key, row.id);
      const changes: Partial<CategoryRow> = {};
      if (row.name !== category.name) changes.name = category.name;
      if (category.description !== undefined && category.description !== row.description) {
        changes.description = category.description;
      }
      if (category.position !== undefined && category.position !== row.position)
        changes.position = category.position;
      if (Object.keys(changes).length === 0) continue;
      await tx
        .update(categories)
        .set({ ...changes, updatedAt: now })
        .where(and(eq(categories.tenantId, tenantId), eq(categories.id, row.id)));
      updated.categories++;
      await publish(
        tx,
        ctx,
        menuEvents.categoryUpdated,
        { category_id: row.id, changed: Object.keys(changes).sort() },
        { aggregateId: row.id },
      );
    }

    // ---------------------------------------------------------------- items
    const nextItemPosition = new Map<string, number>();
    for (const row of state.items) {
      nextItemPosition.set(
        row.categoryId,
        Math.max(nextItemPosition.get(row.categoryId) ?? 0, row.position + 1),
      );
    }
    const groupIdsFor = (names: string[]) => names.map((name) => groupIds.get(nameKey(name))!);
    const kept = new Set<string>();
    // New items go in with a few multi-row inserts (after the loop), not several statements each.
    const fresh = {
      items: [] as (typeof items.$inferInsert)[],
      variants: [] as (typeof variants.$inferInsert)[],
      prices: [] as (typeof priceHistory.$inferInsert)[],
      links: [] as (typeof itemModifierGroups.$inferInsert)[],
    };
    const firstPrice = (itemId: string, variantId: string | null, price: number) =>
      priceHistoryRow(ctx, tenantId, { itemId, variantId, oldPrice: null, newPrice: price }, now);
    for (const item of file.items) {
      const categoryId = categoryIds.get(nameKey(item.category))!;
      const values = item.values;
      const row = resolved.matched.get(item);
      if (!row) {
        const data: ItemValues = {
          description: null,
          price: values.price!,
          cost_price: null,
          tax_category: null,
          image_url: null,
          allergens: [],
          dietary_tags: [],
          station: null,
          prep_time_seconds: null,
          is_available: true,
          variants: [],
          modifier_groups: [],
          ...values,
          position: values.position ?? nextItemPosition.get(categoryId) ?? 0,
        };
        nextItemPosition.set(categoryId, Math.max(nextItemPosition.get(categoryId) ?? 0, data.position + 1));
        const id = newId();
        const newRow = newItemRow(
          tenantId,
          id,
          { categoryId, name: item.name, position: data.position, data },
          now,
        );
        fresh.items.push(newRow);
        fresh.prices.push(firstPrice(id, null, data.price));
        for (const [position, variant] of data.variants.entries()) {
          const variantId = newId();
          fresh.variants.push(
            newVariantRow(
              tenantId,
              id,
              { id: variantId, name: variant.name, price: variant.price, position },
              now,
            ),
          );
          fresh.prices.push(firstPrice(id, variantId, variant.price));
        }
        fresh.links.push(
          ...groupIdsFor(data.modifier_groups).map((groupId, position) => ({
            tenantId,
            itemId: id,
            groupId,
            position,
          })),
        );
        created.items++;
        await publishItemCreated(tx, writer, ctx, newRow);
        continue;
      }

      kept.add(row.id);
      const { fields, changed } = itemFieldChanges(row, {
        ...values,
        category_id: categoryId,
        name: item.name,
      });
      if (values.modifier_groups !== undefined) {
        const ids = groupIdsFor(values.modifier_groups);
        if (JSON.stringify(ids) !== JSON.stringify(state.links.get(row.id) ?? [])) {
          await setItemGroups(tx, tenantId, row.id, ids);
          changed.push('modifier_group_ids');
        }
      }
      if (values.variants !== undefined) {
        const current = state.variants.get(row.id) ?? [];
        const currentByName = new Map(current.map((variant) => [nameKey(variant.name), variant]));
        const plan = values.variants.map((variant) => ({
          existing: currentByName.get(nameKey(variant.name)),
          name: variant.name,
          price: variant.price,
        }));
        const variantsChanged = await syncVariants(tx, writer, ctx, tenantId, row.id, current, plan, now);
        if (variantsChanged) changed.push('variants');
      }
      const availability = values.is_available !== undefined && values.is_available !== row.isAvailable;
      if (changed.length === 0 && !availability) continue;
      updated.items++;
      const version = row.version + 1;
      await tx
        .update(items)
        .set({
          ...fields,
          ...(availability && { isAvailable: values.is_available }),
          version,
          updatedAt: now,
        })
        .where(and(eq(items.tenantId, tenantId), eq(items.id, row.id)));
      await afterItemUpdate(tx, writer, ctx, tenantId, { current: row, fields, version, changed });
      if (availability) {
        await publish(
          tx,
          ctx,
          menuEvents.itemAvailabilityChanged,
          {
            item_id: row.id,
            name: item.name,
            is_available: values.is_available!,
            station: fields.station !== undefined ? fields.station : row.station,
          },
          { aggregateId: row.id },
        );
      }
    }

    const inChunks = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
      for (let start = 0; start < rows.length; start += insertChunk) {
        await insert(rows.slice(start, start + insertChunk));
      }
    };
    await inChunks(fresh.items, (chunk) => tx.insert(items).values(chunk));
    await inChunks(fresh.variants, (chunk) => tx.insert(variants).values(chunk));
    await inChunks(fresh.prices, (chunk) => tx.insert(priceHistory).values(chunk));
    await inChunks(fresh.links, (chunk) => tx.insert(itemModifierGroups).values(chunk));

    // ---------------------------------------------------------------- replace: the rest goes
    if (mode === 'replace') {
      for (const row of state.items.filter((candidate) => !kept.has(candidate.id))) {
        await tx
          .update(items)
          .set({ deletedAt: now, updatedAt: now })
          .where(and(eq(items.tenantId, tenantId), eq(items.id, row.id)));
        deleted.items++;
        await publish(tx, ctx, menuEvents.itemDeleted, { item_id: row.id }, { aggregateId: row.id });
      }
      const namedCategories = new Set(categoryIds.values());
      for (const row of state.categories.filter((candidate) => !namedCategories.has(candidate.id))) {
        await tx
          .update(categories)
          .set({ deletedAt: now })
          .where(and(eq(categories.tenantId, tenantId), eq(categories.id, row.id)));
        deleted.categories++;
        await publish(tx, ctx, menuEvents.categoryDeleted, { category_id: row.id }, { aggregateId: row.id });
      }
      if (file.groups) {
        // Kept: the file's groups, those its items offer, and whatever their options open.
        const keep = new Set<string>(file.groups.map((group) => groupIds.get(nameKey(group.name))!));
        for (const item of file.items)
          for (const id of groupIdsFor(item.values.modifier_groups ?? [])) keep.add(id);
        for (const id of kept) for (const groupId of state.links.get(id) ?? []) keep.add(groupId);
        const queue = [...keep];
        while (queue.length > 0) {
          const id = queue.pop()!;
          const opened = await tx
            .select({ opens: modifierOptions.opensGroupId })
            .from(modifierOptions)
            .where(
              and(
                eq(modifierOptions.tenantId, tenantId),
                eq(modifierOptions.groupId, id),
                isNull(modifierOptions.deletedAt),
              ),
            );
          for (const { opens } of opened) {
            if (opens && !keep.has(opens)) {
              keep.add(opens);
              queue.push(opens);
            }
          }
        }
        const gone = state.groups.filter((row) => !keep.has(row.id)).map((row) => row.id);
        if (gone.length > 0) {
          await tx
            .update(modifierOptions)
            .set({ deletedAt: now, updatedAt: now })
            .where(
              and(
                eq(modifierOptions.tenantId, tenantId),
                inArray(modifierOptions.groupId, gone),
                isNull(modifierOptions.deletedAt),
              ),
            );
          await tx
            .update(modifierGroups)
            .set({ deletedAt: now, updatedAt: now })
            .where(and(eq(modifierGroups.tenantId, tenantId), inArray(modifierGroups.id, gone)));
          for (const id of gone) {
            deleted.modifier_groups++;
            await publish(tx, ctx, menuEvents.modifierGroupDeleted, { group_id: id }, { aggregateId: id });
          }
        }
      }
    }
    return { mode, created, updated, deleted };
  }

  async function importMenu(ctx: RequestContext, request: MenuImportInput): Promise<MenuImportSummary> {
    const tenantId = tenantOf(ctx);
    const restaurant = await tenants().getRestaurant(ctx, { id: tenantId });
    const exponent = currencyExponent(restaurant.currency);
    const { input: file, errors } =
      request.format === 'csv' ? collectCsv(request.csv, exponent) : collectJson(request.document);
    if (file.currency !== undefined && file.currency !== restaurant.currency) {
      errors.push({
        field: 'currency',
        message: `the file prices in ${file.currency}; this restaurant prices in ${restaurant.currency}`,
      });
    }
    if (file.items.length > maxImportItems) {
      throw invalid([{ field: '(file)', message: `at most ${maxImportItems} items per file; split it` }]);
    }
    const taxCategories = new Set(restaurant.tax.rates.map((rate) => rate.category));
    for (const item of file.items) {
      const category = item.values.tax_category;
      if (category !== undefined && category !== null && !taxCategories.has(category)) {
        errors.push({
          field: `${item.at}.tax_category`,
          message: `unknown tax category '${category}' (known: ${[...taxCategories].join(', ')})`,
        });
      }
    }
    if (
      errors.length === 0 &&
      file.items.length === 0 &&
      file.categories.length === 0 &&
      request.mode === 'replace'
    ) {
      errors.push({ field: '(file)', message: 'an empty file would delete the whole menu; refusing' });
    }
    try {
      return await contextTx(db, ctx, async (tx) => {
        await lockModifierGraph(tx, tenantId);
        const state = await loadState(tx, tenantId);
        // Rows that failed alone are not in `file`; the rest are checked against the menu, so
        // the answer lists every bad row at once.
        const resolved = checkAgainst(state, file, request.mode);
        const all = sortByRow([...errors, ...resolved.errors]);
        if (all.length > 0) throw invalid(all);
        const summary = await apply(tx, ctx, tenantId, state, file, request.mode, resolved);
        if (request.dry_run) throw new DryRun({ ...summary, dry_run: true });
        return { ...summary, dry_run: false };
      });
    } catch (error) {
      if (error instanceof DryRun) return error.summary;
      if (isUniqueViolation(error, 'categories_name_key')) {
        throw menuImportErrors(
          'import_conflict',
          'A category was created with one of these names while the import ran; nothing was imported. Retry.',
          { cause: error },
        );
      }
      throw error;
    }
  }

  return {
    exportMenu,
    async exportMenuCsv(ctx) {
      const document = await exportMenu(ctx);
      return {
        csv: menuToCsv(document, currencyExponent(document.currency)),
        currency: document.currency,
        exported_at: document.exported_at,
        restaurant: document.restaurant,
      };
    },
    importMenu,
  };
}
