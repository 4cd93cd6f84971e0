import { contextTx, type Database, type Tx } from '@brigade/db';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { MenuService, PricingGroup } from './contract/index.js';
import { groupIdsOf, optionsOf, variantsOf } from './db/rows.js';
import { items, modifierGroups } from './db/tables.js';
import { reachableGroups } from './domain/modifier-rules.js';
import { tenantOf } from './support.js';

const inputSchema = z.object({ item_ids: z.array(z.uuid()).min(1).max(200) });

/** Loads the live groups `ids` and, transitively, every group their options open. */
async function groupClosure(tx: Tx, tenantId: string, ids: string[]) {
  const groups = new Map<string, PricingGroup>();
  const edges = new Map<string, string[]>();
  let wanted = [...new Set(ids)];
  while (wanted.length > 0) {
    const rows = await tx
      .select()
      .from(modifierGroups)
      .where(
        and(
          eq(modifierGroups.tenantId, tenantId),
          inArray(modifierGroups.id, wanted),
          isNull(modifierGroups.deletedAt),
        ),
      );
    const options = await optionsOf(
      tx,
      tenantId,
      rows.map((row) => row.id),
    );
    const next = new Set<string>();
    for (const row of rows) {
      const own = options.get(row.id) ?? [];
      groups.set(row.id, {
        id: row.id,
        name: row.name,
        min_select: row.minSelect,
        max_select: row.maxSelect,
        is_required: row.isRequired,
        options: own.map((option) => ({
          id: option.id,
          group_id: option.groupId,
          name: option.name,
          price_delta: option.priceDelta,
          is_available: option.isAvailable,
          opens_group_id: option.opensGroupId,
        })),
      });
      const opened = own.flatMap((option) => (option.opensGroupId ? [option.opensGroupId] : []));
      edges.set(row.id, opened);
      for (const id of opened) if (!groups.has(id)) next.add(id);
    }
    wanted = [...next];
  }
  return { groups, edges };
}

/** What orders price a cart with (MenuService.getItemsForPricing). */
export function createPricing(db: Database): Pick<MenuService, 'getItemsForPricing'> {
  return {
    async getItemsForPricing(ctx, input) {
      const tenantId = tenantOf(ctx);
      const ids = [...new Set(inputSchema.parse(input).item_ids)];
      return contextTx(db, ctx, async (tx) => {
        const rows = await tx
          .select()
          .from(items)
          .where(and(eq(items.tenantId, tenantId), inArray(items.id, ids), isNull(items.deletedAt)));
        const found = new Map(rows.map((row) => [row.id, row]));
        const variantMap = await variantsOf(tx, tenantId, [...found.keys()]);
        const groupMap = await groupIdsOf(tx, tenantId, [...found.keys()]);
        const { groups, edges } = await groupClosure(tx, tenantId, [...groupMap.values()].flat());
        const present = ids.flatMap((id) => {
          const row = found.get(id);
          return row ? [row] : [];
        });
        return {
          items: present.map((row) => {
            const attached = groupMap.get(row.id) ?? [];
            const pick = (groupIds: string[]) =>
              groupIds.flatMap((groupId) => {
                const group = groups.get(groupId);
                return group ? [group] : [];
              });
            return {
              id: row.id,
              category_id: row.categoryId,
              name: row.name,
              price: row.price,
              tax_category: row.taxCategory,
              station: row.station,
              prep_time_seconds: row.prepTimeSeconds,
              is_available: row.isAvailable,
              variants: (variantMap.get(row.id) ?? []).map((variant) => ({
                id: variant.id,
                name: variant.name,
                price: variant.price,
              })),
              modifier_groups: pick(attached),
              nested_modifier_groups: pick(reachableGroups(edges, attached)),
            };
          }),
          missing_ids: ids.filter((id) => !found.has(id)),
        };
      });
    },
  };
}
