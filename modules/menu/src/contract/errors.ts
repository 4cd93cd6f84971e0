import { defineErrors } from '@brigade/kernel';

export const menuErrors = defineErrors({
  /** The menu belongs to one restaurant: the caller (e.g. the platform admin) acts for none. */
  restaurant_required: 'invalid',
  /** min_select > max_select, required with min_select 0, and the like. */
  invalid_modifier_rules: 'invalid',
  category_not_found: 'not_found',
  item_not_found: 'not_found',
  variant_not_found: 'not_found',
  modifier_group_not_found: 'not_found',
  modifier_option_not_found: 'not_found',
  menu_version_not_found: 'not_found',
  /** The public menu: no such restaurant, not active, or nothing published yet. */
  public_menu_not_found: 'not_found',
  category_name_taken: 'conflict',
  /** A category that still holds items cannot be deleted. */
  category_not_empty: 'conflict',
  /** A group offered by an item or opened by an option cannot be deleted. */
  modifier_group_in_use: 'conflict',
  version_conflict: 'conflict',
  /** An item names a category that does not exist (or was deleted). */
  unknown_category: 'rule',
  /** An item or option names a modifier group that does not exist (or was deleted). */
  unknown_modifier_group: 'rule',
  /** An item names a tax category the restaurant does not have (tenants' tax settings). */
  unknown_tax_category: 'rule',
  /** A variant or option id that does not belong to the item or group being changed. */
  unknown_variant: 'rule',
  unknown_option: 'rule',
  /** A group whose min_select exceeds its options could never be satisfied on an item. */
  modifier_group_unsatisfiable: 'rule',
  /** An option would open its own group, or a chain of options would loop. */
  modifier_cycle: 'rule',
});

export type MenuErrorCode = keyof typeof menuErrors.codes;
