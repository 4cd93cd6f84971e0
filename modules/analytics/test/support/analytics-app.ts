import { randomUUID } from 'node:crypto';
import type { AppModule } from '@brigade/http';
import type { EventEnvelope } from '@brigade/kernel';
import { ordersEvents } from '@brigade/orders';
import { paymentsEvents } from '@brigade/payments';
import type { Restaurant } from '@brigade/tenants';
import { tenantsModule } from '@brigade/tenants/module';
import { as, createRestaurant, createTestApp, type ManualClock, type TestApp } from '@brigade/testing';
import { expect } from 'vitest';
import { analyticsPermissions as can } from '../../src/contract/index.js';
import { analyticsModule } from '../../src/module.js';

/**
 * Analytics fed by hand-made events of the orders and payments contracts: the tests decide
 * when each happened, and in which order (and how often) they arrive.
 */
export const createAnalyticsApp = (clock: ManualClock): Promise<TestApp> =>
  createTestApp({ modules: [tenantsModule as AppModule, analyticsModule as AppModule], clock });

/** Kolkata (UTC+5:30), INR: the demo restaurant's settings. */
export const newRestaurant = (t: TestApp, slug: string) => createRestaurant<Restaurant>(t, slug);

export const manager = (r: { id: string }) =>
  as({
    tenantId: r.id,
    userId: '0190a0a0-0000-7000-8000-00000000a001',
    role: 'manager',
    permissions: [can.read],
  });

export const waiter = (r: { id: string }) =>
  as({ tenantId: r.id, role: 'waiter', permissions: ['orders:read', 'orders:write'] });

// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
type Json = any;

export async function get(t: TestApp, headers: Record<string, string>, url: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  return { status: response.statusCode, body: response.json() as Json };
}

function envelope(
  tenantId: string,
  event: { type: string; payload: { parse(value: unknown): unknown } },
  at: string,
  payload: unknown,
  aggregateId: string,
): EventEnvelope {
  return {
    event_id: randomUUID(),
    type: event.type,
    occurred_at: new Date(at).toISOString(),
    tenant_id: tenantId,
    correlation_id: randomUUID(),
    causation_id: null,
    source: event.type.split('.')[0]!,
    aggregate_id: aggregateId,
    // Parsing proves the hand-made payload is one the producer could send.
    payload: event.payload.parse(payload),
  };
}

export interface Line {
  line_id: string;
  menu_item_id: string;
  name: string;
  quantity: number;
  total: number;
}

export const line = (item: { id: string; name: string }, quantity: number, total: number): Line => ({
  line_id: randomUUID(),
  menu_item_id: item.id,
  name: item.name,
  quantity,
  total,
});

const eventLine = (l: Line) => ({
  ...l,
  variant_id: null,
  option_ids: [],
  variant_name: null,
  options: [],
  notes: null,
  seat: null,
  course: 1,
  station: null,
  prep_time_seconds: null,
});

export interface OrderRef {
  id: string;
  channel: 'dine_in' | 'takeout' | 'delivery' | 'online';
}

const ref = (order: OrderRef) => ({
  order_id: order.id,
  number: order.id.slice(-4),
  channel: order.channel,
  table_id: null,
  session_id: null,
});

/** Event builders for one restaurant. */
export function eventsFor(tenantId: string) {
  return {
    created: (order: OrderRef, placedAt: string, lines: Line[]) =>
      envelope(
        tenantId,
        ordersEvents.orderCreated,
        placedAt,
        {
          ...ref(order),
          status: 'confirmed',
          customer_id: null,
          placed_at: new Date(placedAt).toISOString(),
          currency: 'INR',
          subtotal: lines.reduce((sum, l) => sum + l.total, 0),
          discount_total: 0,
          tax_total: 0,
          total: lines.reduce((sum, l) => sum + l.total, 0),
          lines: lines.map(eventLine),
        },
        order.id,
      ),
    modified: (
      order: OrderRef,
      at: string,
      change: { total: number; added?: Line[]; voided?: { line: Line; quantity: number }[] },
    ) =>
      envelope(
        tenantId,
        ordersEvents.orderModified,
        at,
        {
          ...ref(order),
          status: 'confirmed',
          added_lines: (change.added ?? []).map(eventLine),
          voided_lines: (change.voided ?? []).map(({ line: l, quantity }) => ({
            line_id: l.line_id,
            menu_item_id: l.menu_item_id,
            variant_id: null,
            option_ids: [],
            name: l.name,
            quantity,
            station: null,
            kitchen_state: 'queued',
            reason: 'guest changed their mind',
          })),
          subtotal: change.total,
          discount_total: 0,
          tax_total: 0,
          total: change.total,
          changed_by: 'user:manager',
        },
        order.id,
      ),
    cancelled: (order: OrderRef, at: string) =>
      envelope(
        tenantId,
        ordersEvents.orderCancelled,
        at,
        {
          ...ref(order),
          from: 'confirmed',
          to: 'cancelled',
          changed_by: 'user:manager',
          reason: 'walked out',
          lines: [],
        },
        order.id,
      ),
    paid: (payment: { id: string; orderId: string; amount: number; tip: number }, at: string) =>
      envelope(
        tenantId,
        paymentsEvents.paymentCompleted,
        at,
        {
          check_id: randomUUID(),
          order_ids: [payment.orderId],
          session_id: null,
          table_id: null,
          payment_id: payment.id,
          part_id: null,
          method: 'cash',
          amount: payment.amount,
          tip: payment.tip,
          currency: 'INR',
          check_due: 0,
          check_status: 'closed',
        },
        payment.id,
      ),
    refunded: (refund: { paymentId: string; orderId: string; amount: number }, at: string) =>
      envelope(
        tenantId,
        paymentsEvents.refundProcessed,
        at,
        {
          check_id: randomUUID(),
          order_ids: [refund.orderId],
          session_id: null,
          table_id: null,
          payment_id: refund.paymentId,
          part_id: null,
          method: 'cash',
          amount: 0,
          tip: 0,
          currency: 'INR',
          refund_id: randomUUID(),
          refund_amount: refund.amount,
          reason: 'cold food',
          refunded_total: refund.amount,
        },
        refund.paymentId,
      ),
  };
}

export const order = (channel: OrderRef['channel']): OrderRef => ({ id: randomUUID(), channel });

export async function dashboard(t: TestApp, r: { id: string }, date?: string) {
  const answer = await get(t, manager(r), `/analytics/dashboard${date ? `?date=${date}` : ''}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}
