import { pageInput } from '@brigade/kernel';
import { z } from 'zod';

export const tableStatuses = ['available', 'occupied', 'reserved', 'cleaning'] as const;
export const tableStatusSchema = z.enum(tableStatuses);
export type TableStatus = z.infer<typeof tableStatusSchema>;

export const sessionStatuses = ['open', 'closed', 'merged'] as const;
export const sessionSources = ['staff', 'guest', 'reservation', 'waitlist'] as const;
export const reservationStatuses = ['pending', 'confirmed', 'seated', 'cancelled', 'no_show'] as const;
export const waitlistStatuses = ['waiting', 'notified', 'seated', 'cancelled'] as const;

const name = z.string().trim().min(1).max(80);
const guestName = z.string().trim().min(1).max(120);
const phone = z
  .string()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'a phone number')
  .nullable();
const partySize = z.number().int().min(1).max(500);

// Areas ---------------------------------------------------------------------------------

export const areaSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** Display order on the floor plan, smallest first. */
    position: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'FloorArea' });

export const createAreaSchema = z
  .object({ name, position: z.number().int().min(0).max(10_000).default(0) })
  .strict()
  .meta({ id: 'CreateFloorArea' });

export const updateAreaSchema = z
  .object({ name, position: z.number().int().min(0).max(10_000) })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to update' })
  .meta({ id: 'UpdateFloorArea' });

// Tables --------------------------------------------------------------------------------

export const tablePositionSchema = z
  .object({
    x: z.number().min(0).max(100_000),
    y: z.number().min(0).max(100_000),
    width: z.number().positive().max(100_000).optional(),
    height: z.number().positive().max(100_000).optional(),
    shape: z.enum(['rectangle', 'square', 'round']).optional(),
  })
  .strict()
  .meta({ id: 'TablePosition' });

/** A short label such as "T1" or "12": letters, digits, space . _ -, at most 20. */
export const tableNumberSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,19}$/, 'a short label such as T1 or 12 (at most 20 characters)');

export const tableSchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    capacity: z.number().int(),
    area_id: z.uuid().nullable(),
    position: tablePositionSchema,
    status: tableStatusSchema,
    /** Bumped by every QR rotation; printed codes of older versions no longer resolve. */
    qr_version: z.number().int(),
    /** The party seated here now, if any: the id orders reference. */
    open_session_id: z.uuid().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'FloorTable' });

export const createTableSchema = z
  .object({
    number: tableNumberSchema,
    capacity: z.number().int().min(1).max(100),
    area_id: z.uuid().nullable().default(null),
    position: tablePositionSchema.default({ x: 0, y: 0 }),
  })
  .strict()
  .meta({ id: 'CreateFloorTable' });

export const updateTableSchema = z
  .object({
    number: tableNumberSchema,
    capacity: z.number().int().min(1).max(100),
    area_id: z.uuid().nullable(),
    position: tablePositionSchema,
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to update' })
  .meta({ id: 'UpdateFloorTable' });

export const listTablesSchema = z.object({
  ...pageInput,
  area_id: z.uuid().optional(),
  status: tableStatusSchema.optional(),
});

export const setTableStatusSchema = z.object({ status: tableStatusSchema }).strict();

export const tableQrSchema = z
  .object({
    table_id: z.uuid(),
    number: z.string(),
    qr_version: z.number().int(),
    /** The guest-facing token: give it only to staff who print the code. */
    token: z.string(),
    /** What the printed code encodes: `<publicBaseUrl>/t/<token>`. */
    url: z.string(),
  })
  .meta({ id: 'TableQr' });

/** What a guest's phone learns from a scanned code, without signing in. */
export const publicTableSchema = z
  .object({
    restaurant: z.object({
      id: z.uuid(),
      name: z.string(),
      slug: z.string(),
      /** For formatting prices and times on the guest's phone before the menu arrives. */
      currency: z.string(),
      timezone: z.string(),
    }),
    table: z.object({
      id: z.uuid(),
      number: z.string(),
      area: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    }),
  })
  .meta({ id: 'PublicTable' });

// Table sessions ------------------------------------------------------------------------

export const tableSessionSchema = z
  .object({
    id: z.uuid(),
    table_id: z.uuid(),
    status: z.enum(sessionStatuses),
    covers: z.number().int(),
    /** Who opened it: staff, a guest's first order, a seated reservation or waitlist entry. */
    source: z.enum(sessionSources),
    reservation_id: z.uuid().nullable(),
    /** For a merged session: the session it joined. */
    merged_into_id: z.uuid().nullable(),
    opened_at: z.iso.datetime(),
    closed_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'TableSession' });

export const openSessionSchema = z.object({ covers: partySize }).strict().meta({ id: 'OpenTableSession' });
export const updateSessionSchema = z
  .object({ covers: partySize })
  .strict()
  .meta({ id: 'UpdateTableSession' });
export const moveSessionSchema = z.object({ table_id: z.uuid() }).strict().meta({ id: 'MoveTableSession' });
export const mergeSessionSchema = z
  .object({ session_id: z.uuid() })
  .strict()
  .meta({ id: 'MergeTableSessions' });

// Reservations --------------------------------------------------------------------------

export const reservationSchema = z
  .object({
    id: z.uuid(),
    guest_name: z.string(),
    phone: z.string().nullable(),
    party_size: z.number().int(),
    starts_at: z.iso.datetime(),
    duration_minutes: z.number().int(),
    ends_at: z.iso.datetime(),
    table_id: z.uuid().nullable(),
    status: z.enum(reservationStatuses),
    notes: z.string().nullable(),
    /** Once seated: the table session it opened. */
    session_id: z.uuid().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Reservation' });

export const createReservationSchema = z
  .object({
    guest_name: guestName,
    phone: phone.default(null),
    party_size: partySize,
    starts_at: z.iso.datetime({ offset: true }),
    duration_minutes: z.number().int().min(15).max(720).default(90),
    table_id: z.uuid().nullable().default(null),
    notes: z.string().trim().max(1000).nullable().default(null),
  })
  .strict()
  .meta({ id: 'CreateReservation' });

/** Reschedule or amend a pending or confirmed booking; the table slot is checked again. */
export const updateReservationSchema = z
  .object({
    guest_name: guestName,
    phone,
    party_size: partySize,
    starts_at: z.iso.datetime({ offset: true }),
    duration_minutes: z.number().int().min(15).max(720),
    table_id: z.uuid().nullable(),
    notes: z.string().trim().max(1000).nullable(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to update' })
  .meta({ id: 'UpdateReservation' });

export const listReservationsSchema = z.object({
  ...pageInput,
  /** A business day (YYYY-MM-DD) in the restaurant's time zone. */
  date: z.iso.date().optional(),
  status: z.enum(reservationStatuses).optional(),
  table_id: z.uuid().optional(),
});

export const seatReservationSchema = z
  .object({ table_id: z.uuid().optional(), covers: partySize.optional() })
  .strict()
  .meta({ id: 'SeatReservation' });

// Waitlist ------------------------------------------------------------------------------

export const waitlistEntrySchema = z
  .object({
    id: z.uuid(),
    guest_name: z.string(),
    phone: z.string().nullable(),
    party_size: z.number().int(),
    /** The wait quoted when the party joined (see the waitlist estimate in the docs). */
    quoted_wait_minutes: z.number().int(),
    status: z.enum(waitlistStatuses),
    session_id: z.uuid().nullable(),
    notified_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'WaitlistEntry' });

export const createWaitlistEntrySchema = z
  .object({ guest_name: guestName, phone: phone.default(null), party_size: partySize })
  .strict()
  .meta({ id: 'CreateWaitlistEntry' });

export const listWaitlistSchema = z.object({
  ...pageInput,
  /** Defaults to the parties still waiting (waiting and notified). */
  status: z.enum(waitlistStatuses).optional(),
});

export const seatWaitlistEntrySchema = z
  .object({ table_id: z.uuid() })
  .strict()
  .meta({ id: 'SeatWaitlistEntry' });

export type Area = z.infer<typeof areaSchema>;
export type CreateArea = z.input<typeof createAreaSchema>;
export type UpdateArea = z.input<typeof updateAreaSchema>;
export type TablePosition = z.infer<typeof tablePositionSchema>;
export type FloorTable = z.infer<typeof tableSchema>;
export type CreateTable = z.input<typeof createTableSchema>;
export type UpdateTable = z.input<typeof updateTableSchema>;
export type ListTables = z.input<typeof listTablesSchema>;
export type TableQr = z.infer<typeof tableQrSchema>;
export type PublicTable = z.infer<typeof publicTableSchema>;
export type TableSession = z.infer<typeof tableSessionSchema>;
export type Reservation = z.infer<typeof reservationSchema>;
export type CreateReservation = z.input<typeof createReservationSchema>;
export type ListReservations = z.input<typeof listReservationsSchema>;
export type UpdateReservation = z.input<typeof updateReservationSchema>;
export type WaitlistEntry = z.infer<typeof waitlistEntrySchema>;
export type CreateWaitlistEntry = z.input<typeof createWaitlistEntrySchema>;
export type ListWaitlist = z.input<typeof listWaitlistSchema>;
