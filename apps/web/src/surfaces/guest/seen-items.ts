import type { ModifierGroup, PublicMenu } from '../../ui/menu/types.js';

export interface SoldOutItem {
  id: string;
  name: string;
  category_id: string;
}

export interface GuestMenu {
  menu: PublicMenu;
  groups: Map<string, ModifierGroup>;
  /** Items this phone saw on the menu earlier that the live menu no longer offers (86'd). */
  soldOut: SoldOutItem[];
}

/**
 * The public menu leaves sold-out items out. So that a guest sees "sold out" rather than an
 * item silently vanishing, the items seen during this visit are remembered (per tab) and the
 * ones that disappear are shown as unavailable.
 */
export function rememberItems(menu: PublicMenu): GuestMenu {
  const key = `brigade.seen.${menu.restaurant.slug}`;
  let seen: Record<string, SoldOutItem> = {};
  try {
    seen = JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, SoldOutItem>;
  } catch {
    seen = {};
  }
  const live = new Set<string>();
  for (const category of menu.categories) {
    for (const item of category.items) {
      live.add(item.id);
      seen[item.id] = { id: item.id, name: item.name, category_id: category.id };
    }
  }
  try {
    sessionStorage.setItem(key, JSON.stringify(seen));
  } catch {
    // not remembered: sold-out items simply disappear
  }
  const categories = new Set(menu.categories.map((category) => category.id));
  return {
    menu,
    groups: new Map(menu.modifier_groups.map((group) => [group.id, group])),
    soldOut: Object.values(seen).filter((item) => !live.has(item.id) && categories.has(item.category_id)),
  };
}
