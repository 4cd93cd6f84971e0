import type { EventEnvelope, RequestContext } from '@brigade/kernel';
import type { Restaurant } from '@brigade/tenants';
import { as, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FloorTable, floorEvents, type TableQr, type TableSession } from '../src/contract/index.js';
import {
  addTable,
  caller,
  countRows,
  createFloorApp,
  floorService,
  manager,
  newRestaurant,
  outbox,
  waiter,
} from './support/floor-app.js';

let t: TestApp;
let call: ReturnType<typeof caller>;
let r: Restaurant;

beforeAll(async () => {
  t = await createFloorApp();
  call = caller(t);
  r = await newRestaurant(t, 'sessions');
});
afterAll(() => t?.close());

const open = (tableId: string, covers: number) =>
  call({ method: 'POST', url: `/tables/${tableId}/sessions`, headers: waiter(r), payload: { covers } });
const tableOf = async (id: string) =>
  (await call({ method: 'GET', url: `/tables/${id}`, headers: waiter(r) })).body as FloorTable;
const sessionOf = async (id: string) =>
  (await call({ method: 'GET', url: `/table-sessions/${id}`, headers: waiter(r) })).body as TableSession;
const setStatus = (id: string, status: string) =>
  call({ method: 'POST', url: `/tables/${id}/status`, headers: waiter(r), payload: { status } });

const anonymous: RequestContext = {
  tenantId: null,
  actor: { kind: 'anonymous', id: null, role: null, permissions: new Set() },
  requestId: 'guest',
  correlationId: 'guest',
  idempotencyKey: null,
};

describe('table sessions', () => {
  it('seating a party opens a session and occupies the table; one open session per table', async () => {
    const table = await addTable(t, r, { number: 'O1', capacity: 4 });
    const opened = await open(table.id, 3);
    expect(opened.status).toBe(201);
    const session = opened.body as TableSession;
    expect(opened.response.headers.location).toBe(`/api/v1/table-sessions/${session.id}`);
    expect(session).toMatchObject({
      table_id: table.id,
      status: 'open',
      covers: 3,
      source: 'staff',
      closed_at: null,
    });
    expect(await tableOf(table.id)).toMatchObject({ status: 'occupied', open_session_id: session.id });

    const before = await countRows(t, 'table_sessions', r.id);
    const again = await open(table.id, 2);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'session_already_open', details: { session_id: session.id } });
    expect(await countRows(t, 'table_sessions', r.id)).toBe(before);

    const opens = await outbox(t, r.id, 'floor.session_opened.v1');
    expect(opens.at(-1)).toMatchObject({
      aggregate_id: table.id,
      payload: {
        session_id: session.id,
        table_id: table.id,
        covers: 3,
        source: 'staff',
        reservation_id: null,
      },
    });
    const envelope = { payload: opens.at(-1)!.payload } as unknown as EventEnvelope<never>;
    expect(floorEvents.sessionOpened.channels(envelope)).toEqual(['staff', `table:${table.id}`]);
    const statuses = await outbox(t, r.id, 'floor.table_status_changed.v1');
    expect(statuses.at(-1)!.payload).toMatchObject({
      table_id: table.id,
      from: 'available',
      to: 'occupied',
      reason: 'session_opened',
    });
  });

  it('two waiters seating the same table at once: one session, one 409', async () => {
    const table = await addTable(t, r, { number: 'RACE', capacity: 4 });
    const results = await Promise.all([open(table.id, 2), open(table.id, 3), open(table.id, 4)]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409]);
    const [row] = await t.db.admin.query<{ count: number }>(
      `select count(*)::int as count from floor.table_sessions where table_id = $1`,
      [table.id],
    );
    expect(row!.count).toBe(1);
  });

  it('refuses covers < 1, unknown tables and tables being cleaned, writing nothing', async () => {
    const table = await addTable(t, r, { number: 'O2', capacity: 2 });
    const before = await countRows(t, 'table_sessions', r.id);
    expect((await open(table.id, 0)).status).toBe(400);
    const unknown = await open('01900000-0000-7000-8000-000000000000', 2);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'table_not_found' });
    await setStatus(table.id, 'cleaning');
    const cleaning = await open(table.id, 2);
    expect(cleaning.status).toBe(409);
    expect(cleaning.body).toMatchObject({ code: 'table_unavailable' });
    expect(await countRows(t, 'table_sessions', r.id)).toBe(before);
    expect((await tableOf(table.id)).status).toBe('cleaning');
  });

  it('tracks covers, closes (table to cleaning), then the table is made available again', async () => {
    const table = await addTable(t, r, { number: 'O3', capacity: 6 });
    const session = (await open(table.id, 2)).body as TableSession;
    const corrected = await call({
      method: 'PATCH',
      url: `/table-sessions/${session.id}`,
      headers: waiter(r),
      payload: { covers: 5 },
    });
    expect(corrected.body).toMatchObject({ covers: 5 });
    // While the party sits, the status follows the session.
    const manual = await setStatus(table.id, 'available');
    expect(manual.status).toBe(409);
    expect(manual.body).toMatchObject({ code: 'table_has_open_session' });
    const busyDelete = await call({ method: 'DELETE', url: `/tables/${table.id}`, headers: manager(r) });
    expect(busyDelete.status).toBe(409);

    const closed = await call({
      method: 'POST',
      url: `/table-sessions/${session.id}/close`,
      headers: waiter(r),
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', covers: 5 });
    expect((closed.body as TableSession).closed_at).not.toBeNull();
    expect(await tableOf(table.id)).toMatchObject({ status: 'cleaning', open_session_id: null });
    const closedEvent = (await outbox(t, r.id, 'floor.session_closed.v1')).at(-1)!;
    expect(closedEvent.payload).toEqual({ session_id: session.id, table_id: table.id, covers: 5 });

    const twice = await call({
      method: 'POST',
      url: `/table-sessions/${session.id}/close`,
      headers: waiter(r),
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'session_not_open' });
    const late = await call({
      method: 'PATCH',
      url: `/table-sessions/${session.id}`,
      headers: waiter(r),
      payload: { covers: 1 },
    });
    expect(late.status).toBe(409);

    expect((await setStatus(table.id, 'available')).body).toMatchObject({ status: 'available' });
    expect((await open(table.id, 2)).status).toBe(201);
  });

  it('moves a party to a free table only; the old table goes to cleaning', async () => {
    const from = await addTable(t, r, { number: 'M1', capacity: 4 });
    const to = await addTable(t, r, { number: 'M2', capacity: 4 });
    const busy = await addTable(t, r, { number: 'M3', capacity: 4 });
    const reserved = await addTable(t, r, { number: 'M4', capacity: 4 });
    const session = (await open(from.id, 2)).body as TableSession;
    await open(busy.id, 2);
    await setStatus(reserved.id, 'reserved');
    const move = (table_id: string) =>
      call({
        method: 'POST',
        url: `/table-sessions/${session.id}/move`,
        headers: waiter(r),
        payload: { table_id },
      });

    for (const target of [busy.id, reserved.id, from.id]) {
      const refused = await move(target);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'table_unavailable' });
    }
    expect((await move('01900000-0000-7000-8000-000000000000')).status).toBe(404);
    expect(await sessionOf(session.id)).toMatchObject({ table_id: from.id });

    const moved = await move(to.id);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: session.id, table_id: to.id, status: 'open' });
    expect(await tableOf(from.id)).toMatchObject({ status: 'cleaning', open_session_id: null });
    expect(await tableOf(to.id)).toMatchObject({ status: 'occupied', open_session_id: session.id });
    const event = (await outbox(t, r.id, 'floor.session_moved.v1')).at(-1)!;
    expect(event.payload).toEqual({ session_id: session.id, from_table_id: from.id, to_table_id: to.id });
    const envelope = { payload: event.payload } as unknown as EventEnvelope<never>;
    expect(floorEvents.sessionMoved.channels(envelope)).toEqual([
      'staff',
      `table:${from.id}`,
      `table:${to.id}`,
    ]);
  });

  it("merges another table's party: covers add up, the other closes as merged, its table is cleaned", async () => {
    const left = await addTable(t, r, { number: 'G1', capacity: 4 });
    const right = await addTable(t, r, { number: 'G2', capacity: 4 });
    const keep = (await open(left.id, 3)).body as TableSession;
    const join = (await open(right.id, 2)).body as TableSession;
    const merge = (id: string, session_id: string) =>
      call({
        method: 'POST',
        url: `/table-sessions/${id}/merge`,
        headers: waiter(r),
        payload: { session_id },
      });

    const self = await merge(keep.id, keep.id);
    expect(self.status).toBe(422);
    expect(self.body).toMatchObject({ code: 'cannot_merge_into_itself' });
    expect((await merge(keep.id, '01900000-0000-7000-8000-000000000000')).status).toBe(404);

    const crowd = (await open((await addTable(t, r, { number: 'G3', capacity: 100 })).id, 499))
      .body as TableSession;
    const tooMany = await merge(keep.id, crowd.id);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ code: 'party_too_large' });
    expect(await sessionOf(crowd.id)).toMatchObject({ status: 'open', covers: 499 });

    const merged = await merge(keep.id, join.id);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: keep.id, covers: 5, status: 'open', table_id: left.id });
    expect(await sessionOf(join.id)).toMatchObject({ status: 'merged', merged_into_id: keep.id });
    expect((await sessionOf(join.id)).closed_at).not.toBeNull();
    expect(await tableOf(right.id)).toMatchObject({ status: 'cleaning', open_session_id: null });
    expect(await tableOf(left.id)).toMatchObject({ status: 'occupied', open_session_id: keep.id });
    const event = (await outbox(t, r.id, 'floor.sessions_merged.v1')).at(-1)!;
    expect(event.payload).toEqual({
      session_id: keep.id,
      table_id: left.id,
      merged_session_id: join.id,
      merged_table_id: right.id,
      covers: 5,
    });
    const envelope = { payload: event.payload } as unknown as EventEnvelope<never>;
    expect(floorEvents.sessionsMerged.channels(envelope)).toEqual([
      'staff',
      `table:${left.id}`,
      `table:${right.id}`,
    ]);
    // A merged session cannot be merged again, nor merged into.
    const again = await merge(keep.id, join.id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'session_not_open' });
  });

  it('lists the open sessions; waiters without floor:sessions cannot seat parties', async () => {
    const list = (await call({ method: 'GET', url: '/table-sessions', headers: waiter(r) })).body as {
      data: TableSession[];
    };
    expect(list.data.length).toBeGreaterThan(0);
    expect(list.data.every((session) => session.status === 'open')).toBe(true);
    const table = await addTable(t, r, { number: 'RO', capacity: 2 });
    const readOnly = await call({
      method: 'POST',
      url: `/tables/${table.id}/sessions`,
      headers: readerOf(r),
      payload: { covers: 2 },
    });
    expect(readOnly.status).toBe(403);
  });

  it("a guest's first order opens the table's session by its token, idempotently", async () => {
    const table = await addTable(t, r, { number: 'QR1', capacity: 4 });
    const qr = (await call({ method: 'GET', url: `/tables/${table.id}/qr?format=json`, headers: manager(r) }))
      .body as TableQr;
    const service = floorService(t);
    const first = await service.openSessionForGuest(anonymous, { table_token: qr.token });
    expect(first).toMatchObject({
      tenant_id: r.id,
      table_id: table.id,
      status: 'open',
      source: 'guest',
      covers: 1,
    });
    const second = await service.openSessionForGuest(anonymous, { table_token: qr.token });
    expect(second.id).toBe(first.id);
    expect(await tableOf(table.id)).toMatchObject({ status: 'occupied', open_session_id: first.id });
    expect(
      (await outbox(t, r.id, 'floor.session_opened.v1')).filter((e) => e.payload.table_id === table.id),
    ).toHaveLength(1);
    // Staff seating the party after the guest ordered finds the session already open.
    expect((await open(table.id, 4)).status).toBe(409);
    await expect(
      service.openSessionForGuest(anonymous, { table_token: 'x'.repeat(43) }),
    ).rejects.toMatchObject({
      code: 'qr_code_not_found',
    });
  });

  it('a staff order at a table finds its open session or seats one, once (openSessionForTable)', async () => {
    const table = await addTable(t, r, { number: 'ST1', capacity: 4 });
    const service = floorService(t);
    const ctx: RequestContext = {
      ...anonymous,
      tenantId: r.id,
      actor: { kind: 'user', id: null, role: 'waiter', permissions: new Set() },
    };
    const first = await service.openSessionForTable(ctx, { table_id: table.id, covers: 2 });
    expect(first).toMatchObject({ table_id: table.id, status: 'open', source: 'staff', covers: 2 });
    const second = await service.openSessionForTable(ctx, { table_id: table.id, covers: 5 });
    expect(second).toMatchObject({ id: first.id, covers: 2 });
    expect(await tableOf(table.id)).toMatchObject({ status: 'occupied', open_session_id: first.id });
    expect(
      (await outbox(t, r.id, 'floor.session_opened.v1')).filter((e) => e.payload.table_id === table.id),
    ).toHaveLength(1);
    // Once the party left, the next order seats a new one.
    expect(
      (await call({ method: 'POST', url: `/table-sessions/${first.id}/close`, headers: waiter(r) })).status,
    ).toBe(200);
    await setStatus(table.id, 'available');
    const next = await service.openSessionForTable(ctx, { table_id: table.id, covers: 3 });
    expect(next.id).not.toBe(first.id);
    expect(next).toMatchObject({ status: 'open', covers: 3 });
    // Another restaurant's table, or a deleted one, is not found.
    const other: RequestContext = { ...ctx, tenantId: '0190a0a0-0000-7000-8000-0000000000ff' };
    await expect(service.openSessionForTable(other, { table_id: table.id, covers: 1 })).rejects.toMatchObject(
      {
        code: 'table_not_found',
      },
    );
    await expect(service.openSessionForTable(ctx, { table_id: table.id, covers: 0 })).rejects.toThrow();
  });
});

const readerOf = (restaurant: { id: string }) =>
  as({ tenantId: restaurant.id, role: 'kitchen', permissions: ['floor:read'] });
