import { defineEvent } from '@brigade/kernel';
import { z } from 'zod';
import { reservationStatuses, sessionSources, tableStatusSchema } from './schemas.js';

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

export const floorEvents = {
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
    z.object({
      reservation_id: z.uuid(),
      table_id: z.uuid().nullable(),
      guest_name: z.string(),
      phone: z.string().nullable(),
      party_size: z.number().int(),
      starts_at: z.iso.datetime(),
      ends_at: z.iso.datetime(),
    }),
    'A table was booked (pending until confirmed). Staff feed only: it names the guest.',
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
