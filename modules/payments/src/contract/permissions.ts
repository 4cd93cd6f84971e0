/**
 * The payments module's permissions (granted by identity's role matrix). The matrix names
 * taking payments `payments:write` (waiters, cashiers, managers, owners); it is what issue 7 calls
 * `payments:process`.
 */
export const paymentsPermissions = {
  /** See checks, payments, receipts, drawers and the day's revenue. */
  read: 'payments:read',
  /** Open and split checks, take payments (any method), run the cash drawer. */
  process: 'payments:write',
  /** Refund a payment (managers and owners). */
  refund: 'payments:refund',
  /** Set the restaurant's provider keys and methods (owners and managers). */
  configure: 'restaurants:write',
} as const;
