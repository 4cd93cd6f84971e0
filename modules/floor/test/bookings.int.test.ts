import type { EventEnvelope } from '@brigade/kernel';
import type { Restaurant } from '@brigade/tenants';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FloorTable, floorEvents, type Reservation, type WaitlistEntry } from '../src/contract/index.js';
import {
  addTable,
  caller,
  countRows,
  createFloorApp,
  manager,
  manualClock,
  newRestaurant,
  outbox,
  waiter,
} from './support/floor-app.js';

// Mid-morning UTC, so that "tomorrow 19:00 in Kolkata" is a fixed, future instant.
const clock = manualClock(new Date('2026-11-23T05:00:00Z'));
let t: TestApp;
let call: ReturnType<typeof caller>;
let r: Restaurant;

beforeAll(async () => {
  t = await createFloorApp({ clock, floor: { turnMinutes: 45 } });
  call = caller(t);
  r = await newRestaurant(t, 'bookings', 'Asia/Kolkata');
});
afterAll(() => t?.close());

const book = (payload: Record<string, unknown>, restaurant = r) =>
  call({ method: 'POST', url: '/reservations', headers: waiter(restaurant), payload });
const act = (id: string, action: string, payload?: unknown) =>
  call({ method: 'POST', url: `/reservations/${id}/${action}`, headers: waiter(r), payload });
const tableOf = async (id: string) =>
  (await call({ method: 'GET', url: `/tables/${id}`, headers: waiter(r) })).body as FloorTable;

describe('reservations', () => {
  it('books a table for 90 minutes by default', async () => {
    const table = await addTable(t, r, { number: 'R1', capacity: 4 });
    const created = await book({
      guest_name: 'Asha Rao',
      phone: '+91 98450 00000',
      party_size: 4,
      starts_at: '2026-11-24T19:00:00+05:30',
      table_id: table.id,
      notes: 'Window, birthday',
    });
    expect(created.status).toBe(201);
    const reservation = created.body as Reservation;
    expect(created.response.headers.location).toBe(`/api/v1/reservations/${reservation.id}`);
    expect(reservation).toMatchObject({
      guest_name: 'Asha Rao',
      party_size: 4,
      starts_at: '2026-11-24T13:30:00.000Z',
      duration_minutes: 90,
      ends_at: '2026-11-24T15:00:00.000Z',
      table_id: table.id,
      status: 'pending',
      notes: 'Window, birthday',
      session_id: null,
    });
    const [event] = (await outbox(t, r.id, 'floor.reservation_created.v1')).slice(-1);
    expect(event).toMatchObject({
      aggregate_id: reservation.id,
      payload: {
        reservation_id: reservation.id,
        table_id: table.id,
        guest_name: 'Asha Rao',
        party_size: 4,
        starts_at: '2026-11-24T13:30:00.000Z',
        ends_at: '2026-11-24T15:00:00.000Z',
      },
    });
  });

  it('refuses an overlapping booking of the same table (409 table_unavailable), writing nothing', async () => {
    const table = await addTable(t, r, { number: 'R2', capacity: 4 });
    const first = await book({
      guest_name: 'A',
      party_size: 2,
      starts_at: '2026-11-24T12:00:00Z',
      table_id: table.id,
    });
    expect(first.status).toBe(201);
    const before = await countRows(t, 'reservations', r.id);
    for (const starts_at of ['2026-11-24T12:00:00Z', '2026-11-24T13:29:00Z', '2026-11-24T10:31:00Z']) {
      const clash = await book({ guest_name: 'B', party_size: 2, starts_at, table_id: table.id });
      expect(clash.status, starts_at).toBe(409);
      expect(clash.body).toMatchObject({
        code: 'table_unavailable',
        details: { reservation_id: (first.body as Reservation).id },
      });
    }
    expect(await countRows(t, 'reservations', r.id)).toBe(before);
    // Back to back is fine: [12:00, 13:30) then [13:30, 15:00), and [10:30, 12:00) before.
    expect(
      (await book({ guest_name: 'C', party_size: 2, starts_at: '2026-11-24T13:30:00Z', table_id: table.id }))
        .status,
    ).toBe(201);
    expect(
      (await book({ guest_name: 'D', party_size: 2, starts_at: '2026-11-24T10:30:00Z', table_id: table.id }))
        .status,
    ).toBe(201);
    // A cancelled booking frees its slot.
    await act((first.body as Reservation).id, 'cancel');
    expect(
      (
        await book({
          guest_name: 'E',
          party_size: 2,
          starts_at: '2026-11-24T12:15:00Z',
          duration_minutes: 60,
          table_id: table.id,
        })
      ).status,
    ).toBe(201);
  });

  it('reschedules and amends a booking: capacity and overlap checked again, refusals change nothing', async () => {
    const big = await addTable(t, r, { number: 'RS1', capacity: 6 });
    const small = await addTable(t, r, { number: 'RS2', capacity: 2 });
    const booking = (
      await book({ guest_name: 'Mira', party_size: 2, starts_at: '2026-11-25T12:00:00Z', table_id: small.id })
    ).body as Reservation;
    const other = (
      await book({ guest_name: 'Omar', party_size: 4, starts_at: '2026-11-25T15:00:00Z', table_id: big.id })
    ).body as Reservation;
    const patch = (id: string, payload: Record<string, unknown>) =>
      call({ method: 'PATCH', url: `/reservations/${id}`, headers: waiter(r), payload });

    const moved = await patch(booking.id, { starts_at: '2026-11-25T13:00:00Z', notes: 'Running late' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      starts_at: '2026-11-25T13:00:00.000Z',
      ends_at: '2026-11-25T14:30:00.000Z',
      notes: 'Running late',
      table_id: small.id,
      status: 'pending',
    });
    // Its own old slot never clashes with itself.
    expect((await patch(booking.id, { duration_minutes: 120 })).body).toMatchObject({
      ends_at: '2026-11-25T15:00:00.000Z',
    });

    const refusals: [Record<string, unknown>, number, string][] = [
      [{ party_size: 5 }, 422, 'party_too_large'],
      [{ table_id: big.id, starts_at: '2026-11-25T14:00:00Z' }, 409, 'table_unavailable'],
      [{ starts_at: '2026-11-22T12:00:00Z' }, 400, 'starts_at_in_past'],
      [{ party_size: 0 }, 400, 'validation_failed'],
      [{}, 400, 'validation_failed'],
      [{ table_id: '00000000-0000-4000-8000-000000000000' }, 404, 'table_not_found'],
    ];
    for (const [payload, status, code] of refusals) {
      const refused = await patch(booking.id, payload);
      expect([refused.status, (refused.body as { code: string }).code], JSON.stringify(payload)).toEqual([
        status,
        code,
      ]);
    }
    const unchanged = (await call({ method: 'GET', url: `/reservations/${booking.id}`, headers: waiter(r) }))
      .body as Reservation;
    expect(unchanged).toMatchObject({
      party_size: 2,
      table_id: small.id,
      ends_at: '2026-11-25T15:00:00.000Z',
    });

    // A bigger party moves to the big table, back to back with the other booking there.
    const upsized = await patch(booking.id, { party_size: 5, table_id: big.id, duration_minutes: 90 });
    expect(upsized.body).toMatchObject({
      party_size: 5,
      table_id: big.id,
      ends_at: '2026-11-25T14:30:00.000Z',
    });
    const events = (await outbox(t, r.id, floorEvents.reservationUpdated.type)).filter(
      (event) => event.aggregate_id === booking.id,
    );
    expect(events.map((event) => [event.payload.party_size, event.payload.ends_at])).toEqual([
      [2, '2026-11-25T14:30:00.000Z'],
      [2, '2026-11-25T15:00:00.000Z'],
      [5, '2026-11-25T14:30:00.000Z'],
    ]);

    await act(other.id, 'cancel');
    const closed = await patch(other.id, { party_size: 3 });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ code: 'reservation_not_active', details: { status: 'cancelled' } });
  });

  it('concurrent bookings of one slot: exactly one wins', async () => {
    const table = await addTable(t, r, { number: 'RACE', capacity: 4 });
    const results = await Promise.all(
      [0, 10, 20, 30, 40].map((minutes) =>
        book({
          guest_name: `Racer ${minutes}`,
          party_size: 2,
          starts_at: new Date(Date.parse('2026-11-27T12:00:00Z') + minutes * 60_000).toISOString(),
          table_id: table.id,
        }),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const list = (
      await call({ method: 'GET', url: `/reservations?table_id=${table.id}`, headers: waiter(r) })
    ).body as { data: Reservation[] };
    expect(list.data).toHaveLength(1);
  });

  it('refuses a party larger than the table (422), the past (400), unknown tables (404) and bad input (400)', async () => {
    const table = await addTable(t, r, { number: 'R3', capacity: 2 });
    const before = await countRows(t, 'reservations', r.id);
    const large = await book({
      guest_name: 'Big',
      party_size: 3,
      starts_at: '2026-11-25T12:00:00Z',
      table_id: table.id,
    });
    expect(large.status).toBe(422);
    expect(large.body).toMatchObject({ code: 'party_too_large', details: { capacity: 2, party_size: 3 } });
    const past = await book({
      guest_name: 'Late',
      party_size: 2,
      starts_at: '2026-11-23T04:59:00Z',
      table_id: table.id,
    });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ code: 'starts_at_in_past', errors: [{ field: 'starts_at' }] });
    const unknown = await book({
      guest_name: 'X',
      party_size: 2,
      starts_at: '2026-11-25T12:00:00Z',
      table_id: '01900000-0000-7000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'table_not_found', errors: [{ field: 'table_id' }] });
    const invalid = await book({ guest_name: '', party_size: 0, starts_at: 'tomorrow', duration_minutes: 5 });
    expect(invalid.status).toBe(400);
    const fields = (invalid.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['duration_minutes', 'guest_name', 'party_size', 'starts_at']);
    expect(await countRows(t, 'reservations', r.id)).toBe(before);
  });

  it("lists a business day in the restaurant's time zone, filtered by status, in start order", async () => {
    const other = await newRestaurant(t, 'bookings-day', 'Asia/Kolkata');
    // 2026-11-26 in Kolkata is [2026-11-25T18:30Z, 2026-11-26T18:30Z).
    for (const [name, starts_at] of [
      ['late', '2026-11-26T18:00:00Z'],
      ['early', '2026-11-25T18:30:00Z'],
      ['day before', '2026-11-25T18:29:00Z'],
      ['day after', '2026-11-26T18:30:00Z'],
    ] as const) {
      expect((await book({ guest_name: name, party_size: 2, starts_at }, other)).status).toBe(201);
    }
    const day = (await call({ method: 'GET', url: '/reservations?date=2026-11-26', headers: waiter(other) }))
      .body as {
      data: Reservation[];
    };
    expect(day.data.map((reservation) => reservation.guest_name)).toEqual(['early', 'late']);
    const paged = (await call({ method: 'GET', url: '/reservations?limit=3', headers: waiter(other) }))
      .body as {
      data: Reservation[];
      next_cursor: string;
    };
    expect(paged.data.map((x) => x.guest_name)).toEqual(['day before', 'early', 'late']);
    const rest = (
      await call({
        method: 'GET',
        url: `/reservations?limit=3&cursor=${paged.next_cursor}`,
        headers: waiter(other),
      })
    ).body as { data: Reservation[]; next_cursor: string | null };
    expect(rest).toMatchObject({ data: [{ guest_name: 'day after' }], next_cursor: null });
    const first = paged.data[0]!;
    await call({ method: 'POST', url: `/reservations/${first.id}/confirm`, headers: waiter(other) });
    const confirmed = (
      await call({ method: 'GET', url: '/reservations?status=confirmed', headers: waiter(other) })
    ).body as { data: Reservation[] };
    expect(confirmed.data.map((x) => x.id)).toEqual([first.id]);
  });

  it('confirms, seats (opening a session on its table), and refuses what no longer applies', async () => {
    const table = await addTable(t, r, { number: 'R4', capacity: 4 });
    const reservation = (
      await book({
        guest_name: 'Seat me',
        party_size: 3,
        starts_at: '2026-11-23T06:00:00Z',
        table_id: table.id,
      })
    ).body as Reservation;
    expect((await act(reservation.id, 'confirm')).body).toMatchObject({ status: 'confirmed' });
    const twice = await act(reservation.id, 'confirm');
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      code: 'invalid_transition',
      details: { from: 'confirmed', to: 'confirmed' },
    });
    const seated = await act(reservation.id, 'seat');
    expect(seated.status).toBe(200);
    const result = seated.body as Reservation;
    expect(result).toMatchObject({ status: 'seated', table_id: table.id });
    expect(result.session_id).not.toBeNull();
    expect(await tableOf(table.id)).toMatchObject({ status: 'occupied', open_session_id: result.session_id });
    const opened = (await outbox(t, r.id, 'floor.session_opened.v1')).at(-1)!;
    expect(opened.payload).toMatchObject({
      covers: 3,
      source: 'reservation',
      reservation_id: reservation.id,
    });
    const changes = (await outbox(t, r.id, 'floor.reservation_status_changed.v1')).filter(
      (event) => event.payload.reservation_id === reservation.id,
    );
    expect(changes.map((event) => [event.payload.from, event.payload.to, event.payload.session_id])).toEqual([
      ['pending', 'confirmed', null],
      ['confirmed', 'seated', result.session_id],
    ]);
    for (const action of ['cancel', 'no-show', 'seat']) {
      expect((await act(reservation.id, action)).status, action).toBe(409);
    }
  });

  it('seats a booking without a table at the one named, and marks no-shows', async () => {
    const table = await addTable(t, r, { number: 'R5', capacity: 2 });
    const walk = (await book({ guest_name: 'No table', party_size: 2, starts_at: '2026-11-23T07:00:00Z' }))
      .body as Reservation;
    const missing = await act(walk.id, 'seat');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'table_required' });
    expect((await act(walk.id, 'seat', { table_id: table.id })).body).toMatchObject({
      status: 'seated',
      table_id: table.id,
    });
    const ghost = (await book({ guest_name: 'Ghost', party_size: 2, starts_at: '2026-11-23T09:00:00Z' }))
      .body as Reservation;
    expect((await act(ghost.id, 'no-show')).body).toMatchObject({ status: 'no_show' });
    expect(
      (await call({ method: 'GET', url: `/reservations/${ghost.id}`, headers: waiter(r) })).body,
    ).toMatchObject({
      status: 'no_show',
    });
  });

  it('a table with upcoming bookings cannot be deleted until they are cancelled', async () => {
    const table = await addTable(t, r, { number: 'KEEP', capacity: 2 });
    const booking = (
      await book({ guest_name: 'Soon', party_size: 2, starts_at: '2026-11-28T12:00:00Z', table_id: table.id })
    ).body as Reservation;
    const refused = await call({ method: 'DELETE', url: `/tables/${table.id}`, headers: manager(r) });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'table_has_reservations', details: { reservations: 1 } });
    await act(booking.id, 'cancel');
    expect((await call({ method: 'DELETE', url: `/tables/${table.id}`, headers: manager(r) })).status).toBe(
      204,
    );
  });

  it('the database itself refuses overlapping bookings where btree_gist exists (PostgreSQL)', async () => {
    const [constraint] = await t.db.admin.query<{ count: number }>(
      `select count(*)::int as count from pg_constraint where conname = 'reservations_no_overlap'`,
    );
    const hasGist = (
      await t.db.admin.query(`select 1 from pg_available_extensions where name = 'btree_gist'`)
    ).length;
    expect(constraint!.count).toBe(hasGist ? 1 : 0);
    if (!hasGist) return;
    const table = await addTable(t, r, { number: 'DB1', capacity: 2 });
    const insert = (id: string, startsAt: string) =>
      t.db.admin.query(
        `insert into floor.reservations (id, tenant_id, guest_name, party_size, starts_at, duration_minutes, ends_at, table_id, status, created_at, updated_at)
         values ($1, $2, 'raw', 2, $3::timestamptz, 90, $3::timestamptz + interval '90 minutes', $4, 'pending', now(), now())`,
        [id, r.id, startsAt, table.id],
      );
    await insert('01900000-0000-7000-8000-0000000000a1', '2026-12-01T12:00:00Z');
    await expect(
      insert('01900000-0000-7000-8000-0000000000a2', '2026-12-01T13:00:00Z'),
    ).rejects.toMatchObject({
      code: '23P01',
    });
  });
});

describe('waitlist', () => {
  it('quotes a wait from the fitting tables and the parties ahead, notifies, seats and cancels', async () => {
    const w = await newRestaurant(t, 'waitlist');
    const small = await addTable(t, w, { number: 'W1', capacity: 2 });
    const large = await addTable(t, w, { number: 'W2', capacity: 4 });
    const join = (party_size: number, guest_name = 'Guest') =>
      call({
        method: 'POST',
        url: '/waitlist',
        headers: waiter(w),
        payload: { guest_name, phone: '+91 90000 00001', party_size },
      });

    // A free table fits: no wait.
    expect((await join(2)).body).toMatchObject({ quoted_wait_minutes: 0, status: 'waiting' });
    await call({
      method: 'POST',
      url: `/waitlist/${(await listWaiting(w))[0]!.id}/cancel`,
      headers: waiter(w),
    });

    // Both tables taken: W1 10 minutes ago, W2 30 minutes ago (turn 45).
    await call({
      method: 'POST',
      url: `/tables/${small.id}/sessions`,
      headers: waiter(w),
      payload: { covers: 2 },
    });
    clock.advanceMinutes(20);
    await call({
      method: 'POST',
      url: `/tables/${large.id}/sessions`,
      headers: waiter(w),
      payload: { covers: 4 },
    });
    clock.advanceMinutes(10);
    // W1 has sat 30 minutes (frees in 15), W2 10 minutes (frees in 35).
    const first = (await join(2, 'First')).body as WaitlistEntry;
    expect(first.quoted_wait_minutes).toBe(15);
    // One party ahead: the next table to free is W2, in 35.
    const second = (await join(2, 'Second')).body as WaitlistEntry;
    expect(second.quoted_wait_minutes).toBe(35);
    // Only W2 seats four, and two parties are ahead: 35 + 2 turns of 45.
    expect(((await join(4, 'Four')).body as WaitlistEntry).quoted_wait_minutes).toBe(125);
    const tooLarge = await join(5);
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body).toMatchObject({ code: 'party_too_large' });
    expect((await join(0)).status).toBe(400);

    expect((await listWaiting(w)).map((entry) => entry.guest_name)).toEqual(['First', 'Second', 'Four']);

    const notified = await call({ method: 'POST', url: `/waitlist/${first.id}/notify`, headers: waiter(w) });
    expect(notified.body).toMatchObject({ status: 'notified' });
    expect((notified.body as WaitlistEntry).notified_at).toBe(clock.now().toISOString());
    const ready = (await outbox(t, w.id, 'floor.waitlist_ready.v1')).at(-1)!;
    expect(ready).toMatchObject({
      aggregate_id: first.id,
      payload: { entry_id: first.id, guest_name: 'First', phone: '+91 90000 00001', party_size: 2 },
    });
    expect(
      floorEvents.waitlistReady.channels({ payload: ready.payload } as unknown as EventEnvelope<never>),
    ).toEqual(['staff']);

    // Seating needs a free table that fits.
    const busy = await call({
      method: 'POST',
      url: `/waitlist/${first.id}/seat`,
      headers: waiter(w),
      payload: { table_id: small.id },
    });
    expect(busy.status).toBe(409);
    const sessions = (await call({ method: 'GET', url: '/table-sessions', headers: waiter(w) })).body as {
      data: { id: string; table_id: string }[];
    };
    const onSmall = sessions.data.find((session) => session.table_id === small.id)!;
    await call({ method: 'POST', url: `/table-sessions/${onSmall.id}/close`, headers: waiter(w) });
    await call({
      method: 'POST',
      url: `/tables/${small.id}/status`,
      headers: waiter(w),
      payload: { status: 'available' },
    });
    const four = (await listWaiting(w)).find((entry) => entry.guest_name === 'Four')!;
    const tooSmall = await call({
      method: 'POST',
      url: `/waitlist/${four.id}/seat`,
      headers: waiter(w),
      payload: { table_id: small.id },
    });
    expect(tooSmall.status).toBe(422);
    const seated = await call({
      method: 'POST',
      url: `/waitlist/${first.id}/seat`,
      headers: waiter(w),
      payload: { table_id: small.id },
    });
    expect(seated.status).toBe(200);
    expect(seated.body).toMatchObject({ status: 'seated' });
    expect((seated.body as WaitlistEntry).session_id).not.toBeNull();
    expect((await tableOf2(w, small.id)).open_session_id).toBe((seated.body as WaitlistEntry).session_id);

    expect(
      (await call({ method: 'POST', url: `/waitlist/${second.id}/cancel`, headers: waiter(w) })).body,
    ).toMatchObject({
      status: 'cancelled',
    });
    const again = await call({ method: 'POST', url: `/waitlist/${second.id}/notify`, headers: waiter(w) });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'waitlist_entry_not_active' });
    expect((await listWaiting(w)).map((entry) => entry.guest_name)).toEqual(['Four']);
    const cancelled = (await call({ method: 'GET', url: '/waitlist?status=cancelled', headers: waiter(w) }))
      .body as {
      data: WaitlistEntry[];
    };
    expect(cancelled.data).toHaveLength(2);
  });
});

async function listWaiting(restaurant: Restaurant): Promise<WaitlistEntry[]> {
  return (
    (await call({ method: 'GET', url: '/waitlist', headers: waiter(restaurant) })).body as {
      data: WaitlistEntry[];
    }
  ).data;
}

async function tableOf2(restaurant: Restaurant, id: string): Promise<FloorTable> {
  return (await call({ method: 'GET', url: `/tables/${id}`, headers: waiter(restaurant) }))
    .body as FloorTable;
}
