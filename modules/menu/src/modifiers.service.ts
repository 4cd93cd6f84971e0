import { contextTx, type Database, escapeLike, type Tx } from '@brigade/db';
import { cursorAfter, encodeCursor } from '@brigade/http';
import { type Clock, newId, type RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, asc, eq, gt, ilike, inArray, isNull, ne, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  createModifierGroupSchema,
  menuErrors as fail,
  listModifierGroupsSchema,
  type MenuService,
  type ModifierGroup,
  menuEvents,
  updateModifierGroupSchema,
} from './contract/index.js';
import { syncOptions as syncGroupOptions } from './db/modifier-writes.js';
import { optionsOf, toGroups, toOption } from './db/rows.js';
import {
  itemModifierGroups,
  items,
  type ModifierGroupRow,
  modifierGroups,
  modifierOptions,
} from './db/tables.js';
import { findCycle, isSatisfiable, resolveSelection, type SelectionInput } from './domain/modifier-rules.js';
import { lockModifierGraph, tenantOf } from './support.js';

type ModifiersService = Pick<
  MenuService,
  | 'createModifierGroup'
  | 'getModifierGroup'
  | 'listModifierGroups'
  | 'updateModifierGroup'
  | 'deleteModifierGroup'
  | 'setOptionAvailability'
>;

interface OptionInput {
  id?: string | undefined;
  name: string;
  price_delta: number;
  opens_group_id: string | null;
  is_available?: boolean | undefined;
}

function rulesOrFail(current: ModifierGroupRow | null, input: SelectionInput) {
  const resolved = resolveSelection(
    current && {
      min_select: current.minSelect,
      max_select: current.maxSelect,
      is_required: current.isRequired,
    },
    input,
  );
  if (!resolved.ok) {
    throw fail('invalid_modifier_rules', 'The selection rules of the modifier group contradict each other.', {
      errors: resolved.errors,
    });
  }
  return resolved.rules;
}

export function createModifiers(db: Database, clock: Clock, publish: Publish): ModifiersService {
  const notFound = (id: string) => fail('modifier_group_not_found', `No modifier group ${id}.`);
  const live = (tenantId: string, id: string) =>
    and(eq(modifierGroups.tenantId, tenantId), eq(modifierGroups.id, id), isNull(modifierGroups.deletedAt));

  async function loadGroup(tx: Tx, tenantId: string, id: string): Promise<ModifierGroup> {
    const [row] = await tx.select().from(modifierGroups).where(live(tenantId, id));
    if (!row) throw notFound(id);
    return (await toGroups(tx, tenantId, [row]))[0]!;
  }

  /**
   * The groups options open must exist, and none may lead back to `groupId`: checked over the
   * whole restaurant's graph with this group's options replaced by `wanted`.
   */
  async function assertOpenedGroups(tx: Tx, tenantId: string, groupId: string, wanted: OptionInput[]) {
    const opened = [
      ...new Set(wanted.flatMap((option) => (option.opens_group_id ? [option.opens_group_id] : []))),
    ];
    if (opened.includes(groupId)) {
      throw fail('modifier_cycle', 'An option cannot open the group it belongs to.', {
        errors: [{ field: 'options', message: 'an option opens its own group' }],
        details: { cycle: [groupId, groupId] },
      });
    }
    if (opened.length === 0) return;
    const found = await tx
      .select({ id: modifierGroups.id })
      .from(modifierGroups)
      .where(
        and(
          eq(modifierGroups.tenantId, tenantId),
          inArray(modifierGroups.id, opened),
          isNull(modifierGroups.deletedAt),
        ),
      )
      .for('share');
    const known = new Set(found.map((row) => row.id));
    const missing = opened.filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw fail('unknown_modifier_group', `No modifier group ${missing.join(', ')} for an option to open.`, {
        errors: [{ field: 'options', message: 'opens_group_id names no modifier group' }],
        details: { missing_ids: missing },
      });
    }
    const edges = new Map<string, Set<string>>([[groupId, new Set(opened)]]);
    const others = await tx
      .select({ groupId: modifierOptions.groupId, opens: modifierOptions.opensGroupId })
      .from(modifierOptions)
      .innerJoin(
        modifierGroups,
        and(
          eq(modifierGroups.tenantId, modifierOptions.tenantId),
          eq(modifierGroups.id, modifierOptions.groupId),
        ),
      )
      .where(
        and(
          eq(modifierOptions.tenantId, tenantId),
          ne(modifierOptions.groupId, groupId),
          isNull(modifierOptions.deletedAt),
          isNull(modifierGroups.deletedAt),
        ),
      );
    for (const edge of others) {
      if (!edge.opens) continue;
      const set = edges.get(edge.groupId) ?? new Set<string>();
      set.add(edge.opens);
      edges.set(edge.groupId, set);
    }
    const cycle = findCycle(edges, groupId);
    if (cycle) {
      throw fail('modifier_cycle', 'These options would open groups in a loop.', {
        errors: [{ field: 'options', message: 'opens_group_id makes a loop' }],
        details: { cycle },
      });
    }
  }

  /** Makes the group's live options exactly `wanted`, in order. Returns whether anything changed. */
  async function syncOptions(tx: Tx, tenantId: string, groupId: string, wanted: OptionInput[]) {
    const current = (await optionsOf(tx, tenantId, [groupId])).get(groupId) ?? [];
    const byId = new Map(current.map((option) => [option.id, option]));
    const unknown = wanted.filter((option) => option.id !== undefined && !byId.has(option.id));
    if (unknown.length > 0) {
      throw fail(
        'unknown_option',
        `Option ${unknown.map((o) => o.id).join(', ')} is not one of this group's.`,
        {
          errors: [{ field: 'options', message: 'unknown option id' }],
        },
      );
    }
    const plan = wanted.map((option) => ({
      ...option,
      existing: option.id ? byId.get(option.id) : undefined,
    }));
    return syncGroupOptions(tx, tenantId, groupId, current, plan, clock.now());
  }

  /** Live items offering the group, and live options opening it. */
  async function usesOf(tx: Tx, tenantId: string, groupId: string) {
    const itemRows = await tx
      .select({ id: items.id })
      .from(itemModifierGroups)
      .innerJoin(
        items,
        and(eq(items.tenantId, itemModifierGroups.tenantId), eq(items.id, itemModifierGroups.itemId)),
      )
      .where(
        and(
          eq(itemModifierGroups.tenantId, tenantId),
          eq(itemModifierGroups.groupId, groupId),
          isNull(items.deletedAt),
        ),
      );
    const optionRows = await tx
      .select({ id: modifierOptions.id })
      .from(modifierOptions)
      .innerJoin(
        modifierGroups,
        and(
          eq(modifierGroups.tenantId, modifierOptions.tenantId),
          eq(modifierGroups.id, modifierOptions.groupId),
        ),
      )
      .where(
        and(
          eq(modifierOptions.tenantId, tenantId),
          eq(modifierOptions.opensGroupId, groupId),
          isNull(modifierOptions.deletedAt),
          isNull(modifierGroups.deletedAt),
        ),
      );
    return { itemIds: itemRows.map((row) => row.id), optionIds: optionRows.map((row) => row.id) };
  }

  return {
    async createModifierGroup(ctx, input) {
      const tenantId = tenantOf(ctx);
      const data = createModifierGroupSchema.parse(input);
      const rules = rulesOrFail(null, data);
      const now = clock.now();
      return contextTx(db, ctx, async (tx) => {
        await lockModifierGraph(tx, tenantId);
        const id = newId();
        await assertOpenedGroups(tx, tenantId, id, data.options);
        await tx.insert(modifierGroups).values({
          tenantId,
          id,
          name: data.name,
          minSelect: rules.min_select,
          maxSelect: rules.max_select,
          isRequired: rules.is_required,
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        await syncOptions(tx, tenantId, id, data.options);
        await publish(
          tx,
          ctx,
          menuEvents.modifierGroupCreated,
          { group_id: id, name: data.name },
          { aggregateId: id },
        );
        return loadGroup(tx, tenantId, id);
      });
    },

    async getModifierGroup(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      return contextTx(db, ctx, (tx) => loadGroup(tx, tenantId, id));
    },

    async listModifierGroups(ctx, input) {
      const tenantId = tenantOf(ctx);
      const query = listModifierGroupsSchema.parse(input);
      const after = cursorAfter(query.cursor, z.uuid());
      const filters: SQL[] = [eq(modifierGroups.tenantId, tenantId), isNull(modifierGroups.deletedAt)];
      if (after) filters.push(gt(modifierGroups.id, after));
      if (query.q) filters.push(ilike(modifierGroups.name, `%${escapeLike(query.q)}%`));
      return contextTx(db, ctx, async (tx) => {
        const rows = await tx
          .select()
          .from(modifierGroups)
          .where(and(...filters))
          .orderBy(asc(modifierGroups.id))
          .limit(query.limit + 1);
        const page = rows.slice(0, query.limit);
        const last = page.at(-1);
        return {
          data: await toGroups(tx, tenantId, page),
          next_cursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
        };
      });
    },

    async updateModifierGroup(ctx, { id, changes }) {
      const tenantId = tenantOf(ctx);
      const patch = updateModifierGroupSchema.parse(changes);
      return contextTx(db, ctx, async (tx) => {
        await lockModifierGraph(tx, tenantId);
        const [current] = await tx.select().from(modifierGroups).where(live(tenantId, id)).for('update');
        if (!current) throw notFound(id);
        const rules = rulesOrFail(current, patch);
        const changed: string[] = [];
        if (patch.options !== undefined) {
          await assertOpenedGroups(tx, tenantId, id, patch.options);
          if (await syncOptions(tx, tenantId, id, patch.options)) changed.push('options');
        }
        const optionCount = (await optionsOf(tx, tenantId, [id])).get(id)?.length ?? 0;
        if (!isSatisfiable(rules, optionCount)) {
          const uses = await usesOf(tx, tenantId, id);
          if (uses.itemIds.length > 0 || uses.optionIds.length > 0) {
            throw fail(
              'modifier_group_unsatisfiable',
              `The group would ask for ${rules.min_select} choice(s) from ${optionCount} option(s), and items offer it.`,
              {
                errors: [{ field: 'min_select', message: 'more than the options available' }],
                details: { item_ids: uses.itemIds, option_ids: uses.optionIds },
              },
            );
          }
        }
        if (patch.name !== undefined && patch.name !== current.name) changed.push('name');
        if (rules.min_select !== current.minSelect) changed.push('min_select');
        if (rules.max_select !== current.maxSelect) changed.push('max_select');
        if (rules.is_required !== current.isRequired) changed.push('is_required');
        if (changed.length === 0) return loadGroup(tx, tenantId, id);
        await tx
          .update(modifierGroups)
          .set({
            name: patch.name ?? current.name,
            minSelect: rules.min_select,
            maxSelect: rules.max_select,
            isRequired: rules.is_required,
            version: current.version + 1,
            updatedAt: clock.now(),
          })
          .where(live(tenantId, id));
        await publish(
          tx,
          ctx,
          menuEvents.modifierGroupUpdated,
          { group_id: id, version: current.version + 1, changed: changed.sort() },
          { aggregateId: id },
        );
        return loadGroup(tx, tenantId, id);
      });
    },

    async deleteModifierGroup(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      await contextTx(db, ctx, async (tx) => {
        await lockModifierGraph(tx, tenantId);
        const [current] = await tx.select().from(modifierGroups).where(live(tenantId, id)).for('update');
        if (!current) throw notFound(id);
        const uses = await usesOf(tx, tenantId, id);
        if (uses.itemIds.length > 0 || uses.optionIds.length > 0) {
          throw fail(
            'modifier_group_in_use',
            'Items offer this group or options open it; detach it from them first.',
            { details: { item_ids: uses.itemIds, option_ids: uses.optionIds } },
          );
        }
        const now = clock.now();
        await tx
          .update(modifierOptions)
          .set({ deletedAt: now, updatedAt: now })
          .where(
            and(
              eq(modifierOptions.tenantId, tenantId),
              eq(modifierOptions.groupId, id),
              isNull(modifierOptions.deletedAt),
            ),
          );
        await tx.update(modifierGroups).set({ deletedAt: now, updatedAt: now }).where(live(tenantId, id));
        await publish(tx, ctx, menuEvents.modifierGroupDeleted, { group_id: id }, { aggregateId: id });
      });
    },

    async setOptionAvailability(ctx: RequestContext, { id, available }) {
      const tenantId = tenantOf(ctx);
      return contextTx(db, ctx, async (tx) => {
        const [option] = await tx
          .select()
          .from(modifierOptions)
          .where(
            and(
              eq(modifierOptions.tenantId, tenantId),
              eq(modifierOptions.id, id),
              isNull(modifierOptions.deletedAt),
            ),
          )
          .for('update');
        const [group] = option
          ? await tx
              .select({ id: modifierGroups.id })
              .from(modifierGroups)
              .where(live(tenantId, option.groupId))
          : [];
        if (!option || !group) throw fail('modifier_option_not_found', `No modifier option ${id}.`);
        if (option.isAvailable === available) return toOption(option);
        const [updated] = await tx
          .update(modifierOptions)
          .set({ isAvailable: available, updatedAt: clock.now() })
          .where(and(eq(modifierOptions.tenantId, tenantId), eq(modifierOptions.id, id)))
          .returning();
        await publish(
          tx,
          ctx,
          menuEvents.optionAvailabilityChanged,
          { option_id: id, group_id: option.groupId, name: option.name, is_available: available },
          { aggregateId: option.groupId },
        );
        return toOption(updated!);
      });
    },
  };
}
