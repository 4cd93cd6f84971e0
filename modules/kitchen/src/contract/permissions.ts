/** The kitchen module's permissions (granted by identity's role matrix). */
export const kitchenPermissions = {
  /** See the kitchen display: tickets, expo, all-day counts, metrics, workers. */
  read: 'kitchen:read',
  /** Work the line: start, bump, recall, rush, fire courses; register and run kitchen workers. */
  write: 'kitchen:write',
  /** Fire an order's next course from the floor (waiters), without working the line. */
  fire: 'kitchen:fire',
  /** Move a whole order (POST /kds/orders/{id}/status): the orders module's status permission. */
  orderStatus: 'orders:status',
} as const;
