import { pageInput } from '@brigade/kernel';
import { z } from 'zod';

export const orderChannels = ['dine_in', 'takeout', 'delivery', 'online'] as const;
export const orderChannelSchema = z.enum(orderChannels);
export type OrderChannel = z.infer<typeof orderChannelSchema>;

/**
 * Where an order came from: the waiter's or cashier's POS, a guest's phone at the table (QR),
 * the restaurant's web shop (a signed-in customer) or an integration (API key).
 */
export const orderSources = ['pos', 'qr', 'web', 'api'] as const;
export type OrderSource = (typeof orderSources)[number];

export const orderStatuses = [
  'pending',
  'confirmed',
  'preparing',
  'ready',
  'served',
  'picked_up',
  'out_for_delivery',
  'delivered',
  'completed',
  'cancelled',
  'payment_failed',
] as const;
export const orderStatusSchema = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

/** Where a line is in the kitchen: not started (voidable by staff), started, or done. */
export const kitchenStates = ['queued', 'started', 'done'] as const;
export type KitchenState = (typeof kitchenStates)[number];

const notes = z.string().trim().max(500);
const reason = z.string().trim().min(1).max(500);

export const deliveryAddressSchema = z
  .object({
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    postal_code: z.string().trim().max(20).optional(),
    instructions: z.string().trim().max(300).optional(),
  })
  .strict()
  .meta({ id: 'DeliveryAddress' });

export const orderCustomerSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'a phone number')
      .optional(),
    email: z.email().max(254).optional(),
  })
  .strict()
  .meta({ id: 'OrderCustomer' });

// Placing an order ----------------------------------------------------------------------

/** One line as the client sends it: what, how many, how — never a price. */
export const orderLineInputSchema = z
  .object({
    menu_item_id: z.uuid(),
    /** Required when the item has variants (sizes). */
    variant_id: z.uuid().nullish(),
    option_ids: z.array(z.uuid()).max(30).default([]),
    quantity: z.number().int().min(1).max(99),
    notes: z.string().trim().max(200).optional(),
    /** Seat number at the table, for splitting the check by seat and serving. */
    seat: z.number().int().min(1).max(50).nullish(),
    /** 1 = fires at once; later courses are held until fired. */
    course: z.number().int().min(1).max(9).default(1),
  })
  .strict()
  // Not 'OrderLineInput': the OpenAPI generator names OrderLine's input shape that.
  .meta({ id: 'NewOrderLine' });
export type OrderLineInput = z.input<typeof orderLineInputSchema>;

export const createOrderSchema = z
  .object({
    channel: orderChannelSchema,
    lines: z.array(orderLineInputSchema).min(1).max(100),
    /** dine_in by staff: the table (its open session is used, or one is opened). */
    table_id: z.uuid().optional(),
    /** dine_in by staff: the table session directly. */
    session_id: z.uuid().optional(),
    /** Covers when a staff order opens the table's session. */
    covers: z.number().int().min(1).max(500).optional(),
    /** A customer profile (staff orders); a signed-in customer is always themselves. */
    customer_id: z.uuid().optional(),
    customer: orderCustomerSchema.optional(),
    /** delivery (and online delivered) orders. */
    delivery_address: deliveryAddressSchema.optional(),
    notes: notes.optional(),
    /** Passed to the discount policy (promotions module). */
    promo_code: z.string().trim().min(1).max(40).optional(),
  })
  .strict()
  .meta({ id: 'CreateOrder' });
export type CreateOrder = z.input<typeof createOrderSchema>;

/** A guest at the table (QR): the table comes from the code, the channel is dine_in. */
export const guestOrderSchema = z
  .object({
    lines: z.array(orderLineInputSchema).min(1).max(50),
    customer: orderCustomerSchema.optional(),
    notes: notes.optional(),
    promo_code: z.string().trim().min(1).max(40).optional(),
  })
  .strict()
  .meta({ id: 'GuestOrder' });
export type GuestOrder = z.input<typeof guestOrderSchema>;

export const addLinesSchema = z
  .object({ lines: z.array(orderLineInputSchema).min(1).max(100) })
  .strict()
  .meta({ id: 'AddOrderLines' });

export const voidLineSchema = z
  .object({
    /** Required once the kitchen started the line; recorded always. */
    reason: reason.optional(),
    /** Void only part of the line's quantity; the whole line when absent. */
    quantity: z.number().int().min(1).max(99).optional(),
  })
  .strict()
  .meta({ id: 'VoidOrderLine' });

export const changeStatusSchema = z
  .object({ status: orderStatusSchema, reason: reason.optional() })
  .strict()
  .meta({ id: 'ChangeOrderStatus' });

export const cancelOrderSchema = z.object({ reason }).strict().meta({ id: 'CancelOrder' });

/** PATCH: the order's notes and who it is for (not its lines, prices or status). */
export const updateOrderSchema = z
  .object({
    notes: notes.nullable().optional(),
    customer: orderCustomerSchema.nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to update' })
  .meta({ id: 'UpdateOrder' });
export type UpdateOrder = z.input<typeof updateOrderSchema>;

export const listOrdersSchema = z
  .object({
    ...pageInput,
    status: z.array(orderStatusSchema).optional(),
    channel: z.array(orderChannelSchema).optional(),
    table_id: z.uuid().optional(),
    session_id: z.uuid().optional(),
    customer_id: z.uuid().optional(),
    /** Placed at or after (ISO-8601). */
    from: z.iso.datetime({ offset: true }).optional(),
    /** Placed before (ISO-8601). */
    to: z.iso.datetime({ offset: true }).optional(),
    /** Exact (`ORD_20261122_007`) or a prefix (`ORD_20261122`). */
    number: z
      .string()
      .regex(/^[A-Z0-9_]{1,40}$/)
      .optional(),
  })
  .strict();
export type ListOrders = z.input<typeof listOrdersSchema>;

// What orders look like -----------------------------------------------------------------

export const orderLineOptionSchema = z.object({
  id: z.uuid(),
  group_id: z.uuid(),
  name: z.string(),
  price_delta: z.number().int(),
});

export const orderLineSchema = z
  .object({
    id: z.uuid(),
    /** Order of entry, from 1. */
    position: z.number().int(),
    menu_item_id: z.uuid(),
    name: z.string(),
    variant_id: z.uuid().nullable(),
    variant_name: z.string().nullable(),
    options: z.array(orderLineOptionSchema),
    quantity: z.number().int(),
    /** Captured from the live menu when ordered: variant (or item) price + option deltas. */
    unit_price: z.number().int(),
    /** unit_price × quantity. */
    subtotal: z.number().int(),
    /** This line's share of the order's discounts. */
    discount: z.number().int(),
    tax_category: z.string(),
    tax_rate_bps: z.number().int(),
    /** Tax contained in (prices include tax) or added to (they do not) the discounted subtotal. */
    tax: z.number().int(),
    /** subtotal − discount (+ tax when prices exclude it). */
    total: z.number().int(),
    notes: z.string().nullable(),
    seat: z.number().int().nullable(),
    course: z.number().int(),
    station: z.string().nullable(),
    prep_time_seconds: z.number().int().nullable(),
    kitchen_state: z.enum(kitchenStates),
    status: z.enum(['active', 'voided']),
    void_reason: z.string().nullable(),
    voided_at: z.iso.datetime().nullable(),
    voided_by: z.string().nullable(),
  })
  .meta({ id: 'OrderLine' });
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderDiscountSchema = z.object({
  code: z.string(),
  description: z.string(),
  amount: z.number().int(),
});

export const taxLineSchema = z.object({
  category: z.string(),
  name: z.string(),
  rate_bps: z.number().int(),
  amount: z.number().int(),
});

export const orderSchema = z
  .object({
    id: z.uuid(),
    /** ORD_<local business date>_<sequence of the day>, e.g. ORD_20261122_007. */
    number: z.string(),
    business_date: z.iso.date(),
    channel: orderChannelSchema,
    source: z.enum(orderSources),
    status: orderStatusSchema,
    table_id: z.uuid().nullable(),
    table_number: z.string().nullable(),
    session_id: z.uuid().nullable(),
    customer_id: z.uuid().nullable(),
    customer: orderCustomerSchema.nullable(),
    delivery_address: deliveryAddressSchema.nullable(),
    notes: z.string().nullable(),
    currency: z.string(),
    prices_include_tax: z.boolean(),
    lines: z.array(orderLineSchema),
    discounts: z.array(orderDiscountSchema),
    /** Σ active lines' subtotal. */
    subtotal: z.number().int(),
    discount_total: z.number().int(),
    tax_total: z.number().int(),
    taxes: z.array(taxLineSchema),
    /** Σ active lines' total: what the guest pays before tips and service charge. */
    total: z.number().int(),
    cancel_reason: z.string().nullable(),
    placed_by: z.string().nullable(),
    version: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof orderSchema>;

/** What the creator of an order receives: the order and the guest's tracking link token. */
export const placedOrderSchema = orderSchema
  .extend({ tracking_token: z.string() })
  .meta({ id: 'PlacedOrder' });
export type PlacedOrder = z.infer<typeof placedOrderSchema>;

export const historyEntrySchema = z
  .object({
    status: orderStatusSchema,
    from: orderStatusSchema.nullable(),
    at: z.iso.datetime(),
    /** A user id, `kitchen:<worker>` or `system`. */
    changed_by: z.string(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'OrderHistoryEntry' });
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** Seed 004's tracking answer. */
export const orderStatusViewSchema = z
  .object({
    order_id: z.uuid(),
    order_number: z.string(),
    current_status: orderStatusSchema,
    updated_at: z.iso.datetime(),
    /** Placed + the longest target prep time of its lines, while not ready yet. */
    estimated_completion: z.iso.datetime().nullable(),
    /** Who last moved it (a user id, a kitchen worker or `system`). */
    processed_by: z.string().nullable(),
  })
  .meta({ id: 'OrderStatusView' });
export type OrderStatusView = z.infer<typeof orderStatusViewSchema>;

/** What a guest's tracking page shows: no prices of others, no staff ids. */
export const orderTrackingSchema = z
  .object({
    order_id: z.uuid(),
    order_number: z.string(),
    status: orderStatusSchema,
    channel: orderChannelSchema,
    table_number: z.string().nullable(),
    lines: z.array(
      z.object({
        name: z.string(),
        variant_name: z.string().nullable(),
        options: z.array(z.string()),
        quantity: z.number().int(),
        status: z.enum(['active', 'voided']),
        total: z.number().int(),
      }),
    ),
    total: z.number().int(),
    currency: z.string(),
    estimated_completion: z.iso.datetime().nullable(),
    history: z.array(historyEntrySchema.pick({ status: true, at: true })),
    /** Live updates: subscribe to this realtime channel with the tracking token. */
    channel_name: z.string(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'OrderTracking' });
export type OrderTracking = z.infer<typeof orderTrackingSchema>;

// The discount hook ----------------------------------------------------------------------

/** What the discount policy (the promotions module, later) is asked about a priced order. */
export interface DiscountRequest {
  channel: OrderChannel;
  customer_id: string | null;
  promo_code: string | null;
  currency: string;
  /** Active lines, in order; `subtotal` already in minor units. */
  lines: { index: number; menu_item_id: string; category_id: string; quantity: number; subtotal: number }[];
  subtotal: number;
}

/** One discount granted: spread over `line_indexes` (every line when absent) by their subtotals. */
export interface DiscountGrant {
  code: string;
  description: string;
  amount: number;
  line_indexes?: number[];
}
