/** The inventory module's permissions (granted by identity's role matrix: owners and managers). */
export const inventoryPermissions = {
  /** See ingredients, levels, movements, recipes, suppliers, purchase orders, counts, reports. */
  read: 'inventory:read',
  /** Move stock, edit ingredients and recipes, order from and receive from suppliers, post counts. */
  write: 'inventory:write',
} as const;
