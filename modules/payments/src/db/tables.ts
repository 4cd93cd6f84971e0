import { bigint, boolean, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { BillRequestMethod, CheckLine, PaymentMethodName, PaymentState } from '../contract/index.js';

export const paymentsSchema = pgSchema('payments');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => bigint(name, { mode: 'number' });

export interface StoredPartItem {
  line_id: string;
  name: string;
  numerator: number;
  denominator: number;
  amount: number;
}

export const checks = paymentsSchema.table('checks', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  orderId: uuid('order_id'),
  sessionId: uuid('session_id'),
  tableId: uuid('table_id'),
  orderIds: jsonb('order_ids').$type<string[]>().notNull(),
  status: text('status').$type<'open' | 'closed'>().notNull(),
  currency: text('currency').notNull(),
  lines: jsonb('lines').$type<CheckLine[]>().notNull(),
  subtotal: money('subtotal').notNull(),
  taxTotal: money('tax_total').notNull(),
  discountTotal: money('discount_total').notNull(),
  serviceChargeBps: integer('service_charge_bps').notNull(),
  serviceChargeTaxable: boolean('service_charge_taxable').notNull(),
  serviceChargeTaxBps: integer('service_charge_tax_bps').notNull(),
  serviceCharge: money('service_charge').notNull(),
  serviceChargeTax: money('service_charge_tax').notNull(),
  total: money('total').notNull(),
  paid: money('paid').notNull(),
  tipTotal: money('tip_total').notNull(),
  splitMode: text('split_mode'),
  openedBy: text('opened_by'),
  tableNumber: text('table_number'),
  billRequestedAt: at('bill_requested_at'),
  billRequestMethod: text('bill_request_method').$type<BillRequestMethod>(),
  billRequestTip: money('bill_request_tip'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  closedAt: at('closed_at'),
});
export type CheckRow = typeof checks.$inferSelect;

export const checkParts = paymentsSchema.table('check_parts', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  checkId: uuid('check_id').notNull(),
  position: integer('position').notNull(),
  label: text('label').notNull(),
  amount: money('amount').notNull(),
  paid: money('paid').notNull(),
  items: jsonb('items').$type<StoredPartItem[]>().notNull(),
});
export type PartRow = typeof checkParts.$inferSelect;

export const payments = paymentsSchema.table('payments', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  checkId: uuid('check_id').notNull(),
  partId: uuid('part_id'),
  method: text('method').$type<PaymentMethodName>().notNull(),
  status: text('status').$type<PaymentState>().notNull(),
  amount: money('amount').notNull(),
  tip: money('tip').notNull(),
  roundingAdjustment: money('rounding_adjustment').notNull(),
  currency: text('currency').notNull(),
  tendered: money('tendered'),
  changeDue: money('change_due'),
  refunded: money('refunded').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  providerRef: text('provider_ref'),
  paymentRef: text('payment_ref'),
  rawStatus: text('raw_status'),
  failureReason: text('failure_reason'),
  checkout: jsonb('checkout').$type<Record<string, unknown>>(),
  createdBy: text('created_by'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  succeededAt: at('succeeded_at'),
});
export type PaymentRow = typeof payments.$inferSelect;

export const refunds = paymentsSchema.table('refunds', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  paymentId: uuid('payment_id').notNull(),
  amount: money('amount').notNull(),
  reason: text('reason').notNull(),
  status: text('status').$type<'processing' | 'pending' | 'succeeded' | 'failed'>().notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  refundRef: text('refund_ref'),
  failureReason: text('failure_reason'),
  createdBy: text('created_by'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
export type RefundRow = typeof refunds.$inferSelect;

export const webhookEvents = paymentsSchema.table('webhook_events', {
  provider: text('provider').notNull(),
  eventId: text('event_id').notNull(),
  tenantId: uuid('tenant_id').notNull(),
  type: text('type').notNull(),
  providerEvent: text('provider_event').notNull(),
  providerRef: text('provider_ref'),
  receivedAt: at('received_at').notNull(),
});

export const providerSettings = paymentsSchema.table('provider_settings', {
  tenantId: uuid('tenant_id').notNull(),
  provider: text('provider').$type<PaymentMethodName>().notNull(),
  enabled: boolean('enabled').notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  secretsEncrypted: text('secrets_encrypted'),
  updatedBy: text('updated_by'),
  updatedAt: at('updated_at').notNull(),
});
export type ProviderSettingsRow = typeof providerSettings.$inferSelect;

export const drawers = paymentsSchema.table('drawers', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  currency: text('currency').notNull(),
  status: text('status').$type<'open' | 'closed'>().notNull(),
  openingFloat: money('opening_float').notNull(),
  expected: money('expected'),
  counted: money('counted'),
  difference: money('difference'),
  openedBy: text('opened_by'),
  closedBy: text('closed_by'),
  openedAt: at('opened_at').notNull(),
  closedAt: at('closed_at'),
});
export type DrawerRow = typeof drawers.$inferSelect;

export const cashMovements = paymentsSchema.table('cash_movements', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  drawerId: uuid('drawer_id').notNull(),
  kind: text('kind').$type<'sale' | 'refund' | 'cash_in' | 'cash_out'>().notNull(),
  amount: money('amount').notNull(),
  paymentId: uuid('payment_id'),
  reason: text('reason'),
  createdBy: text('created_by'),
  at: at('at').notNull(),
});
export type CashMovementRow = typeof cashMovements.$inferSelect;
