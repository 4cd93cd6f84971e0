import { contextTx, type Tx } from '@brigade/db';
import { cursorAfter, pageFrom } from '@brigade/http';
import { businessDayBounds, newId, systemContext } from '@brigade/kernel';
import { and, asc, eq, gt, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  createReservationSchema,
  createWaitlistEntrySchema,
  type FloorService,
  floorErrors as fail,
  floorEvents,
  listReservationsSchema,
  listWaitlistSchema,
  type ReservationAction,
  seatReservationSchema,
  seatWaitlistEntrySchema,
  updateReservationSchema,
} from './contract/index.js';
import {
  type FloorTx,
  lockTable,
  seatParty,
  tenantOf,
  toReservation,
  toWaitlistEntry,
} from './db/floor-rows.js';
import {
  type ReservationRow,
  type ReservationStatus,
  reservations,
  type TableRow,
  tableSessions,
  tables,
  type WaitlistRow,
  waitlistEntries,
} from './db/tables.js';

import { estimateWaitMinutes, type FittingTable } from './domain/wait-estimate.js';
import type { FloorDeps } from './floor-plan.service.js';

type Bookings = Pick<
  FloorService,
  | 'createReservation'
  | 'getReservation'
  | 'updateReservation'
  | 'listReservations'
  | 'changeReservation'
  | 'seatReservation'
  | 'joinWaitlist'
  | 'listWaitlist'
  | 'notifyWaitlistEntry'
  | 'seatWaitlistEntry'
  | 'cancelWaitlistEntry'
>;

/** Bookings that hold their table: they may not overlap another on the same table. */
const activeReservation: ReservationStatus[] = ['pending', 'confirmed', 'seated'];
const transitions: Record<ReservationAction, { from: ReservationStatus[]; to: ReservationStatus }> = {
  confirm: { from: ['pending'], to: 'confirmed' },
  cancel: { from: ['pending', 'confirmed'], to: 'cancelled' },
  no_show: { from: ['pending', 'confirmed'], to: 'no_show' },
};
const waiting: WaitlistRow['status'][] = ['waiting', 'notified'];

function requireCapacity(table: TableRow, partySize: number): void {
  if (partySize > table.capacity) {
    throw fail(
      'party_too_large',
      `Table ${table.number} seats ${table.capacity}; the party is ${partySize}.`,
      {
        details: { capacity: table.capacity, party_size: partySize },
        errors: [{ field: 'party_size', message: `more than the table's ${table.capacity} seats` }],
      },
    );
  }
}

/** PostgreSQL's exclusion_violation: the database's own overlap fence (where btree_gist exists). */
function isExclusionViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    if ((current as { code?: unknown }).code === '23P01') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const overlapRefused = (table: { number: string } | null, details: Record<string, unknown> = {}) =>
  fail(
    'table_unavailable',
    `${table ? `Table ${table.number}` : 'The table'} is already booked at that time.`,
    {
      details,
      errors: [{ field: 'starts_at', message: 'overlaps another booking of this table' }],
    },
  );

const bookingOf = (row: ReservationRow) => ({
  reservation_id: row.id,
  table_id: row.tableId,
  guest_name: row.guestName,
  phone: row.phone,
  party_size: row.partySize,
  starts_at: row.startsAt.toISOString(),
  ends_at: row.endsAt.toISOString(),
});

/** Reservations and the waitlist. */
export function createBookings({ db, clock, publish, tenants, options }: FloorDeps): Bookings {
  const reservationNotFound = (id: string) => fail('reservation_not_found', `No reservation ${id}.`);
  const entryNotFound = (id: string) => fail('waitlist_entry_not_found', `No waitlist entry ${id}.`);

  /** Refuses a booking of a locked table that overlaps an active one (the lock serialises bookers). */
  async function requireFree(tx: Tx, table: TableRow, startsAt: Date, endsAt: Date, exceptId?: string) {
    const filters: SQL[] = [
      eq(reservations.tableId, table.id),
      inArray(reservations.status, activeReservation),
      lt(reservations.startsAt, endsAt),
      gt(reservations.endsAt, startsAt),
    ];
    if (exceptId) filters.push(sql`${reservations.id} <> ${exceptId}`);
    const [clash] = await tx
      .select({ id: reservations.id })
      .from(reservations)
      .where(and(...filters))
      .limit(1);
    if (clash) throw overlapRefused(table, { reservation_id: clash.id });
  }

  function requireFuture(startsAt: Date): void {
    if (startsAt.getTime() <= clock.now().getTime()) {
      throw fail('starts_at_in_past', 'A reservation must start in the future.', {
        errors: [{ field: 'starts_at', message: 'in the past' }],
      });
    }
  }

  async function lockReservation(tx: Tx, id: string): Promise<ReservationRow> {
    const [row] = await tx.select().from(reservations).where(eq(reservations.id, id)).for('update');
    if (!row) throw reservationNotFound(id);
    return row;
  }

  async function lockEntry(tx: Tx, id: string): Promise<WaitlistRow> {
    const [row] = await tx.select().from(waitlistEntries).where(eq(waitlistEntries.id, id)).for('update');
    if (!row) throw entryNotFound(id);
    if (!waiting.includes(row.status)) {
      throw fail('waitlist_entry_not_active', `The party is no longer waiting (${row.status}).`, {
        details: { status: row.status },
      });
    }
    return row;
  }

  async function quoteWait(tx: Tx, partySize: number): Promise<number> {
    const now = clock.now().getTime();
    const fitting = await tx
      .select({ status: tables.status, openedAt: tableSessions.openedAt })
      .from(tables)
      .leftJoin(tableSessions, and(eq(tableSessions.tableId, tables.id), eq(tableSessions.status, 'open')))
      .where(and(isNull(tables.deletedAt), gte(tables.capacity, partySize)));
    const turn = options.turnMinutes;
    const candidates: FittingTable[] = fitting.map(({ status, openedAt }) => ({
      seatedMinutes: openedAt
        ? (now - openedAt.getTime()) / 60_000
        : status === 'available'
          ? null
          : status === 'cleaning'
            ? turn
            : 0,
    }));
    const [ahead] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(waitlistEntries)
      .where(inArray(waitlistEntries.status, waiting));
    const minutes = estimateWaitMinutes(candidates, ahead?.count ?? 0, turn);
    if (minutes === null) {
      throw fail('party_too_large', `No table seats a party of ${partySize}.`, {
        details: { party_size: partySize },
        errors: [{ field: 'party_size', message: 'no table is that large' }],
      });
    }
    return minutes;
  }

  return {
    async createReservation(ctx, input) {
      const data = createReservationSchema.parse(input);
      const tenantId = tenantOf(ctx);
      const startsAt = new Date(data.starts_at);
      const now = clock.now();
      requireFuture(startsAt);
      const endsAt = new Date(startsAt.getTime() + data.duration_minutes * 60_000);
      let booked: TableRow | null = null;
      try {
        const row = await contextTx(db, ctx, async (tx) => {
          if (data.table_id) {
            booked = await lockTable(tx, data.table_id, 'table_id');
            requireCapacity(booked, data.party_size);
            await requireFree(tx, booked, startsAt, endsAt);
          }
          const [created] = await tx
            .insert(reservations)
            .values({
              id: newId(),
              tenantId,
              guestName: data.guest_name,
              phone: data.phone,
              partySize: data.party_size,
              startsAt,
              durationMinutes: data.duration_minutes,
              endsAt,
              tableId: data.table_id,
              status: 'pending',
              notes: data.notes,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          await publish(tx, ctx, floorEvents.reservationCreated, bookingOf(created!), {
            aggregateId: created!.id,
            tenantId,
          });
          return created!;
        });
        return toReservation(row);
      } catch (error) {
        if (isExclusionViolation(error)) throw overlapRefused(booked);
        throw error;
      }
    },

    async getReservation(ctx, { id }) {
      const [row] = await contextTx(db, ctx, (tx) =>
        tx.select().from(reservations).where(eq(reservations.id, id)),
      );
      if (!row) throw reservationNotFound(id);
      return toReservation(row);
    },

    async updateReservation(ctx, { id, changes }) {
      const patch = updateReservationSchema.parse(changes);
      let booked: TableRow | null = null;
      try {
        const row = await contextTx(db, ctx, async (tx) => {
          const current = await lockReservation(tx, id);
          if (current.status !== 'pending' && current.status !== 'confirmed') {
            throw fail('reservation_not_active', `A ${current.status} reservation can no longer change.`, {
              details: { status: current.status },
            });
          }
          const startsAt = patch.starts_at ? new Date(patch.starts_at) : current.startsAt;
          if (patch.starts_at) requireFuture(startsAt);
          const durationMinutes = patch.duration_minutes ?? current.durationMinutes;
          const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
          const partySize = patch.party_size ?? current.partySize;
          const tableId = patch.table_id === undefined ? current.tableId : patch.table_id;
          if (tableId) {
            booked = await lockTable(tx, tableId, 'table_id');
            requireCapacity(booked, partySize);
            await requireFree(tx, booked, startsAt, endsAt, id);
          }
          const [updated] = await tx
            .update(reservations)
            .set({
              ...(patch.guest_name !== undefined && { guestName: patch.guest_name }),
              ...(patch.phone !== undefined && { phone: patch.phone }),
              ...(patch.notes !== undefined && { notes: patch.notes }),
              partySize,
              startsAt,
              durationMinutes,
              endsAt,
              tableId,
              updatedAt: clock.now(),
            })
            .where(eq(reservations.id, id))
            .returning();
          await publish(tx, ctx, floorEvents.reservationUpdated, bookingOf(updated!), {
            aggregateId: id,
            tenantId: tenantOf(ctx),
          });
          return updated!;
        });
        return toReservation(row);
      } catch (error) {
        if (isExclusionViolation(error)) throw overlapRefused(booked);
        throw error;
      }
    },

    async listReservations(ctx, input) {
      const query = listReservationsSchema.parse(input);
      const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);
      const after = cursorAfter(query.cursor, cursorSchema);
      const filters: SQL[] = [];
      if (query.date && ctx.tenantId) {
        const restaurant = await tenants().getRestaurant(systemContext(ctx.tenantId, ctx.correlationId), {
          id: ctx.tenantId,
        });
        const { from, to } = businessDayBounds(query.date, restaurant.timezone);
        filters.push(gte(reservations.startsAt, from), lt(reservations.startsAt, to));
      }
      if (query.status) filters.push(eq(reservations.status, query.status));
      if (query.table_id) filters.push(eq(reservations.tableId, query.table_id));
      if (after) {
        const at = new Date(after[0]);
        filters.push(
          or(
            gt(reservations.startsAt, at),
            and(eq(reservations.startsAt, at), gt(reservations.id, after[1])),
          )!,
        );
      }
      const rows = await contextTx(db, ctx, (tx) =>
        tx
          .select()
          .from(reservations)
          .where(and(...filters))
          .orderBy(asc(reservations.startsAt), asc(reservations.id))
          .limit(query.limit + 1),
      );
      return pageFrom(rows, query.limit, toReservation, (row) => [row.startsAt.toISOString(), row.id]);
    },

    async changeReservation(ctx, { id, action }) {
      const { from, to } = transitions[action];
      const row = await contextTx(db, ctx, async (tx) => {
        const reservation = await lockReservation(tx, id);
        if (!from.includes(reservation.status)) {
          throw fail('invalid_transition', `A ${reservation.status} reservation cannot become ${to}.`, {
            details: { from: reservation.status, to },
          });
        }
        const [updated] = await tx
          .update(reservations)
          .set({ status: to, updatedAt: clock.now() })
          .where(eq(reservations.id, id))
          .returning();
        await publish(
          tx,
          ctx,
          floorEvents.reservationStatusChanged,
          { reservation_id: id, table_id: updated!.tableId, from: reservation.status, to, session_id: null },
          { aggregateId: id, tenantId: tenantOf(ctx) },
        );
        return updated!;
      });
      return toReservation(row);
    },

    async seatReservation(ctx, { id, ...input }) {
      const body = seatReservationSchema.parse(input);
      const tenantId = tenantOf(ctx);
      let seatedAt: TableRow | null = null;
      try {
        const row = await contextTx(db, ctx, async (tx) => {
          const reservation = await lockReservation(tx, id);
          if (reservation.status !== 'pending' && reservation.status !== 'confirmed') {
            throw fail('invalid_transition', `A ${reservation.status} reservation cannot be seated.`, {
              details: { from: reservation.status, to: 'seated' },
            });
          }
          const tableId = body.table_id ?? reservation.tableId;
          if (!tableId) {
            throw fail('table_required', 'The reservation has no table; name the one to seat the party at.', {
              errors: [{ field: 'table_id', message: 'required' }],
            });
          }
          const table = await lockTable(tx, tableId, 'table_id');
          seatedAt = table;
          requireCapacity(table, reservation.partySize);
          if (table.id !== reservation.tableId) {
            await requireFree(tx, table, reservation.startsAt, reservation.endsAt, reservation.id);
          }
          const session = await seatParty({ tx, ctx, tenantId, clock, publish } satisfies FloorTx, table, {
            covers: body.covers ?? reservation.partySize,
            source: 'reservation',
            reservationId: reservation.id,
          });
          const [seated] = await tx
            .update(reservations)
            .set({ status: 'seated', tableId: table.id, sessionId: session.id, updatedAt: clock.now() })
            .where(eq(reservations.id, id))
            .returning();
          await publish(
            tx,
            ctx,
            floorEvents.reservationStatusChanged,
            {
              reservation_id: id,
              table_id: table.id,
              from: reservation.status,
              to: 'seated',
              session_id: session.id,
            },
            { aggregateId: id, tenantId },
          );
          return seated!;
        });
        return toReservation(row);
      } catch (error) {
        if (isExclusionViolation(error)) throw overlapRefused(seatedAt);
        throw error;
      }
    },

    async joinWaitlist(ctx, input) {
      const data = createWaitlistEntrySchema.parse(input);
      const tenantId = tenantOf(ctx);
      const row = await contextTx(db, ctx, async (tx) => {
        const quoted = await quoteWait(tx, data.party_size);
        const now = clock.now();
        const [created] = await tx
          .insert(waitlistEntries)
          .values({
            id: newId(),
            tenantId,
            guestName: data.guest_name,
            phone: data.phone,
            partySize: data.party_size,
            quotedWaitMinutes: quoted,
            status: 'waiting',
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return created!;
      });
      return toWaitlistEntry(row);
    },

    async listWaitlist(ctx, input) {
      const query = listWaitlistSchema.parse(input);
      const after = cursorAfter(query.cursor, z.uuid());
      const filters: SQL[] = [
        query.status ? eq(waitlistEntries.status, query.status) : inArray(waitlistEntries.status, waiting),
      ];
      if (after) filters.push(gt(waitlistEntries.id, after));
      const rows = await contextTx(db, ctx, (tx) =>
        tx
          .select()
          .from(waitlistEntries)
          .where(and(...filters))
          .orderBy(asc(waitlistEntries.id))
          .limit(query.limit + 1),
      );
      return pageFrom(rows, query.limit, toWaitlistEntry, (row) => row.id);
    },

    async notifyWaitlistEntry(ctx, { id }) {
      const tenantId = tenantOf(ctx);
      const row = await contextTx(db, ctx, async (tx) => {
        const entry = await lockEntry(tx, id);
        const now = clock.now();
        const [notified] = await tx
          .update(waitlistEntries)
          .set({ status: 'notified', notifiedAt: now, updatedAt: now })
          .where(eq(waitlistEntries.id, id))
          .returning();
        await publish(
          tx,
          ctx,
          floorEvents.waitlistReady,
          { entry_id: id, guest_name: entry.guestName, phone: entry.phone, party_size: entry.partySize },
          { aggregateId: id, tenantId },
        );
        return notified!;
      });
      return toWaitlistEntry(row);
    },

    async seatWaitlistEntry(ctx, { id, ...input }) {
      const { table_id } = seatWaitlistEntrySchema.parse(input);
      const tenantId = tenantOf(ctx);
      const row = await contextTx(db, ctx, async (tx) => {
        const entry = await lockEntry(tx, id);
        const table = await lockTable(tx, table_id, 'table_id');
        requireCapacity(table, entry.partySize);
        const session = await seatParty({ tx, ctx, tenantId, clock, publish }, table, {
          covers: entry.partySize,
          source: 'waitlist',
        });
        const [seated] = await tx
          .update(waitlistEntries)
          .set({ status: 'seated', sessionId: session.id, updatedAt: clock.now() })
          .where(eq(waitlistEntries.id, id))
          .returning();
        return seated!;
      });
      return toWaitlistEntry(row);
    },

    async cancelWaitlistEntry(ctx, { id }) {
      const row = await contextTx(db, ctx, async (tx) => {
        await lockEntry(tx, id);
        const [cancelled] = await tx
          .update(waitlistEntries)
          .set({ status: 'cancelled', updatedAt: clock.now() })
          .where(eq(waitlistEntries.id, id))
          .returning();
        return cancelled!;
      });
      return toWaitlistEntry(row);
    },
  };
}
