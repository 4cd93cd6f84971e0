import type { RequestContext } from '@brigade/kernel';
import type {
  Category,
  CreateCategory,
  CreateItem,
  CreateModifierGroup,
  Item,
  ItemsForPricing,
  ListCategories,
  ListItems,
  ListMenuVersions,
  ListModifierGroups,
  MenuVersion,
  MenuVersionDetail,
  ModifierGroup,
  ModifierOption,
  PriceChange,
  PublishMenu,
  ReplaceItem,
  UpdateCategory,
  UpdateItem,
  UpdateModifierGroup,
} from './schemas.js';

export * from './errors.js';
export * from './events.js';
export * from './import-export.js';
export * from './pricing.js';
export * from './schemas.js';

export const menuPermissions = {
  read: 'menu:read',
  write: 'menu:write',
  /** Marking items and options sold out ("86") and back: kitchen staff hold it. */
  availability: 'menu:availability',
} as const;

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/**
 * The menu module's contract (issue 5): categories, items with variants, modifier groups and
 * options, availability, price history. Every method acts for ctx.tenantId's restaurant.
 * Money is integer minor units of the restaurant's currency.
 */
export interface MenuService {
  createCategory(ctx: RequestContext, input: CreateCategory): Promise<Category>;
  getCategory(ctx: RequestContext, input: { id: string }): Promise<Category>;
  listCategories(ctx: RequestContext, input: ListCategories): Promise<Page<Category>>;
  updateCategory(ctx: RequestContext, input: { id: string; changes: UpdateCategory }): Promise<Category>;
  /** Soft delete; refused (category_not_empty) while live items are in it. */
  deleteCategory(ctx: RequestContext, input: { id: string }): Promise<void>;

  createItem(ctx: RequestContext, input: CreateItem): Promise<Item>;
  getItem(ctx: RequestContext, input: { id: string }): Promise<Item>;
  listItems(ctx: RequestContext, input: ListItems): Promise<Page<Item>>;
  /** PATCH semantics; with `replace` (PUT) every field is set, absent ones to their defaults (not availability). */
  updateItem(
    ctx: RequestContext,
    input:
      | { id: string; changes: UpdateItem; replace?: false; expected_version?: number }
      | { id: string; changes: ReplaceItem; replace: true; expected_version?: number },
  ): Promise<Item>;
  deleteItem(ctx: RequestContext, input: { id: string }): Promise<void>;
  /** "86" an item or bring it back; takes effect for the next read. */
  setItemAvailability(ctx: RequestContext, input: { id: string; available: boolean }): Promise<Item>;
  /** Marks one size of an item sold out or back; answers the item. */
  setVariantAvailability(ctx: RequestContext, input: { id: string; available: boolean }): Promise<Item>;
  /** Newest first. */
  listPriceHistory(
    ctx: RequestContext,
    input: { id: string; limit?: number; cursor?: string | undefined },
  ): Promise<Page<PriceChange>>;

  createModifierGroup(ctx: RequestContext, input: CreateModifierGroup): Promise<ModifierGroup>;
  getModifierGroup(ctx: RequestContext, input: { id: string }): Promise<ModifierGroup>;
  listModifierGroups(ctx: RequestContext, input: ListModifierGroups): Promise<Page<ModifierGroup>>;
  updateModifierGroup(
    ctx: RequestContext,
    input: { id: string; changes: UpdateModifierGroup },
  ): Promise<ModifierGroup>;
  deleteModifierGroup(ctx: RequestContext, input: { id: string }): Promise<void>;
  setOptionAvailability(
    ctx: RequestContext,
    input: { id: string; available: boolean },
  ): Promise<ModifierOption>;

  /**
   * Publishes the draft (the menu as staff edit it) as a new immutable version and makes it
   * the live one: what guests see and orders are priced from.
   */
  publishMenu(ctx: RequestContext, input: PublishMenu): Promise<MenuVersion>;
  /** Newest first, without their snapshots. */
  listMenuVersions(ctx: RequestContext, input: ListMenuVersions): Promise<Page<MenuVersion>>;
  getMenuVersion(ctx: RequestContext, input: { version: number }): Promise<MenuVersionDetail>;
  /** Rollback: makes an earlier version live again (the draft is left as it is). */
  restoreMenuVersion(ctx: RequestContext, input: { version: number }): Promise<MenuVersion>;

  /**
   * For orders: what the server prices a cart with, from the LIVE PUBLISHED version (never the
   * draft) overlaid with current availability (an 86 applies at once, without publishing).
   * Its items with their variants, the modifier groups they offer (in order) and the groups
   * options open (nested), each option with its delta and availability. An item deleted from
   * the draft stays priceable until the next publish. Ids not in the live version (or all of
   * them, before the restaurant first publishes) come back in missing_ids.
   */
  getItemsForPricing(ctx: RequestContext, input: { item_ids: string[] }): Promise<ItemsForPricing>;
}
