/** The orders module's permissions (granted by identity's role matrix). */
export const ordersPermissions = {
  /** See every order of the restaurant. */
  read: 'orders:read',
  /** Take orders (POS, phone, takeout, delivery), add lines, void lines the kitchen has not started. */
  write: 'orders:write',
  /** Move orders through their status machine (floor and kitchen staff). */
  status: 'orders:status',
  /** Void what the kitchen has already started, with a reason (managers). */
  void: 'orders:void',
  /** A signed-in customer: see only their own orders. */
  readOwn: 'orders:read_own',
  /** A signed-in customer: place online, takeout and delivery orders for themselves. */
  createOwn: 'orders:create_own',
} as const;
