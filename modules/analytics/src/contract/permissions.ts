/** The analytics module's permission (granted by identity's role matrix: owners and managers). */
export const analyticsPermissions = {
  /** See the dashboard and the sales series. */
  read: 'analytics:read',
} as const;
