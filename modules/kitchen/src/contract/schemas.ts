import { orderChannelSchema, orderStatusSchema } from '@brigade/orders';
import { z } from 'zod';

/**
 * A ticket's life: `held` (a later course, or an order waiting for confirmation) → `fired` (on
 * the board) → `started` → `bumped` (done); a recall puts a bumped ticket back to `started`.
 * `cancelled` tickets (order cancelled, every item voided) leave the board.
 */
export const ticketStatuses = ['held', 'fired', 'started', 'bumped', 'cancelled'] as const;
export const ticketStatusSchema = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

/** `food` is something to make; `void` tells a station to stop making something it started. */
export const ticketTypes = ['food', 'void'] as const;
export type TicketType = (typeof ticketTypes)[number];

/** Station names are the menu's: lower-case identifiers such as grill, tandoor, bar. */
export const stationSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a station such as grill or bar');

export const ticketItemSchema = z
  .object({
    line_id: z.uuid(),
    name: z.string(),
    variant_name: z.string().nullable(),
    options: z.array(z.string()),
    quantity: z.number().int(),
    notes: z.string().nullable(),
    seat: z.number().int().nullable(),
    prep_time_seconds: z.number().int().nullable(),
  })
  .meta({ id: 'KitchenTicketItem' });
export type TicketItem = z.infer<typeof ticketItemSchema>;

export const ticketSchema = z
  .object({
    id: z.uuid(),
    order_id: z.uuid(),
    order_number: z.string(),
    channel: orderChannelSchema,
    table_id: z.uuid().nullable(),
    /** The table's label ("T2"), when the order was placed at a table. */
    table_number: z.string().nullable(),
    station: z.string(),
    course: z.number().int(),
    type: z.enum(ticketTypes),
    status: ticketStatusSchema,
    rush: z.boolean(),
    /** Why a void ticket exists (the void reason), else null. */
    reason: z.string().nullable(),
    items: z.array(ticketItemSchema),
    /** The longest target prep time of its items (the module default when none has one). */
    target_seconds: z.number().int(),
    /** Since it was fired: until now while open, until the bump once bumped; null while held. */
    elapsed_seconds: z.number().int().nullable(),
    /** Open (or finished) past its target. */
    late: z.boolean(),
    /** The kitchen worker holding it, if any. */
    claimed_by: z.uuid().nullable(),
    fired_at: z.iso.datetime().nullable(),
    started_at: z.iso.datetime().nullable(),
    bumped_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'KitchenTicket' });
export type Ticket = z.infer<typeof ticketSchema>;

const csv = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .max(500)
    .transform((value, context) => {
      const parts = value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      const parsed = z.array(item).safeParse(parts);
      if (!parsed.success) {
        context.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'invalid list' });
        return z.NEVER;
      }
      return parsed.data as z.output<T>[];
    });

export const listTicketsSchema = z
  .object({
    station: stationSchema.optional(),
    /** One status or several, comma-separated; the live board (fired, started) when absent. */
    status: z.union([z.array(ticketStatusSchema).min(1), csv(ticketStatusSchema)]).optional(),
    course: z.coerce.number().int().min(1).max(9).optional(),
    type: z.enum(ticketTypes).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
    cursor: z.string().max(512).optional(),
  })
  .strict();
export type ListTickets = z.input<typeof listTicketsSchema>;

export const rushTicketSchema = z
  .object({ rush: z.boolean().optional() })
  .strict()
  .meta({ id: 'RushKitchenTicket' });

export const fireCourseSchema = z
  .object({ course: z.number().int().min(1).max(9) })
  .strict()
  .meta({ id: 'FireKitchenCourse' });

export const kdsOrderStatusSchema = z
  .object({
    /** preparing: start every fired ticket of the order; ready: bump every open one. */
    status: z.enum(['preparing', 'ready']),
  })
  .strict()
  .meta({ id: 'KitchenOrderStatus' });

/** An order as the expo (the pass) sees it: every ticket and where it is. */
export const expoOrderSchema = z
  .object({
    order_id: z.uuid(),
    order_number: z.string(),
    channel: orderChannelSchema,
    table_id: z.uuid().nullable(),
    table_number: z.string().nullable(),
    /** The order's status as the kitchen last heard it from the orders module. */
    status: orderStatusSchema,
    placed_at: z.iso.datetime(),
    elapsed_seconds: z.number().int(),
    tickets: z.array(ticketSchema),
    /** Food tickets, and how many of them are bumped. */
    tickets_total: z.number().int(),
    tickets_bumped: z.number().int(),
    /** Every food ticket is bumped: the order is (or is about to be) ready. */
    done: z.boolean(),
  })
  .meta({ id: 'KitchenExpoOrder' });
export type ExpoOrder = z.infer<typeof expoOrderSchema>;

export const listExpoSchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(100),
    cursor: z.string().max(512).optional(),
  })
  .strict();

export const allDaySchema = z.object({ station: stationSchema.optional() }).strict();

export const allDayEntrySchema = z
  .object({
    name: z.string(),
    variant_name: z.string().nullable(),
    /** Across fired and started tickets (held courses are not on the line yet). */
    quantity: z.number().int(),
    /** Of that, still waiting on fired tickets nobody started. */
    not_started: z.number().int(),
  })
  .meta({ id: 'KitchenAllDayEntry' });
export type AllDayEntry = z.infer<typeof allDayEntrySchema>;

export const metricsQuerySchema = z
  .object({
    /** Bumped at or after (ISO-8601); the last 24 hours when absent. */
    from: z.iso.datetime({ offset: true }).optional(),
    /** Bumped before (ISO-8601); now when absent. */
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type MetricsQuery = z.input<typeof metricsQuerySchema>;

const prepStats = {
  /** Bumped food tickets in the window. */
  tickets: z.number().int(),
  /** Fired → bumped, in seconds. */
  avg_prep_seconds: z.number().nullable(),
  p90_prep_seconds: z.number().nullable(),
  /** Tickets that took longer than their target. */
  late_tickets: z.number().int(),
};

export const kitchenMetricsSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    overall: z.object(prepStats),
    stations: z.array(z.object({ station: z.string(), ...prepStats })),
    items: z.array(
      z.object({
        name: z.string(),
        station: z.string(),
        /** Units made (Σ quantity). */
        quantity: z.number().int(),
        ...prepStats,
      }),
    ),
    /** Open tickets past their target right now. */
    late_open_tickets: z.number().int(),
  })
  .meta({ id: 'KitchenMetrics' });
export type KitchenMetrics = z.infer<typeof kitchenMetricsSchema>;

export const stationSummarySchema = z
  .object({
    station: z.string(),
    held: z.number().int(),
    fired: z.number().int(),
    started: z.number().int(),
    late: z.number().int(),
  })
  .meta({ id: 'KitchenStation' });
export type StationSummary = z.infer<typeof stationSummarySchema>;

// Kitchen workers (seed 004) ------------------------------------------------------------

export const workerOrderTypes = orderChannelSchema.options;

export const registerWorkerSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}$/, 'letters, digits, spaces, . _ - (at most 60)'),
    /** The stations it works; every station when empty. */
    stations: z.array(stationSchema).max(20).default([]),
    /** The order types it takes (seed 004: a chef for dine_in only); every type when empty. */
    order_types: z.array(orderChannelSchema).max(4).default([]),
    /** At most this many tickets claimed at once. */
    prefetch: z.number().int().min(1).max(50).default(1),
  })
  .strict()
  .meta({ id: 'RegisterKitchenWorker' });
export type RegisterWorker = z.input<typeof registerWorkerSchema>;

export const workerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    stations: z.array(z.string()),
    order_types: z.array(orderChannelSchema),
    prefetch: z.number().int(),
    /** online while heartbeats arrive within the timeout. */
    status: z.enum(['online', 'offline']),
    /** Tickets it holds now (claimed, not bumped). */
    claimed: z.number().int(),
    /** Tickets it bumped. */
    orders_processed: z.number().int(),
    last_seen: z.iso.datetime(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'KitchenWorker' });
export type Worker = z.infer<typeof workerSchema>;

export const claimResultSchema = z
  .object({
    /** Tickets claimed by this call. */
    claimed: z.array(ticketSchema),
    /** Every open ticket the worker holds now, this call's included. */
    holding: z.array(ticketSchema),
  })
  .meta({ id: 'KitchenClaim' });
export type ClaimResult = z.infer<typeof claimResultSchema>;

export const listWorkersSchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(512).optional(),
  })
  .strict();

/** What one run of the sweep did (tests and operators). */
export interface SweepResult {
  late_tickets: number;
  workers_offline: number;
  tickets_released: number;
  effects_sent: number;
}
