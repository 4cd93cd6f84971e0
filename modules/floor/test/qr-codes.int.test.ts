import { createHash } from 'node:crypto';
import type { AppModule } from '@brigade/http';
import type { Restaurant } from '@brigade/tenants';
import { tenantsModule } from '@brigade/tenants/module';
import { createTestApp, platformAdmin, type TestApp } from '@brigade/testing';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableQr } from '../src/contract/index.js';
import { floorModule } from '../src/module.js';
import {
  addTable,
  caller,
  createFloorApp,
  floorService,
  manager,
  newRestaurant,
  waiter,
} from './support/floor-app.js';

const publicBaseUrl = 'https://guest.example';
let t: TestApp;
let call: ReturnType<typeof caller>;
let a: Restaurant;
let b: Restaurant;

beforeAll(async () => {
  t = await createFloorApp({
    floor: { publicBaseUrl, qrSecret: 'a-test-secret-of-at-least-32-characters!!' },
  });
  call = caller(t);
  a = await newRestaurant(t, 'qr-a');
  b = await newRestaurant(t, 'qr-b');
});
afterAll(() => t?.close());

const qrOf = async (tableId: string, headers = manager(a)) =>
  (await call({ method: 'GET', url: `/tables/${tableId}/qr?format=json`, headers })).body as TableQr;
const lookup = (token: string, headers: Record<string, string> = {}) =>
  call({ method: 'GET', url: `/public/tables/${token}`, headers });

describe('QR codes', () => {
  it('gives staff the token and the guest URL it encodes; stores only its SHA-256', async () => {
    const table = await addTable(t, a, { number: 'Q1', capacity: 2 });
    const qr = await qrOf(table.id);
    expect(qr).toMatchObject({ table_id: table.id, number: 'Q1', qr_version: 1 });
    expect(qr.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(qr.url).toBe(`${publicBaseUrl}/t/${qr.token}`);
    // The same token every time (staff can reprint), different for every table.
    expect((await qrOf(table.id)).token).toBe(qr.token);
    const other = await addTable(t, a, { number: 'Q2', capacity: 2 });
    expect((await qrOf(other.id)).token).not.toBe(qr.token);
    const stored = await t.db.admin.query<{ token_hash: string }>(
      'select token_hash from floor.qr_codes where table_id = $1',
      [table.id],
    );
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(qr.token).digest('hex') }]);
    for (const stored of ['tables', 'qr_codes']) {
      const rows = await t.db.admin.query(`select row_to_json(x)::text as row from floor.${stored} x`);
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(qr.token);
    }
  });

  it('renders the guest URL as SVG and PNG (the very image the QR library makes of that URL)', async () => {
    const table = await addTable(t, a, { number: 'IMG', capacity: 2 });
    const qr = await qrOf(table.id);
    const svg = await call({ method: 'GET', url: `/tables/${table.id}/qr?format=svg`, headers: manager(a) });
    expect(svg.status).toBe(200);
    expect(svg.response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.response.body).toMatch(/^<svg /);
    expect(svg.response.body).toBe(
      await QRCode.toString(qr.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    );
    const png = await t.app.inject({
      method: 'GET',
      url: `/api/v1/tables/${table.id}/qr?format=png&size=256`,
      headers: manager(a),
    });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(
      png.rawPayload.equals(
        await QRCode.toBuffer(qr.url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 }),
      ),
    ).toBe(true);
    // Default format: SVG.
    const plain = await call({ method: 'GET', url: `/tables/${table.id}/qr`, headers: manager(a) });
    expect(plain.response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    // Printing codes is floor management: a waiter may not fetch the token.
    expect((await call({ method: 'GET', url: `/tables/${table.id}/qr`, headers: waiter(a) })).status).toBe(
      403,
    );
  });

  it('resolves a scanned token publicly to the restaurant and table (no sign-in)', async () => {
    const area = (
      await call({ method: 'POST', url: '/floor/areas', headers: manager(a), payload: { name: 'Patio' } })
    ).body as { id: string; name: string };
    const table = await addTable(t, a, { number: 'P7', capacity: 4, area_id: area.id });
    const qr = await qrOf(table.id);
    const resolved = await lookup(qr.url.split('/t/')[1]!);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual({
      restaurant: { id: a.id, name: a.name, slug: a.slug, currency: a.currency, timezone: a.timezone },
      table: { id: table.id, number: 'P7', area: { id: area.id, name: 'Patio' } },
    });
    expect(resolved.response.headers['cache-control']).toBe('no-store');
  });

  it('rotation invalidates the old printed code at once; the new one works', async () => {
    const table = await addTable(t, a, { number: 'ROT', capacity: 2 });
    const old = await qrOf(table.id);
    expect(
      (await call({ method: 'POST', url: `/tables/${table.id}/qr/rotate`, headers: waiter(a) })).status,
    ).toBe(403);
    const rotated = await call({ method: 'POST', url: `/tables/${table.id}/qr/rotate`, headers: manager(a) });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body as TableQr;
    expect(fresh.qr_version).toBe(2);
    expect(fresh.token).not.toBe(old.token);
    const gone = await lookup(old.token);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'qr_code_not_found' });
    expect((await lookup(fresh.token)).body).toMatchObject({ table: { id: table.id } });
    expect(await qrOf(table.id)).toEqual(fresh);
    expect(
      (await call({ method: 'GET', url: `/tables/${table.id}`, headers: manager(a) })).body,
    ).toMatchObject({
      qr_version: 2,
    });
  });

  it('a deleted table, an unknown or malformed token, or an inactive restaurant resolve to 404', async () => {
    const table = await addTable(t, a, { number: 'DEL', capacity: 2 });
    const qr = await qrOf(table.id);
    await call({ method: 'DELETE', url: `/tables/${table.id}`, headers: manager(a) });
    expect((await lookup(qr.token)).status).toBe(404);
    expect((await lookup('A'.repeat(43))).status).toBe(404);
    expect((await lookup('not-a-token')).status).toBe(404);

    const closing = await newRestaurant(t, 'qr-closing');
    const theirs = await addTable(t, closing, { number: '1', capacity: 2 });
    const token = (await qrOf(theirs.id, manager(closing))).token;
    expect((await lookup(token)).status).toBe(200);
    await call({ method: 'POST', url: `/restaurants/${closing.id}/deactivate`, headers: platformAdmin() });
    expect((await lookup(token)).status).toBe(404);
  });

  it("B's token resolves to B only; staff of A cannot use it", async () => {
    const theirs = await addTable(t, b, { number: 'B1', capacity: 2 });
    const token = (await qrOf(theirs.id, manager(b))).token;
    expect((await lookup(token)).body).toMatchObject({ restaurant: { id: b.id }, table: { id: theirs.id } });
    // A caller signed in to restaurant A is told nothing about B's code.
    expect((await lookup(token, manager(a))).status).toBe(404);
    await expect(
      floorService(t).openSessionForGuest(staffCtx(a.id), { table_token: token }),
    ).rejects.toMatchObject({ code: 'qr_code_not_found' });
  });

  it('after the QR secret changes, printed codes still resolve and reprinting asks for a rotation', async () => {
    const table = await addTable(t, a, { number: 'SEC', capacity: 2 });
    const printed = await qrOf(table.id);
    const peer = await createTestApp({
      peerOf: t,
      modules: [
        tenantsModule as AppModule,
        floorModule({ publicBaseUrl, qrSecret: 'another-test-secret-of-at-least-32-chars' }) as AppModule,
      ],
    });
    try {
      const peerCall = caller(peer);
      const reprint = await peerCall({ method: 'GET', url: `/tables/${table.id}/qr`, headers: manager(a) });
      expect(reprint.status).toBe(409);
      expect(reprint.body).toMatchObject({ code: 'qr_rotation_required' });
      const scan = (token: string) =>
        peerCall({ method: 'GET', url: `/public/tables/${token}`, headers: {} });
      expect((await scan(printed.token)).status).toBe(200);
      const rotated = await peerCall({
        method: 'POST',
        url: `/tables/${table.id}/qr/rotate`,
        headers: manager(a),
      });
      const fresh = rotated.body as TableQr;
      expect((await scan(fresh.token)).status).toBe(200);
      expect((await scan(printed.token)).status).toBe(404);
      expect(
        (await peerCall({ method: 'GET', url: `/tables/${table.id}/qr`, headers: manager(a) })).status,
      ).toBe(200);
    } finally {
      await peer.close();
    }
  });

  it('prints a sheet of every table with its label and code', async () => {
    const r = await newRestaurant(t, 'qr-sheet');
    await addTable(t, r, { number: 'S2', capacity: 2 });
    await addTable(t, r, { number: 'S1', capacity: 2 });
    const sheet = await call({ method: 'GET', url: '/tables/qr-sheet', headers: manager(r) });
    expect(sheet.status).toBe(200);
    expect(sheet.response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = sheet.response.body;
    expect(html).toContain(`<h1>${r.name}</h1>`);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.indexOf('Table S1')).toBeLessThan(html.indexOf('Table S2'));
    expect(html).not.toContain('Table Q1');
  });

  it('limits public lookups to 60 per minute per IP (429 after)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      statuses.push(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/public/tables/${'B'.repeat(43)}`,
            remoteAddress: '10.9.9.9',
          })
        ).statusCode,
      );
    }
    expect(statuses.slice(0, 60).every((status) => status === 404)).toBe(true);
    expect(statuses[60]).toBe(429);
  });
});

function staffCtx(tenantId: string) {
  return {
    tenantId,
    actor: {
      kind: 'user' as const,
      id: null,
      role: 'waiter' as const,
      permissions: new Set(['floor:sessions']),
    },
    requestId: 'test',
    correlationId: 'test',
    idempotencyKey: null,
  };
}
