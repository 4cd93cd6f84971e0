import { pageInput } from '@brigade/kernel';
import { z } from 'zod';

export const paymentMethodSchema = z.enum(['cash', 'card_terminal', 'stripe', 'razorpay']);
export type PaymentMethodName = z.infer<typeof paymentMethodSchema>;

export const paymentStatusSchema = z.enum([
  'processing',
  'requires_action',
  'pending',
  'succeeded',
  'failed',
]);
export type PaymentState = z.infer<typeof paymentStatusSchema>;

const money = z.number().int().min(0).max(1_000_000_000_000);
const positive = z.number().int().min(1).max(1_000_000_000_000);
const reason = z.string().trim().min(1).max(500);
/** Stable per payment attempt (the client makes it up): replays never charge twice. */
const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, '1–200 visible ASCII characters');

// Checks ------------------------------------------------------------------------------------

export const serviceChargeInputSchema = z
  .object({
    rate_bps: z.number().int().min(0).max(10_000),
    /** Whether tax is charged on the service charge, and at which rate. */
    taxable: z.boolean().default(false),
    tax_rate_bps: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();

export const openCheckSchema = z
  .object({
    order_id: z.uuid().optional(),
    session_id: z.uuid().optional(),
    service_charge: serviceChargeInputSchema.optional(),
  })
  .strict()
  .refine((input) => (input.order_id === undefined) !== (input.session_id === undefined), {
    message: 'name exactly one of order_id and session_id',
  })
  .meta({ id: 'OpenCheck' });
export type OpenCheck = z.input<typeof openCheckSchema>;

export const checkLineSchema = z.object({
  line_id: z.uuid(),
  order_id: z.uuid(),
  name: z.string(),
  quantity: z.number().int(),
  seat: z.number().int().nullable(),
  /** What the line costs, tax included as the order priced it. */
  total: z.number().int(),
  tax: z.number().int(),
});
export type CheckLine = z.infer<typeof checkLineSchema>;

export const checkPartItemSchema = z.object({
  line_id: z.uuid(),
  name: z.string(),
  /** The share of the line: numerator / denominator (1/1 the whole line, 1/3 a third). */
  numerator: z.number().int(),
  denominator: z.number().int(),
  amount: z.number().int(),
});

export const checkPartSchema = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    label: z.string(),
    amount: z.number().int(),
    paid: z.number().int(),
    due: z.number().int(),
    items: z.array(checkPartItemSchema),
  })
  .meta({ id: 'CheckPart' });
export type CheckPart = z.infer<typeof checkPartSchema>;

export const billRequestMethodSchema = z.enum(['cash', 'card', 'online']);
export type BillRequestMethod = z.infer<typeof billRequestMethodSchema>;

/** A guest asked for the bill from their phone: when (the latest time), how they will pay, the tip they mean. */
const billRequestFields = {
  bill_requested_at: z.iso.datetime().nullable(),
  bill_request_method: billRequestMethodSchema.nullable(),
  bill_request_tip: z.number().int().nullable(),
};

export const checkSchema = z
  .object({
    id: z.uuid(),
    order_id: z.uuid().nullable(),
    session_id: z.uuid().nullable(),
    table_id: z.uuid().nullable(),
    order_ids: z.array(z.uuid()),
    status: z.enum(['open', 'closed']),
    currency: z.string(),
    lines: z.array(checkLineSchema),
    /** Σ line totals (what the orders cost, tax as they priced it). */
    subtotal: z.number().int(),
    tax_total: z.number().int(),
    discount_total: z.number().int(),
    service_charge_bps: z.number().int(),
    service_charge: z.number().int(),
    service_charge_tax: z.number().int(),
    /** subtotal + service charge + its tax: what settles the check (tips come on top). */
    total: z.number().int(),
    paid: z.number().int(),
    due: z.number().int(),
    tip_total: z.number().int(),
    /** Preset tips on what is due (10, 15, 20 %). */
    tip_options: z.array(z.object({ percent_bps: z.number().int(), amount: z.number().int() })),
    split_mode: z.string().nullable(),
    parts: z.array(checkPartSchema),
    /** The table's number as the guest's QR code named it (set when a guest opens or asks). */
    table_number: z.string().nullable(),
    ...billRequestFields,
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    closed_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Check' });
export type Check = z.infer<typeof checkSchema>;

export const listChecksSchema = z
  .object({
    /** Open checks unless told otherwise. */
    status: z.enum(['open', 'closed']).default('open'),
    /** Only checks whose bill a guest asked for (true) or that nobody asked for (false). */
    bill_requested: z.boolean().optional(),
    table_id: z.uuid().optional(),
    ...pageInput,
  })
  .strict()
  .meta({ id: 'ListChecks' });
export type ListChecks = z.input<typeof listChecksSchema>;

const fraction = {
  numerator: z.number().int().min(1).max(100).default(1),
  denominator: z.number().int().min(1).max(100).default(1),
};

export const splitCheckSchema = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('even'), parts: z.number().int().min(2).max(50) }).strict(),
    /** One part per seat (lines without a seat are shared evenly by the seats). */
    z.object({ mode: z.literal('seat') }).strict(),
    /** Each part names lines, or fractions of lines; what nobody took becomes a last part. */
    z
      .object({
        mode: z.literal('item'),
        parts: z
          .array(
            z
              .object({
                label: z.string().trim().min(1).max(60).optional(),
                items: z
                  .array(z.object({ line_id: z.uuid(), ...fraction }).strict())
                  .min(1)
                  .max(100),
              })
              .strict(),
          )
          .min(1)
          .max(50),
      })
      .strict(),
    /** Arbitrary amounts that add up to what is due. */
    z.object({ mode: z.literal('amount'), amounts: z.array(positive).min(2).max(50) }).strict(),
  ])
  .meta({ id: 'SplitCheck' });
export type SplitCheck = z.input<typeof splitCheckSchema>;

// Payments ----------------------------------------------------------------------------------

export const tipInputSchema = z.union([
  z.object({ percent_bps: z.number().int().min(0).max(10_000) }).strict(),
  z.object({ amount: money }).strict(),
]);

/** Only what a provider uses for its receipt or prefill: never card data. */
const payerSchema = z
  .object({
    email: z.email().max(254).optional(),
    phone: z.string().max(20).optional(),
    name: z.string().max(120).optional(),
  })
  .strict();

export const processPaymentSchema = z
  .object({
    /** Pay a check (or one of its parts) … */
    check_id: z.uuid().optional(),
    part_id: z.uuid().optional(),
    /** … or an order directly (its check is opened if need be). */
    order_id: z.uuid().optional(),
    method: paymentMethodSchema,
    /** What to settle; everything still due (on the part, or the check) when absent. */
    amount: positive.optional(),
    /** A preset percentage of the amount, or a custom amount; on top of the amount. */
    tip: tipInputSchema.optional(),
    /** Cash: what the guest handed over. */
    tendered: money.optional(),
    /** External card terminal: the terminal's transaction reference. Never a card number. */
    terminal_reference: z.string().max(100).optional(),
    /** Stable per payment attempt; the same key never charges twice. */
    idempotency_key: idempotencyKey,
    customer: payerSchema.optional(),
  })
  .strict()
  .refine((input) => (input.check_id === undefined) !== (input.order_id === undefined), {
    message: 'name exactly one of check_id and order_id',
  })
  .meta({ id: 'ProcessPayment' });
export type ProcessPayment = z.input<typeof processPaymentSchema>;

export const checkoutSchema = z
  .union([
    z.object({
      provider: z.literal('stripe'),
      publishable_key: z.string(),
      client_secret: z.string(),
      payment_intent_id: z.string(),
    }),
    z.object({
      provider: z.literal('razorpay'),
      key_id: z.string(),
      order_id: z.string(),
      amount: z.number().int(),
      currency: z.string(),
      name: z.string().optional(),
      description: z.string().optional(),
      prefill: z.record(z.string(), z.string()).optional(),
    }),
  ])
  .meta({ id: 'Checkout' });

export const paymentSchema = z
  .object({
    id: z.uuid(),
    check_id: z.uuid(),
    part_id: z.uuid().nullable(),
    method: paymentMethodSchema,
    status: paymentStatusSchema,
    amount: z.number().int(),
    tip: z.number().int(),
    /** Cash: what rounding to the smallest coin added (negative when it took off). */
    rounding_adjustment: z.number().int(),
    currency: z.string(),
    tendered: z.number().int().nullable(),
    change_due: z.number().int().nullable(),
    refunded: z.number().int(),
    provider_ref: z.string().nullable(),
    failure_reason: z.string().nullable(),
    checkout: checkoutSchema.nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    succeeded_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof paymentSchema>;

/** A guest (or signed-in customer) paying their own order online, by its tracking link. */
export const guestPaymentSchema = z
  .object({
    method: z.enum(['stripe', 'razorpay']),
    tip: tipInputSchema.optional(),
    idempotency_key: idempotencyKey,
    customer: payerSchema.optional(),
  })
  .strict()
  .meta({ id: 'GuestPayment' });
export type GuestPayment = z.input<typeof guestPaymentSchema>;

export const refundSchema = z
  .object({
    id: z.uuid(),
    payment_id: z.uuid(),
    amount: z.number().int(),
    reason: z.string(),
    status: z.enum(['processing', 'pending', 'succeeded', 'failed']),
    refund_ref: z.string().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'Refund' });
export type Refund = z.infer<typeof refundSchema>;

export const refundPaymentSchema = z
  .object({
    /** Everything not refunded yet when absent. */
    amount: positive.optional(),
    reason,
    idempotency_key: idempotencyKey,
    terminal_reference: z.string().max(100).optional(),
  })
  .strict()
  .meta({ id: 'RefundPayment' });
export type RefundPayment = z.input<typeof refundPaymentSchema>;

export const createRazorpayOrderSchema = z
  .object({
    check_id: z.uuid().optional(),
    part_id: z.uuid().optional(),
    order_id: z.uuid().optional(),
    amount: positive.optional(),
    tip: tipInputSchema.optional(),
    idempotency_key: idempotencyKey,
  })
  .strict()
  .refine((input) => (input.check_id === undefined) !== (input.order_id === undefined), {
    message: 'name exactly one of check_id and order_id',
  })
  .meta({ id: 'CreateRazorpayOrder' });

export const verifyRazorpaySchema = z
  .object({
    razorpay_order_id: z.string().min(1).max(100),
    razorpay_payment_id: z.string().min(1).max(100),
    razorpay_signature: z.string().min(1).max(200),
  })
  .strict()
  .meta({ id: 'VerifyRazorpay' });
export type VerifyRazorpay = z.infer<typeof verifyRazorpaySchema>;

export const methodAvailabilitySchema = z
  .object({
    method: paymentMethodSchema,
    available: z.boolean(),
    reason: z.enum(['disabled', 'missing_keys']).optional(),
    missing: z.array(z.string()).optional(),
  })
  .meta({ id: 'PaymentMethodAvailability' });

export const providerSettingsInputSchema = z
  .object({
    enabled: z.boolean().default(true),
    // Stripe
    secret_key: z.string().trim().min(1).max(300).optional(),
    publishable_key: z.string().trim().min(1).max(300).optional(),
    // Razorpay
    key_id: z.string().trim().min(1).max(100).optional(),
    key_secret: z.string().trim().min(1).max(300).optional(),
    merchant_name: z.string().trim().min(1).max(100).optional(),
    // Both
    webhook_secret: z.string().trim().min(1).max(300).optional(),
    // Cash: per-currency rounding increments in minor units.
    rounding: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().int().min(1).max(100_000)).optional(),
  })
  .strict()
  .meta({ id: 'ProviderSettings' });
export type ProviderSettingsInput = z.input<typeof providerSettingsInputSchema>;

/** What the API shows of a provider's settings: never a secret, only whether it is set. */
export const providerSettingsViewSchema = z
  .object({
    provider: paymentMethodSchema,
    enabled: z.boolean(),
    configured: z.array(z.string()),
    public: z.record(z.string(), z.unknown()),
    webhook_url: z.string().nullable(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'ProviderSettingsView' });
export type ProviderSettingsView = z.infer<typeof providerSettingsViewSchema>;

export const receiptSchema = z
  .object({
    restaurant: z.object({ name: z.string(), timezone: z.string() }),
    payment: paymentSchema,
    check: z.object({
      id: z.uuid(),
      lines: z.array(checkLineSchema),
      subtotal: z.number().int(),
      tax_total: z.number().int(),
      service_charge: z.number().int(),
      service_charge_tax: z.number().int(),
      total: z.number().int(),
      paid: z.number().int(),
      due: z.number().int(),
    }),
    refunds: z.array(refundSchema),
    /** What the guest handed over in all: amount + tip (+ cash rounding). */
    charged: z.number().int(),
    issued_at: z.iso.datetime(),
  })
  .meta({ id: 'Receipt' });
export type Receipt = z.infer<typeof receiptSchema>;

export const paymentStatsSchema = z
  .object({
    business_date: z.iso.date(),
    timezone: z.string(),
    currency: z.string().nullable(),
    methods: z.array(
      z.object({
        method: paymentMethodSchema,
        payments: z.number().int(),
        amount: z.number().int(),
        tips: z.number().int(),
        refunded: z.number().int(),
        net: z.number().int(),
      }),
    ),
    total: z.object({
      payments: z.number().int(),
      amount: z.number().int(),
      tips: z.number().int(),
      refunded: z.number().int(),
      net: z.number().int(),
    }),
  })
  .meta({ id: 'PaymentStats' });
export type PaymentStats = z.infer<typeof paymentStatsSchema>;

// Cash drawers -----------------------------------------------------------------------------

export const openDrawerSchema = z
  .object({
    name: z.string().trim().min(1).max(60).default('Main'),
    opening_float: money,
  })
  .strict()
  .meta({ id: 'OpenDrawer' });
export type OpenDrawer = z.input<typeof openDrawerSchema>;

export const cashMovementSchema = z
  .object({ kind: z.enum(['cash_in', 'cash_out']), amount: positive, reason })
  .strict()
  .meta({ id: 'CashMovementInput' });
export type CashMovementInput = z.input<typeof cashMovementSchema>;

export const closeDrawerSchema = z.object({ counted: money }).strict().meta({ id: 'CloseDrawer' });

export const drawerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    currency: z.string(),
    status: z.enum(['open', 'closed']),
    opening_float: z.number().int(),
    cash_sales: z.number().int(),
    cash_refunds: z.number().int(),
    cash_in: z.number().int(),
    cash_out: z.number().int(),
    /** opening float + sales − refunds + cash in − cash out. */
    expected: z.number().int(),
    counted: z.number().int().nullable(),
    /** counted − expected (negative: short). */
    difference: z.number().int().nullable(),
    movements: z.array(
      z.object({
        kind: z.enum(['sale', 'refund', 'cash_in', 'cash_out']),
        amount: z.number().int(),
        payment_id: z.uuid().nullable(),
        reason: z.string().nullable(),
        at: z.iso.datetime(),
      }),
    ),
    opened_at: z.iso.datetime(),
    closed_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Drawer' });
export type Drawer = z.infer<typeof drawerSchema>;

// Guests at a table ----------------------------------------------------------------------------

export const onlineMethodSchema = z.enum(['stripe', 'razorpay']);

/**
 * The table's check as its guests see it: what was ordered and what is due, never who served or
 * took what. `online_methods`: the providers the restaurant takes from guests' phones now.
 */
export const guestCheckSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['open', 'closed']),
    currency: z.string(),
    table: z.object({ id: z.uuid(), number: z.string() }),
    lines: z.array(
      z.object({
        name: z.string(),
        quantity: z.number().int(),
        seat: z.number().int().nullable(),
        total: z.number().int(),
      }),
    ),
    subtotal: z.number().int(),
    tax_total: z.number().int(),
    discount_total: z.number().int(),
    service_charge: z.number().int(),
    service_charge_tax: z.number().int(),
    total: z.number().int(),
    paid: z.number().int(),
    due: z.number().int(),
    tip_options: z.array(z.object({ percent_bps: z.number().int(), amount: z.number().int() })),
    /** A split check: each guest may pay one part (its id as part_id). */
    parts: z.array(
      z.object({
        id: z.uuid(),
        label: z.string(),
        amount: z.number().int(),
        paid: z.number().int(),
        due: z.number().int(),
      }),
    ),
    ...billRequestFields,
    online_methods: z.array(onlineMethodSchema),
    closed_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'GuestCheck' });
export type GuestCheck = z.infer<typeof guestCheckSchema>;

export const billRequestSchema = z
  .object({
    /** cash at the counter, card with staff's terminal, or online (the guest pays on the phone). */
    method: billRequestMethodSchema,
    /** The tip the guest means to add, for staff to charge with the bill. */
    tip: tipInputSchema.optional(),
  })
  .strict()
  .meta({ id: 'BillRequest' });
export type BillRequest = z.input<typeof billRequestSchema>;

/** A guest paying the table's check (all that is due, an amount as their share, or one split part). */
export const guestTablePaymentSchema = z
  .object({
    method: onlineMethodSchema,
    amount: positive.optional(),
    part_id: z.uuid().optional(),
    tip: tipInputSchema.optional(),
    idempotency_key: idempotencyKey,
    customer: payerSchema.optional(),
  })
  .strict()
  .meta({ id: 'GuestTablePayment' });
export type GuestTablePayment = z.input<typeof guestTablePaymentSchema>;
