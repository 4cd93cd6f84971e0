import { defineErrors } from '@brigade/kernel';

export const inventoryErrors = defineErrors({
  ingredient_not_found: 'not_found',
  supplier_not_found: 'not_found',
  purchase_order_not_found: 'not_found',
  purchase_order_line_not_found: 'not_found',
  count_not_found: 'not_found',
  recipe_not_found: 'not_found',
  /** An ingredient or supplier of that name exists. */
  name_taken: 'conflict',
  /** A quantity in a unit of another dimension (kg for a ml ingredient). */
  unit_mismatch: 'invalid',
  /** `from` must be before `to`. */
  invalid_range: 'invalid',
  /** The stock-out would take the level below zero (the restaurant refuses negative stock). */
  insufficient_stock: 'rule',
  /** Receiving more than was ordered needs `override: true`. */
  over_receipt: 'rule',
  /** Nothing of this supplier's is at or below its reorder point. */
  nothing_to_order: 'rule',
  /** The purchase order's or count's state does not allow this. */
  invalid_transition: 'conflict',
  /** The ingredient is archived. */
  ingredient_archived: 'rule',
  /** Inventory belongs to a restaurant; the caller (the platform admin) acts for none. */
  restaurant_required: 'invalid',
});

export type InventoryErrorCode = keyof typeof inventoryErrors.codes;
