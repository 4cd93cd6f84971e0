import { integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TablePosition, TableStatus } from '../contract/index.js';

export const floorSchema = pgSchema('floor');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const areas = floorSchema.table('areas', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
export type AreaRow = typeof areas.$inferSelect;

export const tables = floorSchema.table('tables', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number').notNull(),
  capacity: integer('capacity').notNull(),
  areaId: uuid('area_id'),
  position: jsonb('position').$type<TablePosition>().notNull(),
  status: text('status').$type<TableStatus>().notNull(),
  qrVersion: integer('qr_version').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  deletedAt: at('deleted_at'),
});
export type TableRow = typeof tables.$inferSelect;

export const qrCodes = floorSchema.table('qr_codes', {
  tokenHash: text('token_hash').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  tableId: uuid('table_id').notNull(),
  qrVersion: integer('qr_version').notNull(),
  createdAt: at('created_at').notNull(),
});

export type SessionStatus = 'open' | 'closed' | 'merged';
export type SessionSource = 'staff' | 'guest' | 'reservation' | 'waitlist';

export const tableSessions = floorSchema.table('table_sessions', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  tableId: uuid('table_id').notNull(),
  status: text('status').$type<SessionStatus>().notNull(),
  covers: integer('covers').notNull(),
  source: text('source').$type<SessionSource>().notNull(),
  reservationId: uuid('reservation_id'),
  mergedIntoId: uuid('merged_into_id'),
  openedAt: at('opened_at').notNull(),
  closedAt: at('closed_at'),
  updatedAt: at('updated_at').notNull(),
});
export type SessionRow = typeof tableSessions.$inferSelect;

export type ReservationStatus = 'pending' | 'confirmed' | 'seated' | 'cancelled' | 'no_show';

export const reservations = floorSchema.table('reservations', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  guestName: text('guest_name').notNull(),
  phone: text('phone'),
  partySize: integer('party_size').notNull(),
  startsAt: at('starts_at').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  endsAt: at('ends_at').notNull(),
  tableId: uuid('table_id'),
  status: text('status').$type<ReservationStatus>().notNull(),
  notes: text('notes'),
  sessionId: uuid('session_id'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
export type ReservationRow = typeof reservations.$inferSelect;

export type WaitlistStatus = 'waiting' | 'notified' | 'seated' | 'cancelled';

export const waitlistEntries = floorSchema.table('waitlist_entries', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  guestName: text('guest_name').notNull(),
  phone: text('phone'),
  partySize: integer('party_size').notNull(),
  quotedWaitMinutes: integer('quoted_wait_minutes').notNull(),
  status: text('status').$type<WaitlistStatus>().notNull(),
  sessionId: uuid('session_id'),
  notifiedAt: at('notified_at'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
export type WaitlistRow = typeof waitlistEntries.$inferSelect;
