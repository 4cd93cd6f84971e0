import { contextTx, type Database } from '@brigade/db';
import { z } from 'zod';
import type { MenuService, PricingGroup } from './contract/index.js';
import { reachableGroups } from './domain/modifier-rules.js';
import type { LiveMenus } from './live-menu.js';
import { tenantOf } from './support.js';

const inputSchema = z.object({ item_ids: z.array(z.uuid()).min(1).max(200) });

/**
 * What orders price a cart with (MenuService.getItemsForPricing): the live published version,
 * never the draft, overlaid with availability as it is now (an 86 needs no publishing).
 */
export function createPricing(db: Database, liveMenus: LiveMenus): Pick<MenuService, 'getItemsForPricing'> {
  return {
    async getItemsForPricing(ctx, input) {
      const tenantId = tenantOf(ctx);
      const ids = [...new Set(inputSchema.parse(input).item_ids)];
      return contextTx(db, ctx, async (tx) => {
        const current = await liveMenus.current(tx, tenantId);
        if (!current) return { items: [], missing_ids: ids };
        const { live, off } = current;
        const groupOf = (groupId: string): PricingGroup[] => {
          const group = live.groups.get(groupId);
          if (!group) return [];
          return [
            {
              id: group.id,
              name: group.name,
              min_select: group.min_select,
              max_select: group.max_select,
              is_required: group.is_required,
              options: group.options.map((option) => ({
                id: option.id,
                group_id: option.group_id,
                name: option.name,
                price_delta: option.price_delta,
                is_available: !off.options.has(option.id),
                opens_group_id: option.opens_group_id,
              })),
            },
          ];
        };
        return {
          items: ids.flatMap((id) => {
            const item = live.items.get(id);
            if (!item) return [];
            return [
              {
                id: item.id,
                category_id: item.category_id,
                name: item.name,
                price: item.price,
                tax_category: item.tax_category,
                station: item.station,
                prep_time_seconds: item.prep_time_seconds,
                is_available: !off.items.has(item.id),
                variants: item.variants.map((variant) => ({
                  id: variant.id,
                  name: variant.name,
                  price: variant.price,
                  is_available: !off.variants.has(variant.id),
                })),
                modifier_groups: item.modifier_group_ids.flatMap(groupOf),
                nested_modifier_groups: reachableGroups(live.edges, item.modifier_group_ids).flatMap(groupOf),
              },
            ];
          }),
          missing_ids: ids.filter((id) => !live.items.has(id)),
        };
      });
    },
  };
}
