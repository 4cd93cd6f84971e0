import { useQuery } from '@tanstack/react-query';
import type { StaffSession } from '../../../ui/staff.js';
import { fetchAll } from './fetch-helpers.js';
import { useLiveRefresh } from './live-refresh.js';

/** The draft menu as the staff API returns it (docs/api.md § Menu). Money in minor units. */
export interface Category {
  id: string;
  name: string;
  description: string | null;
  position: number;
}

export interface Variant {
  id: string;
  name: string;
  price: number;
  position: number;
}

export interface MenuItem {
  id: string;
  category_id: string;
  name: string;
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
  position: number;
  variants: Variant[];
  modifier_group_ids: string[];
  version: number;
}

export interface ModifierOption {
  id: string;
  group_id: string;
  name: string;
  price_delta: number;
  is_available: boolean;
  opens_group_id: string | null;
  position: number;
}

export interface ModifierGroup {
  id: string;
  name: string;
  min_select: number;
  max_select: number;
  is_required: boolean;
  options: ModifierOption[];
}

export interface MenuVersion {
  version: number;
  published_at: string;
  published_by: string | null;
  note: string | null;
  is_live: boolean;
}

export interface MenuSnapshot {
  categories: (Omit<Category, never> & {
    items: Omit<MenuItem, 'cost_price' | 'is_available' | 'version'>[];
  })[];
  modifier_groups: (Omit<ModifierGroup, 'options'> & {
    options: Omit<ModifierOption, 'is_available'>[];
  })[];
}

export interface PriceChange {
  id: string;
  variant_id: string | null;
  old_price: number | null;
  new_price: number;
  changed_by: string | null;
  changed_at: string;
}

/**
 * Query keys: every draft edit invalidates `menuKeys.all`; published versions live apart (a
 * version never changes; the list changes only by publish and restore).
 */
export const menuKeys = {
  all: ['menu'] as const,
  categories: ['menu', 'categories'] as const,
  items: ['menu', 'items'] as const,
  groups: ['menu', 'modifier-groups'] as const,
  versions: ['menu-versions', 'list'] as const,
  version: (version: number | undefined) => ['menu-versions', version] as const,
  priceHistory: (itemId: string) => ['menu', 'price-history', itemId] as const,
};

export function useCategories(session: StaffSession) {
  return useQuery({
    queryKey: menuKeys.categories,
    queryFn: async () =>
      (await fetchAll<Category>(session, '/menu/categories')).sort((a, b) => a.position - b.position),
  });
}

export function useMenuItems(session: StaffSession) {
  return useQuery({
    queryKey: menuKeys.items,
    queryFn: () => fetchAll<MenuItem>(session, '/menu/items'),
  });
}

export function useModifierGroups(session: StaffSession) {
  return useQuery({
    queryKey: menuKeys.groups,
    queryFn: () => fetchAll<ModifierGroup>(session, '/menu/modifier-groups'),
  });
}

/** Keeps the editor current when someone else changes the menu (a cook 86ing an item, another manager). */
export const useMenuLive = (session: StaffSession) => useLiveRefresh(session, 'menu.', menuKeys.all);
