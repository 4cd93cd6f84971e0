import type { OrderChannel, OrderStatus } from '@brigade/orders';
import { bigserial, boolean, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TicketStatus, TicketType } from '../contract/index.js';

export const kitchenSchema = pgSchema('kitchen');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const kitchenOrders = kitchenSchema.table('orders', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number').notNull(),
  channel: text('channel').$type<OrderChannel>().notNull(),
  tableId: uuid('table_id'),
  tableNumber: text('table_number'),
  status: text('status').$type<OrderStatus>().notNull(),
  statusAt: at('status_at'),
  firedThrough: integer('fired_through').notNull(),
  linesReceived: boolean('lines_received').notNull(),
  placedAt: at('placed_at').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
export type KitchenOrderRow = typeof kitchenOrders.$inferSelect;

export const workers = kitchenSchema.table('workers', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  stations: jsonb('stations').$type<string[]>().notNull(),
  orderTypes: jsonb('order_types').$type<OrderChannel[]>().notNull(),
  prefetch: integer('prefetch').notNull(),
  status: text('status').$type<'online' | 'offline'>().notNull(),
  ordersProcessed: integer('orders_processed').notNull(),
  lastSeenAt: at('last_seen_at').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
export type WorkerRow = typeof workers.$inferSelect;

export const tickets = kitchenSchema.table('tickets', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  orderId: uuid('order_id').notNull(),
  station: text('station').notNull(),
  course: integer('course').notNull(),
  type: text('type').$type<TicketType>().notNull(),
  status: text('status').$type<TicketStatus>().notNull(),
  rush: boolean('rush').notNull(),
  targetSeconds: integer('target_seconds').notNull(),
  claimedBy: uuid('claimed_by'),
  claimedAt: at('claimed_at'),
  processedBy: uuid('processed_by'),
  firedAt: at('fired_at'),
  startedAt: at('started_at'),
  bumpedAt: at('bumped_at'),
  lateAt: at('late_at'),
  reason: text('reason'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
export type TicketRow = typeof tickets.$inferSelect;

export const ticketItems = kitchenSchema.table('ticket_items', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  ticketId: uuid('ticket_id').notNull(),
  position: integer('position').notNull(),
  lineId: uuid('line_id').notNull(),
  name: text('name').notNull(),
  variantName: text('variant_name'),
  options: jsonb('options').$type<string[]>().notNull(),
  quantity: integer('quantity').notNull(),
  notes: text('notes'),
  seat: integer('seat'),
  prepTimeSeconds: integer('prep_time_seconds'),
  status: text('status').$type<'active' | 'voided'>().notNull(),
});
export type TicketItemRow = typeof ticketItems.$inferSelect;

export type EffectAction = 'queued' | 'started' | 'done' | 'preparing' | 'ready';

export const orderEffects = kitchenSchema.table('order_effects', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  orderId: uuid('order_id').notNull(),
  action: text('action').$type<EffectAction>().notNull(),
  lineIds: jsonb('line_ids').$type<string[]>().notNull(),
  actor: text('actor').notNull(),
  correlationId: text('correlation_id').notNull(),
  attempts: integer('attempts').notNull(),
  nextAttemptAt: at('next_attempt_at').notNull(),
  leasedUntil: at('leased_until'),
  lastError: text('last_error'),
  createdAt: at('created_at').notNull(),
});
export type OrderEffectRow = typeof orderEffects.$inferSelect;

export const earlyChanges = kitchenSchema.table('early_changes', {
  eventId: uuid('event_id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  orderId: uuid('order_id').notNull(),
  occurredAt: at('occurred_at').notNull(),
  payload: jsonb('payload').$type<unknown>().notNull(),
});
