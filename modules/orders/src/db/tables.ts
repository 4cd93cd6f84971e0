import { bigint, boolean, date, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { KitchenState, OrderChannel, OrderSource, OrderStatus } from '../contract/index.js';

export const ordersSchema = pgSchema('orders');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => bigint(name, { mode: 'number' });

export interface StoredOption {
  id: string;
  group_id: string;
  name: string;
  price_delta: number;
}
export interface StoredDiscount {
  code: string;
  description: string;
  amount: number;
}
export interface StoredTax {
  category: string;
  name: string;
  rate_bps: number;
  amount: number;
}

export const orders = ordersSchema.table('orders', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number').notNull(),
  businessDate: date('business_date', { mode: 'string' }).notNull(),
  channel: text('channel').$type<OrderChannel>().notNull(),
  source: text('source').$type<OrderSource>().notNull(),
  status: text('status').$type<OrderStatus>().notNull(),
  tableId: uuid('table_id'),
  tableNumber: text('table_number'),
  sessionId: uuid('session_id'),
  customerId: uuid('customer_id'),
  customer: jsonb('customer').$type<{ name?: string; phone?: string; email?: string }>(),
  deliveryAddress: jsonb('delivery_address').$type<{
    line1: string;
    line2?: string;
    city: string;
    postal_code?: string;
    instructions?: string;
  }>(),
  notes: text('notes'),
  promoCode: text('promo_code'),
  currency: text('currency').notNull(),
  pricesIncludeTax: boolean('prices_include_tax').notNull(),
  discounts: jsonb('discounts').$type<StoredDiscount[]>().notNull(),
  taxes: jsonb('taxes').$type<StoredTax[]>().notNull(),
  subtotal: money('subtotal').notNull(),
  discountTotal: money('discount_total').notNull(),
  taxTotal: money('tax_total').notNull(),
  total: money('total').notNull(),
  cancelReason: text('cancel_reason'),
  placedBy: text('placed_by'),
  version: integer('version').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
export type OrderRow = typeof orders.$inferSelect;

export const orderLines = ordersSchema.table('order_lines', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  orderId: uuid('order_id').notNull(),
  position: integer('position').notNull(),
  menuItemId: uuid('menu_item_id').notNull(),
  categoryId: uuid('category_id').notNull(),
  name: text('name').notNull(),
  variantId: uuid('variant_id'),
  variantName: text('variant_name'),
  options: jsonb('options').$type<StoredOption[]>().notNull(),
  quantity: integer('quantity').notNull(),
  unitPrice: money('unit_price').notNull(),
  subtotal: money('subtotal').notNull(),
  discount: money('discount').notNull(),
  taxCategory: text('tax_category').notNull(),
  taxName: text('tax_name').notNull(),
  taxRateBps: integer('tax_rate_bps').notNull(),
  tax: money('tax').notNull(),
  total: money('total').notNull(),
  notes: text('notes'),
  seat: integer('seat'),
  course: integer('course').notNull(),
  station: text('station'),
  prepTimeSeconds: integer('prep_time_seconds'),
  kitchenState: text('kitchen_state').$type<KitchenState>().notNull(),
  status: text('status').$type<'active' | 'voided'>().notNull(),
  voidReason: text('void_reason'),
  voidedAt: at('voided_at'),
  voidedBy: text('voided_by'),
  createdAt: at('created_at').notNull(),
});
export type LineRow = typeof orderLines.$inferSelect;
export type NewLineRow = typeof orderLines.$inferInsert;

export const statusHistory = ordersSchema.table('status_history', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  orderId: uuid('order_id').notNull(),
  status: text('status').$type<OrderStatus>().notNull(),
  fromStatus: text('from_status').$type<OrderStatus>(),
  changedBy: text('changed_by').notNull(),
  reason: text('reason'),
  at: at('at').notNull(),
});
export type HistoryRow = typeof statusHistory.$inferSelect;

export const dailyCounters = ordersSchema.table('daily_counters', {
  tenantId: uuid('tenant_id').notNull(),
  businessDate: date('business_date', { mode: 'string' }).notNull(),
  lastNumber: integer('last_number').notNull(),
});
