import type { RecipeKind } from './types.js';

export interface MenuItemSummary {
  id: string;
  name: string;
  variants: { id: string; name: string }[];
  modifier_group_ids: string[];
}

export interface ModifierGroupSummary {
  id: string;
  name: string;
  options: { id: string; name: string; opens_group_id: string | null }[];
}

export interface RecipeTarget {
  kind: RecipeKind;
  id: string;
  /** What the recipe is for, as staff read it ("Biryani · Half", "Spice level · Hot"). */
  title: string;
}

/**
 * Everything of a menu item that can carry a recipe: the item, each variant, and each option
 * of the groups it offers (and of the groups those options open), each group once.
 */
export function recipeTargets(item: MenuItemSummary, groups: ModifierGroupSummary[]): RecipeTarget[] {
  const targets: RecipeTarget[] = [{ kind: 'item', id: item.id, title: item.name }];
  for (const variant of item.variants)
    targets.push({ kind: 'variant', id: variant.id, title: `${item.name} · ${variant.name}` });
  const byId = new Map(groups.map((group) => [group.id, group]));
  const visited = new Set<string>();
  const pending = [...item.modifier_group_ids];
  while (pending.length > 0) {
    const group = byId.get(pending.shift()!);
    if (!group || visited.has(group.id)) continue;
    visited.add(group.id);
    for (const option of group.options) {
      targets.push({ kind: 'option', id: option.id, title: `${group.name} · ${option.name}` });
      if (option.opens_group_id) pending.push(option.opens_group_id);
    }
  }
  return targets;
}
