/** The floor module's permissions (already granted by identity's role matrix). */
export const floorPermissions = {
  /** See the floor: areas, tables, sessions, reservations, the waitlist. */
  read: 'floor:read',
  /** Arrange the floor: areas, tables, QR codes. */
  write: 'floor:write',
  /** Run the floor: seat parties, table status, reservations, the waitlist (waiters hold it). */
  sessions: 'floor:sessions',
} as const;
