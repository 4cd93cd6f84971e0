import type { EventEnvelope } from '@brigade/kernel';
import { demoRestaurantId, type Restaurant } from '@brigade/tenants';
import { as, platformAdmin, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Area, type FloorTable, floorEvents } from '../src/contract/index.js';
import {
  addTable,
  caller,
  countRows,
  createFloorApp,
  manager,
  newRestaurant,
  outbox,
  waiter,
} from './support/floor-app.js';

let t: TestApp;
let call: ReturnType<typeof caller>;
let a: Restaurant;
let b: Restaurant;

beforeAll(async () => {
  t = await createFloorApp();
  call = caller(t);
  a = await newRestaurant(t, 'floor-a');
  b = await newRestaurant(t, 'floor-b');
});
afterAll(() => t?.close());

describe('areas', () => {
  it('creates, lists in position order, renames and deletes an empty area', async () => {
    const r = await newRestaurant(t, 'areas-crud');
    const terrace = await call({
      method: 'POST',
      url: '/floor/areas',
      headers: manager(r),
      payload: { name: 'Terrace', position: 2 },
    });
    expect(terrace.status).toBe(201);
    const area = terrace.body as Area;
    expect(terrace.response.headers.location).toBe(`/api/v1/floor/areas/${area.id}`);
    await call({ method: 'POST', url: '/floor/areas', headers: manager(r), payload: { name: 'Main hall' } });
    const list = await call({ method: 'GET', url: '/floor/areas', headers: waiter(r) });
    expect((list.body as { data: Area[] }).data.map((x) => [x.name, x.position])).toEqual([
      ['Main hall', 0],
      ['Terrace', 2],
    ]);
    const renamed = await call({
      method: 'PATCH',
      url: `/floor/areas/${area.id}`,
      headers: manager(r),
      payload: { name: 'Garden' },
    });
    expect(renamed.body).toMatchObject({ id: area.id, name: 'Garden', position: 2 });
    const taken = await call({
      method: 'PATCH',
      url: `/floor/areas/${area.id}`,
      headers: manager(r),
      payload: { name: 'main HALL' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'area_name_taken' });
    expect(
      (await call({ method: 'DELETE', url: `/floor/areas/${area.id}`, headers: manager(r) })).status,
    ).toBe(204);
    expect(await countRows(t, 'areas', r.id)).toBe(1);
  });

  it('refuses to delete an area with tables (409 area_not_empty), and a duplicate name', async () => {
    const r = await newRestaurant(t, 'areas-busy');
    const area = (
      await call({ method: 'POST', url: '/floor/areas', headers: manager(r), payload: { name: 'Bar' } })
    ).body as Area;
    await addTable(t, r, { number: 'B1', capacity: 2, area_id: area.id });
    const refused = await call({ method: 'DELETE', url: `/floor/areas/${area.id}`, headers: manager(r) });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'area_not_empty', details: { tables: 1 } });
    const duplicate = await call({
      method: 'POST',
      url: '/floor/areas',
      headers: manager(r),
      payload: { name: 'bar' },
    });
    expect(duplicate.status).toBe(409);
    expect(await countRows(t, 'areas', r.id)).toBe(1);
  });

  it('waiters may read but not arrange the floor', async () => {
    const denied = await call({
      method: 'POST',
      url: '/floor/areas',
      headers: waiter(a),
      payload: { name: 'X' },
    });
    expect(denied.status).toBe(403);
    const anonymous = await call({ method: 'GET', url: '/floor/areas', headers: {} });
    expect(anonymous.status).toBe(401);
  });
});

describe('tables', () => {
  it('creates a table with its floor-plan position; 201, Location, stored as sent', async () => {
    const area = (
      await call({ method: 'POST', url: '/floor/areas', headers: manager(a), payload: { name: 'Main' } })
    ).body as Area;
    const created = await call({
      method: 'POST',
      url: '/tables',
      headers: manager(a),
      payload: {
        number: 'T1',
        capacity: 4,
        area_id: area.id,
        position: { x: 10, y: 20, width: 80, height: 60, shape: 'rectangle' },
      },
    });
    expect(created.status).toBe(201);
    const table = created.body as FloorTable;
    expect(created.response.headers.location).toBe(`/api/v1/tables/${table.id}`);
    expect(table).toMatchObject({
      number: 'T1',
      capacity: 4,
      area_id: area.id,
      position: { x: 10, y: 20, width: 80, height: 60, shape: 'rectangle' },
      status: 'available',
      qr_version: 1,
      open_session_id: null,
    });
    const fetched = await call({ method: 'GET', url: `/tables/${table.id}`, headers: waiter(a) });
    expect(fetched.body).toEqual(table);
  });

  it('answers 409 for a duplicate number (case-insensitive) and writes nothing', async () => {
    const r = await newRestaurant(t, 'dup-numbers');
    await addTable(t, r, { number: 'T7', capacity: 2 });
    const before = {
      tables: await countRows(t, 'tables', r.id),
      codes: await countRows(t, 'qr_codes', r.id),
    };
    for (const number of ['T7', 't7', ' T7 ']) {
      const duplicate = await call({
        method: 'POST',
        url: '/tables',
        headers: manager(r),
        payload: { number, capacity: 4 },
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({
        code: 'table_number_taken',
        errors: [{ field: 'number', message: 'already taken' }],
      });
    }
    expect(await countRows(t, 'tables', r.id)).toBe(before.tables);
    expect(await countRows(t, 'qr_codes', r.id)).toBe(before.codes);
    // Another restaurant may use the same number.
    await addTable(t, b, { number: 'T7', capacity: 2 });
  });

  it('refuses bad input with one error per field: capacity < 1, bad number, unknown area', async () => {
    const r = await newRestaurant(t, 'bad-tables');
    const invalid = await call({
      method: 'POST',
      url: '/tables',
      headers: manager(r),
      payload: { number: '', capacity: 0, position: { x: -1, y: 0 } },
    });
    expect(invalid.status).toBe(400);
    const fields = (invalid.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['capacity', 'number', 'position.x']);
    const unknownArea = await call({
      method: 'POST',
      url: '/tables',
      headers: manager(r),
      payload: { number: 'T1', capacity: 2, area_id: '01900000-0000-7000-8000-000000000000' },
    });
    expect(unknownArea.status).toBe(404);
    expect(unknownArea.body).toMatchObject({ code: 'area_not_found', errors: [{ field: 'area_id' }] });
    expect(await countRows(t, 'tables', r.id)).toBe(0);
  });

  it('updates a table; a number clash is a 409 that changes nothing', async () => {
    const r = await newRestaurant(t, 'update-tables');
    const one = await addTable(t, r, { number: '1', capacity: 2 });
    await addTable(t, r, { number: '2', capacity: 2 });
    const updated = await call({
      method: 'PATCH',
      url: `/tables/${one.id}`,
      headers: manager(r),
      payload: { capacity: 6, position: { x: 5, y: 5, shape: 'round' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      capacity: 6,
      position: { x: 5, y: 5, shape: 'round' },
      number: '1',
    });
    const clash = await call({
      method: 'PATCH',
      url: `/tables/${one.id}`,
      headers: manager(r),
      payload: { number: '2' },
    });
    expect(clash.status).toBe(409);
    const after = await call({ method: 'GET', url: `/tables/${one.id}`, headers: manager(r) });
    expect(after.body).toMatchObject({ number: '1', capacity: 6 });
    const empty = await call({ method: 'PATCH', url: `/tables/${one.id}`, headers: manager(r), payload: {} });
    expect(empty.status).toBe(400);
  });

  it('lists with area and status filters, paging with a cursor', async () => {
    const r = await newRestaurant(t, 'list-tables');
    const hall = (
      await call({ method: 'POST', url: '/floor/areas', headers: manager(r), payload: { name: 'Hall' } })
    ).body as Area;
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      ids.push((await addTable(t, r, { number: `L${i}`, capacity: 2, area_id: i <= 3 ? hall.id : null })).id);
    }
    await call({
      method: 'POST',
      url: `/tables/${ids[0]}/status`,
      headers: waiter(r),
      payload: { status: 'reserved' },
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await call({ method: 'GET', url: `/tables?limit=2${query}`, headers: waiter(r) }))
        .body as {
        data: FloorTable[];
        next_cursor: string | null;
      };
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((table) => table.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    const inHall = (await call({ method: 'GET', url: `/tables?area_id=${hall.id}`, headers: waiter(r) }))
      .body as {
      data: FloorTable[];
    };
    expect(inHall.data.map((table) => table.number)).toEqual(['L1', 'L2', 'L3']);
    const reserved = (await call({ method: 'GET', url: '/tables?status=reserved', headers: waiter(r) }))
      .body as {
      data: FloorTable[];
    };
    expect(reserved.data.map((table) => table.id)).toEqual([ids[0]]);
    const bad = await call({ method: 'GET', url: '/tables?cursor=garbage', headers: waiter(r) });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_cursor' });
  });

  it('deletes a table: gone from lists, its number free again', async () => {
    const r = await newRestaurant(t, 'delete-tables');
    const table = await addTable(t, r, { number: 'D1', capacity: 2 });
    expect((await call({ method: 'DELETE', url: `/tables/${table.id}`, headers: waiter(r) })).status).toBe(
      403,
    );
    expect((await call({ method: 'DELETE', url: `/tables/${table.id}`, headers: manager(r) })).status).toBe(
      204,
    );
    expect((await call({ method: 'GET', url: `/tables/${table.id}`, headers: manager(r) })).status).toBe(404);
    expect((await call({ method: 'DELETE', url: `/tables/${table.id}`, headers: manager(r) })).status).toBe(
      404,
    );
    const again = await addTable(t, r, { number: 'D1', capacity: 4 });
    expect(again.id).not.toBe(table.id);
    expect(await countRows(t, 'qr_codes', r.id)).toBe(1);
  });
});

describe('layout events', () => {
  it('announces tables and areas created, updated and deleted; a refused change announces nothing', async () => {
    const r = await newRestaurant(t, 'layout-events');
    const hall = (
      await call({ method: 'POST', url: '/floor/areas', headers: manager(r), payload: { name: 'Hall' } })
    ).body as Area;
    await call({
      method: 'PATCH',
      url: `/floor/areas/${hall.id}`,
      headers: manager(r),
      payload: { position: 3 },
    });
    const table = await addTable(t, r, { number: 'E1', capacity: 2, area_id: hall.id });
    await addTable(t, r, { number: 'E2', capacity: 2 });
    const moved = { capacity: 4, area_id: null, position: { x: 10, y: 20, shape: 'round' } };
    await call({ method: 'PATCH', url: `/tables/${table.id}`, headers: manager(r), payload: moved });
    const clash = await call({
      method: 'PATCH',
      url: `/tables/${table.id}`,
      headers: manager(r),
      payload: { number: 'E2' },
    });
    expect(clash.status).toBe(409);
    await call({ method: 'DELETE', url: `/tables/${table.id}`, headers: manager(r) });
    await call({ method: 'DELETE', url: `/floor/areas/${hall.id}`, headers: manager(r) });

    const payloads = async (type: string) =>
      (await outbox(t, r.id, type)).map((event) => event.payload as Record<string, unknown>);
    expect(await payloads(floorEvents.areaCreated.type)).toEqual([
      { area_id: hall.id, name: 'Hall', position: 0 },
    ]);
    expect(await payloads(floorEvents.areaUpdated.type)).toEqual([
      { area_id: hall.id, name: 'Hall', position: 3 },
    ]);
    expect(await payloads(floorEvents.areaDeleted.type)).toEqual([{ area_id: hall.id, name: 'Hall' }]);
    expect((await payloads(floorEvents.tableCreated.type)).map((p) => [p.number, p.area_id])).toEqual([
      ['E1', hall.id],
      ['E2', null],
    ]);
    expect(await payloads(floorEvents.tableUpdated.type)).toEqual([
      { table_id: table.id, number: 'E1', ...moved },
    ]);
    expect(await payloads(floorEvents.tableDeleted.type)).toEqual([{ table_id: table.id, number: 'E1' }]);
  });
});

describe('table status', () => {
  it('follows the transition rule and announces each change on the staff and table channels', async () => {
    const r = await newRestaurant(t, 'status-cycle');
    const table = await addTable(t, r, { number: 'S1', capacity: 2 });
    const set = (status: string) =>
      call({ method: 'POST', url: `/tables/${table.id}/status`, headers: waiter(r), payload: { status } });
    expect((await set('occupied')).body).toMatchObject({ status: 'occupied' });
    expect((await set('cleaning')).body).toMatchObject({ status: 'cleaning' });
    const nonsense = await set('reserved');
    expect(nonsense.status).toBe(409);
    expect(nonsense.body).toMatchObject({
      code: 'invalid_transition',
      details: { from: 'cleaning', to: 'reserved' },
    });
    expect((await set('available')).body).toMatchObject({ status: 'available' });
    // The same status again changes nothing and announces nothing.
    expect((await set('available')).status).toBe(200);
    const invalid = await set('on-fire');
    expect(invalid.status).toBe(400);
    const events = await outbox(t, r.id, 'floor.table_status_changed.v1');
    expect(events.map((event) => [event.payload.from, event.payload.to])).toEqual([
      ['available', 'occupied'],
      ['occupied', 'cleaning'],
      ['cleaning', 'available'],
    ]);
    expect(events[0]).toMatchObject({
      aggregate_id: table.id,
      payload: { table_id: table.id, number: 'S1', reason: 'manual' },
    });
    const envelope = { payload: events[0]!.payload } as unknown as EventEnvelope<never>;
    expect(floorEvents.tableStatusChanged.channels(envelope)).toEqual(['staff', `table:${table.id}`]);
  });

  it('kitchen staff without floor:sessions cannot change a status', async () => {
    const table = await addTable(t, a, { number: 'K1', capacity: 2 });
    const kitchen = as({ tenantId: a.id, role: 'kitchen', permissions: ['floor:read'] });
    const denied = await call({
      method: 'POST',
      url: `/tables/${table.id}/status`,
      headers: kitchen,
      payload: { status: 'cleaning' },
    });
    expect(denied.status).toBe(403);
  });
});

describe('tenant isolation', () => {
  it("another restaurant's table is 404 to read, change, delete or seat", async () => {
    const theirs = await addTable(t, b, { number: 'ISO', capacity: 4 });
    const mine = manager(a);
    for (const request of [
      { method: 'GET' as const, url: `/tables/${theirs.id}` },
      { method: 'PATCH' as const, url: `/tables/${theirs.id}`, payload: { capacity: 9 } },
      { method: 'POST' as const, url: `/tables/${theirs.id}/status`, payload: { status: 'cleaning' } },
      { method: 'POST' as const, url: `/tables/${theirs.id}/sessions`, payload: { covers: 2 } },
      { method: 'GET' as const, url: `/tables/${theirs.id}/qr` },
      { method: 'POST' as const, url: `/tables/${theirs.id}/qr/rotate` },
      { method: 'DELETE' as const, url: `/tables/${theirs.id}` },
    ]) {
      const response = await call({ ...request, headers: mine });
      expect(response.status, `${request.method} ${request.url}`).toBe(404);
    }
    const list = (await call({ method: 'GET', url: '/tables?limit=200', headers: mine })).body as {
      data: FloorTable[];
    };
    expect(list.data.map((table) => table.id)).not.toContain(theirs.id);
    const untouched = (await call({ method: 'GET', url: `/tables/${theirs.id}`, headers: manager(b) })).body;
    expect(untouched).toMatchObject({ capacity: 4, status: 'available', qr_version: 1 });
  });

  it('the platform admin, who acts for no restaurant, creates no floor data', async () => {
    const response = await call({
      method: 'POST',
      url: '/tables',
      headers: platformAdmin(),
      payload: { number: 'P1', capacity: 2 },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'restaurant_required' });
  });
});

describe('demo data', () => {
  it("seeds Spice Route's two areas and five tables once, however often seed runs", async () => {
    await t.seed();
    await t.seed();
    const spice = manager({ id: demoRestaurantId });
    const areas = (await call({ method: 'GET', url: '/floor/areas', headers: spice })).body as {
      data: Area[];
    };
    expect(areas.data.map((area) => area.name)).toEqual(['Main hall', 'Terrace']);
    const tables = (await call({ method: 'GET', url: '/tables', headers: spice })).body as {
      data: FloorTable[];
    };
    expect(tables.data.map((table) => [table.number, table.capacity])).toEqual([
      ['T1', 2],
      ['T2', 2],
      ['T3', 4],
      ['T4', 4],
      ['T5', 6],
    ]);
    const terrace = areas.data.find((area) => area.name === 'Terrace')!;
    expect(tables.data.filter((table) => table.area_id === terrace.id).map((table) => table.number)).toEqual([
      'T4',
      'T5',
    ]);
  });
});

describe('OpenAPI', () => {
  it('describes the floor routes and every /api route declares a permission or public', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/floor/areas',
      '/api/v1/tables',
      '/api/v1/tables/{id}',
      '/api/v1/tables/{id}/qr',
      '/api/v1/tables/qr-sheet',
      '/api/v1/public/tables/{token}',
      '/api/v1/table-sessions/{id}/merge',
      '/api/v1/reservations',
      '/api/v1/waitlist/{id}/notify',
    ]) {
      expect(spec.paths[path], path).toBeDefined();
    }
    expect(spec.components.schemas.FloorTable).toBeDefined();
    expect(spec.paths['/api/v1/tables'].post.responses['409']).toBeDefined();
  });
});
