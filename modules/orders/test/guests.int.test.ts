import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Restaurant } from '@brigade/tenants';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { OrderTracking, PlacedOrder } from '../src/contract/index.js';
import { signTrackingToken } from '../src/domain/tracking-token.js';
import { developmentTrackingSecret } from '../src/module.js';
import {
  addTable,
  client,
  createMenu,
  createOrdersApp,
  menuService,
  newRestaurant,
  outbox,
  system,
  type TestMenu,
  waiter,
} from './support/orders-app.js';

let t: TestApp;
let r: Restaurant;
let menu: TestMenu;
let url: string;

beforeAll(async () => {
  t = await createOrdersApp();
  r = await newRestaurant(t, 'guests');
  menu = await createMenu(t, r);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/realtime`;
});
afterAll(() => t?.close());

const anyone = () => client(t, {});
const staff = () => client(t, waiter(r));

async function guestOrder(token: string, body: Record<string, unknown> = {}) {
  return anyone().post(`/public/tables/${token}/orders`, {
    lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
    ...body,
  });
}

describe('guests at the table', () => {
  it('order from the QR code without signing in: dine-in, source qr, the table’s session opened once', async () => {
    const table = await addTable(t, r, 'G1');
    const first = await guestOrder(table.token, { customer: { name: 'Kiran' } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const placed = first.body as PlacedOrder;
    expect(placed).toMatchObject({
      channel: 'dine_in',
      source: 'qr',
      status: 'confirmed',
      table_id: table.id,
      table_number: 'G1',
      placed_by: null,
      customer: { name: 'Kiran' },
    });
    expect(placed).not.toHaveProperty('tenant_id');
    expect(first.headers.location).toBe(`/api/v1/public/orders/${placed.tracking_token}`);
    const second = await guestOrder(table.token, { lines: [{ menu_item_id: menu.beer.id, quantity: 2 }] });
    expect(second.body.session_id).toBe(placed.session_id);

    // Both phones at the table see both orders; staff see them as dine-in orders of the table.
    const seen = await anyone().get(`/public/tables/${table.token}/orders`);
    expect(seen.status).toBe(200);
    expect(seen.body.session_id).toBe(placed.session_id);
    expect(seen.body.data.map((order: OrderTracking) => order.order_id)).toEqual([placed.id, second.body.id]);
    expect(seen.body.data[1]).toMatchObject({
      table_number: 'G1',
      lines: [{ name: 'Kingfisher', quantity: 2, status: 'active', options: [] }],
      channel_name: `order:${second.body.id}`,
    });
    expect(JSON.stringify(seen.body)).not.toContain(r.id);
    const listed = await staff().get(`/orders?table_id=${table.id}`);
    expect(listed.body.data).toHaveLength(2);
    const history = (await staff().get(`/orders/${placed.id}/history`)).body.data;
    expect(history.map((entry: { changed_by: string }) => entry.changed_by)).toEqual(['guest', 'guest']);

    // Once the party left, the next guest starts a new visit: the old orders are not shown.
    expect((await client(t, waiter(r)).post(`/table-sessions/${placed.session_id}/close`)).status).toBe(200);
    expect((await anyone().get(`/public/tables/${table.token}/orders`)).body).toEqual({
      session_id: null,
      data: [],
    });

    // A phone retrying the same order (same Idempotency-Key) gets the same order back.
    const retryKey = { 'idempotency-key': `guest-${placed.id}` };
    const body = { lines: [{ menu_item_id: menu.samosa.id, quantity: 4 }] };
    const once = await anyone().post(`/public/tables/${table.token}/orders`, body, retryKey);
    const twice = await anyone().post(`/public/tables/${table.token}/orders`, body, retryKey);
    expect(twice.body.id).toBe(once.body.id);
    expect(twice.headers['idempotent-replayed']).toBe('true');

    // Unknown codes and bad lines.
    expect((await guestOrder('x'.repeat(43))).status).toBe(404);
    const bad = await guestOrder(table.token, { lines: [{ menu_item_id: menu.curry.id, quantity: 1 }] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('lines[0].option_ids');
    expect(
      (
        await guestOrder(table.token, {
          lines: [{ menu_item_id: menu.samosa.id, quantity: 1, unit_price: 1 }],
        })
      ).status,
    ).toBe(400);
  });

  it('the tracking page: status, lines, history; forged or altered tokens are 404', async () => {
    const table = await addTable(t, r, 'G2');
    const placed = (await guestOrder(table.token)).body as PlacedOrder;
    await staff().post(`/orders/${placed.id}/status`, { status: 'preparing' });
    const tracked = await anyone().get(`/public/orders/${placed.tracking_token}`);
    expect(tracked.status).toBe(200);
    expect(tracked.headers['cache-control']).toBe('no-store');
    expect(tracked.body).toMatchObject({
      order_id: placed.id,
      order_number: placed.number,
      status: 'preparing',
      channel: 'dine_in',
      table_number: 'G2',
      total: placed.total,
      currency: 'INR',
      channel_name: `order:${placed.id}`,
    });
    expect(tracked.body.history.map((entry: { status: string }) => entry.status)).toEqual([
      'pending',
      'confirmed',
      'preparing',
    ]);
    // Placed + the longest prep time (samosa: 420 s) while the kitchen is at it.
    expect(Date.parse(tracked.body.estimated_completion) - Date.parse(placed.created_at)).toBe(420_000);
    const forged = signTrackingToken('another-secret', r.id, placed.id);
    expect((await anyone().get(`/public/orders/${forged}`)).status).toBe(404);
    expect((await anyone().get(`/public/orders/${placed.tracking_token.slice(0, -2)}AA`)).status).toBe(404);
    const unknownOrder = signTrackingToken(
      developmentTrackingSecret,
      r.id,
      '0190a0a0-0000-7000-8000-0000000000ee',
    );
    expect((await anyone().get(`/public/orders/${unknownOrder}`)).body.code).toBe('tracking_token_invalid');
  });
});

/** A client that keeps every frame, so none is lost between awaits. */
async function connect(token: string) {
  const socket = new WebSocket(`${url}?access_token=${token}`);
  const frames: {
    op: string;
    code?: string;
    channel?: string;
    event?: { type: string; payload: Record<string, unknown> };
  }[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  await once(socket, 'open');
  const until = async (found: () => boolean) => {
    for (let waited = 0; !found(); waited += 20) {
      if (waited > 10_000) throw new Error(`no such frame; got ${JSON.stringify(frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { socket, frames, until };
}

describe('guests live', () => {
  it('a tracking token follows its order’s channel and receives its status changes; no other order, not staff', async () => {
    const table = await addTable(t, r, 'G3');
    const mine = (await guestOrder(table.token)).body as PlacedOrder;
    const other = (
      await staff().post('/orders', {
        channel: 'takeout',
        lines: [{ menu_item_id: menu.samosa.id, quantity: 1 }],
      })
    ).body as PlacedOrder;
    const guest = await connect(mine.tracking_token);
    guest.socket.send(JSON.stringify({ op: 'subscribe', channels: [`order:${other.id}`] }));
    await guest.until(() => guest.frames.some((frame) => frame.op === 'error'));
    expect(guest.frames[0]).toMatchObject({ op: 'error', code: 'forbidden_channel' });
    guest.socket.send(JSON.stringify({ op: 'subscribe', channels: ['staff', `table:${table.id}`] }));
    await guest.until(() => guest.frames.filter((frame) => frame.op === 'error').length === 2);
    guest.socket.send(JSON.stringify({ op: 'subscribe', channels: [`order:${mine.id}`] }));
    await guest.until(() => guest.frames.some((frame) => frame.op === 'subscribed'));

    await staff().post(`/orders/${other.id}/status`, { status: 'preparing' });
    await staff().post(`/orders/${mine.id}/status`, { status: 'preparing' });
    await staff().post(`/orders/${mine.id}/status`, { status: 'ready' });
    const events = () => guest.frames.filter((frame) => frame.op === 'event');
    await guest.until(() => events().some((frame) => frame.event!.type === 'orders.order_ready.v1'));
    expect(events().every((frame) => frame.channel === `order:${mine.id}`)).toBe(true);
    expect(events().map((frame) => frame.event!.payload.order_id)).not.toContain(other.id);
    expect(
      events().find((frame) => frame.event!.type === 'orders.order_preparing.v1')!.event!.payload,
    ).toMatchObject({
      from: 'confirmed',
      to: 'preparing',
    });
    guest.socket.close();
  });

  it('a table’s QR token follows exactly that table: the phones see the table’s new orders', async () => {
    const table = await addTable(t, r, 'G4');
    const elsewhere = await addTable(t, r, 'G5');
    const phone = await connect(table.token);
    phone.socket.send(JSON.stringify({ op: 'subscribe', channels: [`table:${elsewhere.id}`] }));
    await phone.until(() => phone.frames.some((frame) => frame.op === 'error'));
    phone.socket.send(JSON.stringify({ op: 'subscribe', channels: [`table:${table.id}`] }));
    await phone.until(() => phone.frames.some((frame) => frame.op === 'subscribed'));
    await guestOrder(elsewhere.token);
    const placed = (await guestOrder(table.token)).body as PlacedOrder;
    await phone.until(() =>
      phone.frames.some((frame) => frame.op === 'event' && frame.event!.type === 'orders.order_created.v1'),
    );
    const created = phone.frames.filter((frame) => frame.event?.type === 'orders.order_created.v1');
    expect(created.map((frame) => frame.event!.payload.order_id)).toEqual([placed.id]);
    expect(
      phone.frames
        .filter((frame) => frame.op === 'event')
        .every((frame) => frame.channel === `table:${table.id}`),
    ).toBe(true);
    phone.socket.close();
  });

  it('a table’s phones follow their restaurant’s menu: an 86 arrives at once, and goes no further', async () => {
    const table = await addTable(t, r, 'G6');
    const phone = await connect(table.token);
    phone.socket.send(JSON.stringify({ op: 'subscribe', channels: [`table:${table.id}`, 'menu'] }));
    await phone.until(() => phone.frames.some((frame) => frame.op === 'subscribed'));
    await menuService(t).setItemAvailability(system(r), { id: menu.samosa.id, available: false });
    try {
      await phone.until(() =>
        phone.frames.some(
          (frame) => frame.op === 'event' && frame.event!.type === 'menu.item_availability_changed.v1',
        ),
      );
      const sold = phone.frames.find((frame) => frame.event?.type === 'menu.item_availability_changed.v1')!;
      expect(sold.channel).toBe('menu');
      expect(sold.event!.payload).toMatchObject({ item_id: menu.samosa.id, is_available: false });
    } finally {
      await menuService(t).setItemAvailability(system(r), { id: menu.samosa.id, available: true });
      phone.socket.close();
    }
  });

  it('an unknown or forged token cannot open the WebSocket', async () => {
    const forged = signTrackingToken('not-the-secret', r.id, '0190a0a0-0000-7000-8000-0000000000ee');
    const socket = new WebSocket(`${url}?access_token=${forged}`);
    socket.on('error', () => undefined);
    const [, response] = (await once(socket, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(response.statusCode).toBe(401);
    socket.terminate();
    // The order's events are in the outbox all the same (what the feed is made of).
    expect((await outbox(t, r.id, 'orders.order_ready.v1')).length).toBeGreaterThan(0);
  });
});

describe('guest limits', () => {
  it('public order routes are limited per code, and per address at 20 codes’ worth (429 with Retry-After)', async () => {
    const limited = await createOrdersApp({ orders: { publicRequestsPerCodePerMinute: 2 } });
    try {
      const ask = async (url: string) => (await limited.app.inject({ method: 'GET', url })).statusCode;
      const table = (code: string) => `/api/v1/public/tables/${code.repeat(43)}/orders`;
      const codes: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) codes.push(await ask(table('x')));
      expect(codes).toEqual([404, 404, 429]);
      // Guests at another table on the same Wi-Fi have a budget of their own…
      expect(await ask(`/api/v1/public/orders/${'y'.repeat(86)}`)).toBe(404);
      // …until the address has spent 20 codes' worth (2 × 20 = 40; 4 spent above).
      const more: number[] = [];
      for (const code of 'abcdefghijklmnopqr') more.push(await ask(table(code)), await ask(table(code)));
      expect(more.filter((status) => status === 404)).toHaveLength(36);
      const refused = await limited.app.inject({ method: 'GET', url: table('z') });
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
