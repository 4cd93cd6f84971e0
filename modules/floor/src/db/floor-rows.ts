import type { Tx } from '@brigade/db';
import { type Clock, newId, type RequestContext } from '@brigade/kernel';
import type { Publish } from '@brigade/messaging';
import { and, eq, isNull } from 'drizzle-orm';
import {
  type Area,
  type FloorTable,
  floorErrors as fail,
  floorEvents,
  type Reservation,
  type TableSession,
  type TableStatus,
  type WaitlistEntry,
} from '../contract/index.js';
import {
  type AreaRow,
  areas,
  type ReservationRow,
  type SessionRow,
  type SessionSource,
  type TableRow,
  tableSessions,
  tables,
  type WaitlistRow,
} from './tables.js';

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toArea(row: AreaRow): Area {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

export function toTable(row: TableRow, openSessionId: string | null): FloorTable {
  return {
    id: row.id,
    number: row.number,
    capacity: row.capacity,
    area_id: row.areaId,
    position: row.position,
    status: row.status,
    qr_version: row.qrVersion,
    open_session_id: openSessionId,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

export function toSession(row: SessionRow): TableSession {
  return {
    id: row.id,
    table_id: row.tableId,
    status: row.status,
    covers: row.covers,
    source: row.source,
    reservation_id: row.reservationId,
    merged_into_id: row.mergedIntoId,
    opened_at: iso(row.openedAt),
    closed_at: isoOrNull(row.closedAt),
  };
}

export function toReservation(row: ReservationRow): Reservation {
  return {
    id: row.id,
    guest_name: row.guestName,
    phone: row.phone,
    party_size: row.partySize,
    starts_at: iso(row.startsAt),
    duration_minutes: row.durationMinutes,
    ends_at: iso(row.endsAt),
    table_id: row.tableId,
    status: row.status,
    notes: row.notes,
    session_id: row.sessionId,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

export function toWaitlistEntry(row: WaitlistRow): WaitlistEntry {
  return {
    id: row.id,
    guest_name: row.guestName,
    phone: row.phone,
    party_size: row.partySize,
    quoted_wait_minutes: row.quotedWaitMinutes,
    status: row.status,
    session_id: row.sessionId,
    notified_at: isoOrNull(row.notifiedAt),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

/** The restaurant a write belongs to: staff calls carry it; the platform admin acts for none. */
export function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw fail('restaurant_required', 'Floor data belongs to a restaurant; this caller acts for none.');
  }
  return ctx.tenantId;
}

export async function findArea(tx: Tx, id: string): Promise<AreaRow> {
  const [row] = await tx.select().from(areas).where(eq(areas.id, id));
  if (!row)
    throw fail('area_not_found', `No area ${id}.`, {
      errors: [{ field: 'area_id', message: 'no such area' }],
    });
  return row;
}

/** A live table, locked until the transaction ends: every change to a table's party goes through here. */
export async function lockTable(tx: Tx, id: string, field?: string): Promise<TableRow> {
  const [row] = await tx
    .select()
    .from(tables)
    .where(and(eq(tables.id, id), isNull(tables.deletedAt)))
    .for('update');
  if (!row) {
    throw fail('table_not_found', `No table ${id}.`, {
      ...(field && { errors: [{ field, message: 'no such table' }] }),
    });
  }
  return row;
}

export async function openSessionAt(tx: Tx, tableId: string): Promise<SessionRow | undefined> {
  const [row] = await tx
    .select()
    .from(tableSessions)
    .where(and(eq(tableSessions.tableId, tableId), eq(tableSessions.status, 'open')));
  return row;
}

export async function lockSession(tx: Tx, id: string, field?: string): Promise<SessionRow> {
  const [row] = await tx.select().from(tableSessions).where(eq(tableSessions.id, id)).for('update');
  if (!row) {
    throw fail('session_not_found', `No table session ${id}.`, {
      ...(field && { errors: [{ field, message: 'no such session' }] }),
    });
  }
  return row;
}

export function requireOpen(session: SessionRow): void {
  if (session.status !== 'open') {
    throw fail('session_not_open', `Table session ${session.id} is ${session.status}.`, {
      details: { status: session.status },
    });
  }
}

/** What every state change of the floor needs: the clock, the outbox, the tenant. */
export interface FloorTx {
  tx: Tx;
  ctx: RequestContext;
  tenantId: string;
  clock: Clock;
  publish: Publish;
}

/** Sets a table's status and announces it; a no-op when it already has it. */
export async function moveTableTo(
  { tx, ctx, tenantId, clock, publish }: FloorTx,
  table: TableRow,
  to: TableStatus,
  reason: string,
): Promise<TableRow> {
  if (table.status === to) return table;
  const [updated] = await tx
    .update(tables)
    .set({ status: to, updatedAt: clock.now() })
    .where(eq(tables.id, table.id))
    .returning();
  await publish(
    tx,
    ctx,
    floorEvents.tableStatusChanged,
    { table_id: table.id, number: table.number, from: table.status, to, reason },
    { aggregateId: table.id, tenantId },
  );
  return updated!;
}

/**
 * Seats a party at a locked table: one open session per table (the partial unique index is
 * the backstop), and the table becomes occupied. Staff seat parties at available or reserved
 * tables, or at one marked occupied by hand; a guest ordering from the table is there, so any
 * status goes.
 */
export async function seatParty(
  floor: FloorTx,
  table: TableRow,
  party: { covers: number; source: SessionSource; reservationId?: string | null },
): Promise<SessionRow> {
  const { tx, ctx, tenantId, clock, publish } = floor;
  const current = await openSessionAt(tx, table.id);
  if (current) {
    throw fail('session_already_open', `Table ${table.number} already has an open session.`, {
      details: { session_id: current.id },
    });
  }
  if (party.source !== 'guest' && table.status === 'cleaning') {
    throw fail('table_unavailable', `Table ${table.number} is being cleaned; mark it available first.`, {
      details: { status: table.status },
    });
  }
  const now = clock.now();
  const [session] = await tx
    .insert(tableSessions)
    .values({
      id: newId(),
      tenantId,
      tableId: table.id,
      status: 'open',
      covers: party.covers,
      source: party.source,
      reservationId: party.reservationId ?? null,
      openedAt: now,
      updatedAt: now,
    })
    .returning();
  await publish(
    tx,
    ctx,
    floorEvents.sessionOpened,
    {
      session_id: session!.id,
      table_id: table.id,
      covers: party.covers,
      source: party.source,
      reservation_id: party.reservationId ?? null,
    },
    { aggregateId: table.id, tenantId },
  );
  await moveTableTo(floor, table, 'occupied', 'session_opened');
  return session!;
}
