import { as, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  cook,
  countRows,
  createKitchenApp,
  createMenu,
  manager,
  newRestaurant,
  placeOrder,
  type TestMenu,
  ticketsOf,
  waiter,
} from './support/kitchen-app.js';

/** Another restaurant's tickets, orders and workers do not exist for you; bad input writes nothing. */
let t: TestApp;
let a: { id: string };
let b: { id: string };
let menuB: TestMenu;

beforeAll(async () => {
  t = await createKitchenApp();
  a = await newRestaurant(t, 'kds-a');
  b = await newRestaurant(t, 'kds-b');
  await createMenu(t, a);
  menuB = await createMenu(t, b);
});
afterAll(() => t?.close());

// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
type Json = any;

describe('kitchen access', () => {
  it("another restaurant's ticket, order and worker ids answer 404, and nothing of B changes", async () => {
    const order = await placeOrder(t, b, [
      { menu_item_id: menuB.burger.id, quantity: 1 },
      { menu_item_id: menuB.cake.id, quantity: 1, course: 2 },
    ]);
    const [ticket] = await ticketsOf(t, b, order.id, 2);
    const worker = (await client(t, cook(b)).post('/kitchen/workers', { name: 'b_chef', prefetch: 2 })).body;
    const intruder = client(t, manager(a));
    const owner = client(t, as({ tenantId: a.id, role: 'owner', permissions: ['*'] }));
    for (const caller of [intruder, owner]) {
      for (const [method, url, body] of [
        ['GET', `/kds/tickets/${ticket.id}`],
        ['POST', `/kds/tickets/${ticket.id}/start`],
        ['POST', `/kds/tickets/${ticket.id}/bump`],
        ['POST', `/kds/tickets/${ticket.id}/recall`],
        ['POST', `/kds/tickets/${ticket.id}/rush`, { rush: true }],
        ['GET', `/kds/orders/${order.id}`],
        ['POST', `/kds/orders/${order.id}/fire`, { course: 2 }],
        ['POST', `/kds/orders/${order.id}/status`, { status: 'ready' }],
        ['GET', `/kitchen/workers/${worker.id}`],
        ['POST', `/kitchen/workers/${worker.id}/heartbeat`],
        ['POST', `/kitchen/workers/${worker.id}/claim`],
        ['DELETE', `/kitchen/workers/${worker.id}`],
      ] as [string, string, unknown?][]) {
        const answer =
          method === 'GET'
            ? await caller.get(url)
            : method === 'DELETE'
              ? await caller.delete(url)
              : await caller.post(url, body ?? {});
        expect(answer.status, `${method} ${url}`).toBe(404);
      }
      // A's lists never show B's things.
      for (const url of [
        '/kds/tickets?status=held,fired,started,bumped',
        '/kds/expo',
        '/kitchen/workers',
        '/kds/all-day',
      ]) {
        const answer = await caller.get(url);
        expect(answer.status).toBe(200);
        expect(JSON.stringify(answer.body)).not.toContain(ticket.id);
        expect(JSON.stringify(answer.body)).not.toContain(order.id);
        expect(JSON.stringify(answer.body)).not.toContain(worker.id);
      }
    }
    const still = await client(t, cook(b)).get(`/kds/orders/${order.id}`);
    expect(still.body.tickets.map((entry: Json) => [entry.status, entry.rush])).toEqual([
      ['fired', false],
      ['held', false],
    ]);
    expect((await client(t, cook(b)).get(`/kitchen/workers/${worker.id}`)).body.claimed).toBe(0);
  });

  it('permissions: waiters look and fire courses; the order status endpoint needs orders:status', async () => {
    const order = await placeOrder(t, b, [
      { menu_item_id: menuB.fries.id, quantity: 1 },
      { menu_item_id: menuB.cake.id, quantity: 1, course: 2 },
    ]);
    const [ticket] = await ticketsOf(t, b, order.id, 2);
    const looking = client(t, waiter(b));
    expect((await looking.get('/kds/tickets')).status).toBe(200);
    expect((await looking.post(`/kds/tickets/${ticket.id}/start`)).status).toBe(403);
    expect((await looking.post(`/kds/tickets/${ticket.id}/bump`)).status).toBe(403);
    const fired = await looking.post(`/kds/orders/${order.id}/fire`, { course: 2 });
    expect(fired.status, JSON.stringify(fired.body)).toBe(200);
    expect(fired.body.tickets.every((fired: { status: string }) => fired.status !== 'held')).toBe(true);
    expect((await looking.post('/kitchen/workers', { name: 'nope' })).status).toBe(403);
    const lineOnly = client(
      t,
      as({ tenantId: b.id, role: 'kitchen', permissions: ['kitchen:read', 'kitchen:write'] }),
    );
    expect((await lineOnly.post(`/kds/orders/${order.id}/status`, { status: 'preparing' })).status).toBe(403);
    expect(
      (await client(t, as({ tenantId: b.id, role: 'customer', permissions: [] })).get('/kds/tickets')).status,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/kds/tickets' })).statusCode).toBe(401);
  });

  it('bad input answers 400 problem+json and writes nothing', async () => {
    const order = await placeOrder(t, b, [
      { menu_item_id: menuB.burger.id, quantity: 1 },
      { menu_item_id: menuB.cake.id, quantity: 1, course: 2 },
    ]);
    const [ticket] = await ticketsOf(t, b, order.id, 2);
    const staff = client(t, cook(b));
    const before = {
      tickets: await countRows(t, 'tickets', b.id),
      outbox: await countRows(t, 'outbox', b.id),
      effects: await countRows(t, 'order_effects', b.id),
    };
    for (const [url, body] of [
      [`/kds/orders/${order.id}/fire`, { course: 0 }],
      [`/kds/orders/${order.id}/fire`, {}],
      [`/kds/orders/${order.id}/status`, { status: 'served' }],
      [`/kds/tickets/${ticket.id}/rush`, { rush: 'yes' }],
      ['/kds/tickets/not-a-uuid/start', {}],
    ] as [string, unknown][]) {
      const answer = await staff.post(url, body);
      expect(answer.status, url).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
    for (const url of [
      '/kds/tickets?status=cooking',
      '/kds/tickets?course=12',
      '/kds/all-day?station=Grill!',
      '/kds/metrics?from=yesterday',
    ]) {
      const answer = await staff.get(url);
      expect(answer.status, url).toBe(400);
      expect(answer.body.code).toBeTruthy();
    }
    expect((await staff.get('/kds/tickets?cursor=bogus')).body.code).toBe('invalid_cursor');
    expect({
      tickets: await countRows(t, 'tickets', b.id),
      outbox: await countRows(t, 'outbox', b.id),
      effects: await countRows(t, 'order_effects', b.id),
    }).toEqual(before);
    const unchanged = await staff.get(`/kds/orders/${order.id}`);
    expect(unchanged.body.tickets.map((entry: Json) => entry.status)).toEqual(['fired', 'held']);
  });
});
