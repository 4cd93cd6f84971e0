import { defineEvent, type EventEnvelope } from '@brigade/kernel';
import { z } from 'zod';
import { kitchenStates, orderChannelSchema, orderStatusSchema } from './schemas.js';

/** The staff feed, the order's own channel (its tracking page) and its table's. */
function orderChannels(event: EventEnvelope<{ order_id: string; table_id: string | null }>) {
  const { order_id, table_id } = event.payload;
  return ['staff', `order:${order_id}`, ...(table_id ? [`table:${table_id}`] : [])];
}

/** A line as the kitchen, inventory and analytics need it. */
export const orderLineEventSchema = z.object({
  line_id: z.uuid(),
  menu_item_id: z.uuid(),
  variant_id: z.uuid().nullable(),
  option_ids: z.array(z.uuid()),
  name: z.string(),
  variant_name: z.string().nullable(),
  options: z.array(z.string()),
  quantity: z.number().int(),
  notes: z.string().nullable(),
  seat: z.number().int().nullable(),
  course: z.number().int(),
  station: z.string().nullable(),
  prep_time_seconds: z.number().int().nullable(),
  total: z.number().int(),
});
export type OrderLineEvent = z.infer<typeof orderLineEventSchema>;

const orderRef = {
  order_id: z.uuid(),
  number: z.string(),
  channel: orderChannelSchema,
  table_id: z.uuid().nullable(),
  session_id: z.uuid().nullable(),
};

/** Every status event carries the same payload: which order, from where to where, who. */
const statusChange = z.object({
  ...orderRef,
  from: orderStatusSchema,
  to: orderStatusSchema,
  changed_by: z.string(),
  reason: z.string().nullable(),
  /** The order's version after the move: consumers of events arriving out of order keep the newest. */
  version: z.number().int().optional(),
});
export type OrderStatusChange = z.infer<typeof statusChange>;

const statusEvent = (type: string, description: string) =>
  defineEvent(type, statusChange, description, { channels: orderChannels });

export const ordersEvents = {
  orderCreated: defineEvent(
    'orders.order_created.v1',
    z.object({
      ...orderRef,
      /** The table's label ("T2") for screens that show it, when placed at a table. */
      table_number: z.string().nullable().optional(),
      status: orderStatusSchema,
      customer_id: z.uuid().nullable(),
      placed_at: z.iso.datetime(),
      currency: z.string(),
      subtotal: z.number().int(),
      discount_total: z.number().int(),
      tax_total: z.number().int(),
      total: z.number().int(),
      lines: z.array(orderLineEventSchema),
    }),
    'An order was placed (any channel), priced on the server. Its lines carry what the kitchen and inventory need.',
    { channels: orderChannels },
  ),
  orderConfirmed: statusEvent(
    'orders.order_confirmed.v1',
    'An order was accepted: the kitchen starts on it (staff orders are confirmed as they are placed).',
  ),
  orderPreparing: statusEvent('orders.order_preparing.v1', 'The kitchen started an order.'),
  orderReady: statusEvent(
    'orders.order_ready.v1',
    'Every ticket of an order is done: ready to serve, pick up or send.',
  ),
  orderServed: statusEvent('orders.order_served.v1', 'A dine-in order reached the table.'),
  orderPickedUp: statusEvent('orders.order_picked_up.v1', 'A takeout or online order was collected.'),
  orderDispatched: statusEvent('orders.order_dispatched.v1', 'A delivery order left with the driver.'),
  orderDelivered: statusEvent('orders.order_delivered.v1', 'A delivery order reached the customer.'),
  orderCompleted: statusEvent('orders.order_completed.v1', 'An order is finished (served and settled).'),
  orderPaymentFailed: statusEvent(
    'orders.order_payment_failed.v1',
    "An online order's payment failed: it waits for another attempt or is cancelled.",
  ),
  orderReopened: statusEvent(
    'orders.order_reopened.v1',
    'An online order whose payment failed is waiting for payment again (payment_failed → pending).',
  ),
  orderCancelled: defineEvent(
    'orders.order_cancelled.v1',
    statusChange.extend({
      /** The lines that were still active: the kitchen drops them, inventory returns their stock. */
      lines: z.array(orderLineEventSchema.extend({ kitchen_state: z.enum(kitchenStates) })),
    }),
    'An order was cancelled, with a reason.',
    { channels: orderChannels },
  ),
  orderModified: defineEvent(
    'orders.order_modified.v1',
    z.object({
      ...orderRef,
      status: orderStatusSchema,
      added_lines: z.array(orderLineEventSchema),
      /** Voided lines (or parts of lines: `quantity` voided); started ones reach the kitchen as void tickets. */
      voided_lines: z.array(
        z.object({
          line_id: z.uuid(),
          menu_item_id: z.uuid(),
          variant_id: z.uuid().nullable(),
          option_ids: z.array(z.uuid()),
          name: z.string(),
          quantity: z.number().int(),
          station: z.string().nullable(),
          kitchen_state: z.enum(kitchenStates),
          reason: z.string().nullable(),
        }),
      ),
      subtotal: z.number().int(),
      discount_total: z.number().int(),
      tax_total: z.number().int(),
      total: z.number().int(),
      changed_by: z.string(),
    }),
    'Lines were added to or voided from an order; totals are recomputed.',
    { channels: orderChannels },
  ),
};

/** The event each status move publishes. */
export const statusEventFor = {
  confirmed: ordersEvents.orderConfirmed,
  preparing: ordersEvents.orderPreparing,
  ready: ordersEvents.orderReady,
  served: ordersEvents.orderServed,
  picked_up: ordersEvents.orderPickedUp,
  out_for_delivery: ordersEvents.orderDispatched,
  delivered: ordersEvents.orderDelivered,
  completed: ordersEvents.orderCompleted,
  payment_failed: ordersEvents.orderPaymentFailed,
  pending: ordersEvents.orderReopened,
} as const;
