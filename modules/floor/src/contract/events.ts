import { defineEvent } from '@brigade/kernel';
import { z } from 'zod';
import { reservationStatuses, sessionSources, tablePositionSchema, tableStatusSchema } from './schemas.js';

/** The staff feed plus the live channel of each table the event concerns. */
const staffAndTables =
  (...keys: string[]) =>
  (event: { payload: unknown }) => {
    const payload = event.payload as Record<string, unknown>;
    return [
      'staff',
      ...keys
        .map((key) => payload[key])
        .filter((id) => typeof id === 'string')
        .map((id) => `table:${id}`),
    ];
  };

const tableLayout = z.object({
  table_id: z.uuid(),
  number: z.string(),
  capacity: z.number().int(),
  area_id: z.uuid().nullable(),
  position: tablePositionSchema,
});
const booking = z.object({
  reservation_id: z.uuid(),
  table_id: z.uuid().nullable(),
  guest_name: z.string(),
  phone: z.string().nullable(),
  party_size: z.number().int(),
  starts_at: z.iso.datetime(),
  ends_at: z.iso.datetime(),
});
const areaLayout = z.object({ area_id: z.uuid(), name: z.string(), position: z.number().int() });

export const floorEvents = {
  tableCreated: defineEvent(
    'floor.table_created.v1',
    tableLayout,
    'A table was added to the floor plan (available, with a fresh QR code).',
  ),
  tableUpdated: defineEvent(
    'floor.table_updated.v1',
    tableLayout,
    "A table's number, capacity, area or floor-plan position changed; the payload is its new layout.",
    { channels: staffAndTables('table_id') },
  ),
  tableDeleted: defineEvent(
    'floor.table_deleted.v1',
    z.object({ table_id: z.uuid(), number: z.string() }),
    'A table left the floor plan; its QR code no longer resolves.',
    { channels: staffAndTables('table_id') },
  ),
  areaCreated: defineEvent('floor.area_created.v1', areaLayout, 'A floor area (room, terrace …) was added.'),
  areaUpdated: defineEvent(
    'floor.area_updated.v1',
    areaLayout,
    "An area's name or display order changed; the payload is its new state.",
  ),
  areaDeleted: defineEvent(
    'floor.area_deleted.v1',
    z.object({ area_id: z.uuid(), name: z.string() }),
    'An empty area was removed from the floor plan.',
  ),
  tableStatusChanged: defineEvent(
    'floor.table_status_changed.v1',
    z.object({
      table_id: z.uuid(),
      number: z.string(),
      from: tableStatusSchema,
      to: tableStatusSchema,
      /** What caused it: `manual`, `session_opened`, `session_closed`, `session_moved`, `sessions_merged`. */
      reason: z.string(),
    }),
    "A table's status changed (available, occupied, reserved, cleaning).",
    { channels: staffAndTables('table_id') },
  ),
  sessionOpened: defineEvent(
    'floor.session_opened.v1',
    z.object({
      session_id: z.uuid(),
      table_id: z.uuid(),
      covers: z.number().int(),
      source: z.enum(sessionSources),
      reservation_id: z.uuid().nullable(),
    }),
    'A party sat down: a table session opened (orders reference its id).',
    { channels: staffAndTables('table_id') },
  ),
  sessionClosed: defineEvent(
    'floor.session_closed.v1',
    z.object({ session_id: z.uuid(), table_id: z.uuid(), covers: z.number().int() }),
    'A table session closed (the party left); its table is now being cleaned.',
    { channels: staffAndTables('table_id') },
  ),
  sessionMoved: defineEvent(
    'floor.session_moved.v1',
    z.object({ session_id: z.uuid(), from_table_id: z.uuid(), to_table_id: z.uuid() }),
    'A party moved to another table with its session (and its orders).',
    { channels: staffAndTables('from_table_id', 'to_table_id') },
  ),
  sessionsMerged: defineEvent(
    'floor.sessions_merged.v1',
    z.object({
      session_id: z.uuid(),
      table_id: z.uuid(),
      merged_session_id: z.uuid(),
      merged_table_id: z.uuid(),
      covers: z.number().int(),
    }),
    "Another table's party joined this session: `merged_session_id` closed as merged into `session_id`.",
    { channels: staffAndTables('table_id', 'merged_table_id') },
  ),
  reservationCreated: defineEvent(
    'floor.reservation_created.v1',
    booking,
    'A table was booked (pending until confirmed). Staff feed only: it names the guest.',
  ),
  reservationUpdated: defineEvent(
    'floor.reservation_updated.v1',
    booking,
    'A booking was rescheduled or amended (time, party, table, guest); the payload is its new state.',
  ),
  reservationStatusChanged: defineEvent(
    'floor.reservation_status_changed.v1',
    z.object({
      reservation_id: z.uuid(),
      table_id: z.uuid().nullable(),
      from: z.enum(reservationStatuses),
      to: z.enum(reservationStatuses),
      /** Set when the party was seated: the session it opened. */
      session_id: z.uuid().nullable(),
    }),
    'A reservation was confirmed, seated, cancelled or marked a no-show.',
  ),
  waitlistReady: defineEvent(
    'floor.waitlist_ready.v1',
    z.object({
      entry_id: z.uuid(),
      guest_name: z.string(),
      phone: z.string().nullable(),
      party_size: z.number().int(),
    }),
    "A waiting party's table is ready: notify them (the notifications module subscribes).",
  ),
};
