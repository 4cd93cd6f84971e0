import type { TableStatus } from '../contract/index.js';

/**
 * Which manual status changes make sense. A party sits at an available or reserved table
 * (occupied); when it leaves the table is cleaned, then available again. A reservation holds
 * an available table; staff may release a hold or a table marked occupied by mistake.
 * Anything else (a table being cleaned going straight to occupied or reserved, a reserved
 * table being cleaned) is refused.
 */
const allowed: Record<TableStatus, readonly TableStatus[]> = {
  available: ['occupied', 'reserved', 'cleaning'],
  reserved: ['available', 'occupied'],
  occupied: ['cleaning', 'available'],
  cleaning: ['available'],
};

export function canChangeStatus(from: TableStatus, to: TableStatus): boolean {
  return allowed[from].includes(to);
}

/** Statuses a table may have when a party is seated at it by staff. */
export function canSeat(status: TableStatus): boolean {
  return status === 'available' || status === 'reserved';
}
