import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  cook,
  createKitchenApp,
  createMenu,
  kitchenService,
  manualClock,
  newRestaurant,
  outbox,
  placeOrder,
  system,
  type TestMenu,
  ticketsOf,
} from './support/kitchen-app.js';

/** Issue 6 point 7 (seed 004): workers register, heartbeat, claim fairly and release when they vanish. */
const clock = manualClock(new Date('2026-11-20T18:00:00.000Z'));
let t: TestApp;
let r: { id: string };
let menu: TestMenu;

beforeAll(async () => {
  t = await createKitchenApp({ clock, kitchen: { heartbeatTimeoutSeconds: 30 } });
  r = await newRestaurant(t, 'kds-workers');
  menu = await createMenu(t, r);
});
afterAll(() => t?.close());

// biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely
type Json = any;

const ids = (tickets: Json[]) => tickets.map((ticket) => ticket.id as string);

async function fryerTickets(count: number, channel: 'takeout' | 'delivery' = 'takeout'): Promise<string[]> {
  const made: string[] = [];
  for (let index = 0; index < count; index++) {
    const order = await placeOrder(
      t,
      r,
      [{ menu_item_id: menu.fries.id, quantity: 1 }],
      channel,
      channel === 'delivery' ? { delivery_address: { line1: '1 Rue de la Paix', city: 'Paris' } } : {},
    );
    made.push(...ids(await ticketsOf(t, r, order.id, 1)));
  }
  return made;
}

describe('kitchen workers', () => {
  it('register (again: update), heartbeat, claim up to prefetch, bump counts, vanish → offline and released', async () => {
    const staff = client(t, cook(r));
    const first = await staff.post('/kitchen/workers', {
      name: 'chef_mario',
      stations: ['fryer'],
      prefetch: 1,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      name: 'chef_mario',
      status: 'online',
      claimed: 0,
      orders_processed: 0,
    });
    const again = await staff.post('/kitchen/workers', {
      name: 'chef_mario',
      stations: ['fryer'],
      prefetch: 2,
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, prefetch: 2 });
    const luigi = (
      await staff.post('/kitchen/workers', { name: 'chef_luigi', stations: ['fryer'], prefetch: 2 })
    ).body;
    const mario = again.body;

    const five = await fryerTickets(5);
    // Fair: each takes at most its prefetch, oldest first, never the same ticket.
    const m1 = await staff.post(`/kitchen/workers/${mario.id}/claim`);
    expect(m1.status, JSON.stringify(m1.body)).toBe(200);
    expect(ids(m1.body.claimed)).toEqual(five.slice(0, 2));
    const l1 = (await staff.post(`/kitchen/workers/${luigi.id}/claim`)).body;
    expect(ids(l1.claimed)).toEqual(five.slice(2, 4));
    const m2 = (await staff.post(`/kitchen/workers/${mario.id}/claim`)).body;
    expect(m2.claimed).toEqual([]);
    expect(ids(m2.holding)).toEqual(five.slice(0, 2));
    expect(m2.holding.every((ticket: Json) => ticket.claimed_by === mario.id)).toBe(true);

    // Bumping a claimed ticket counts for its worker and frees a place.
    expect((await staff.post(`/kds/tickets/${five[0]}/start`)).status).toBe(200);
    expect((await staff.post(`/kds/tickets/${five[0]}/bump`)).status).toBe(200);
    const m3 = (await staff.post(`/kitchen/workers/${mario.id}/claim`)).body;
    expect(ids(m3.claimed)).toEqual([five[4]]);
    const bumped = (await outbox(t, r.id, 'kitchen.ticket_bumped.v1')).find(
      (row) => row.payload.ticket_id === five[0],
    );
    expect(bumped?.payload.worker_id).toBe(mario.id);

    let list = (await staff.get('/kitchen/workers')).body.data;
    expect(list.find((worker: Json) => worker.id === mario.id)).toMatchObject({
      status: 'online',
      claimed: 2,
      orders_processed: 1,
      last_seen: clock.now().toISOString(),
    });

    // Mario keeps beating; Luigi goes quiet past the timeout.
    clock.advanceSeconds(20);
    expect((await staff.post(`/kitchen/workers/${mario.id}/heartbeat`)).body.status).toBe('online');
    clock.advanceSeconds(15);
    list = (await staff.get('/kitchen/workers')).body.data;
    expect(list.find((worker: Json) => worker.id === luigi.id).status).toBe('offline');
    const swept = await kitchenService(t).sweep({ ...system(r), tenantId: null });
    expect(swept).toMatchObject({ workers_offline: 1, tickets_released: 2 });
    expect(await kitchenService(t).sweep(system(r))).toMatchObject({
      workers_offline: 0,
      tickets_released: 0,
    });
    const released = await outbox(t, r.id, 'kitchen.tickets_released.v1');
    expect(released.map((row) => row.payload)).toEqual([
      { worker_id: luigi.id, name: 'chef_luigi', ticket_ids: five.slice(2, 4), reason: 'worker_offline' },
    ]);
    expect(
      (await outbox(t, r.id, 'kitchen.worker_went_offline.v1')).map((row) => row.payload.worker_id),
    ).toEqual([luigi.id]);
    list = (await staff.get('/kitchen/workers')).body.data;
    expect(list.find((worker: Json) => worker.id === luigi.id)).toMatchObject({
      status: 'offline',
      claimed: 0,
    });
    expect(list.find((worker: Json) => worker.id === mario.id)).toMatchObject({
      status: 'online',
      claimed: 2,
    });
    // Released tickets are free again (Mario is full; a new worker takes them).
    const peach = (await staff.post('/kitchen/workers', { name: 'chef_peach', prefetch: 5 })).body;
    expect(ids((await staff.post(`/kitchen/workers/${peach.id}/claim`)).body.claimed)).toEqual(
      five.slice(2, 4),
    );

    // Removing a worker releases what it held.
    const removed = await staff.delete(`/kitchen/workers/${peach.id}`);
    expect(removed.status).toBe(204);
    expect((await staff.get(`/kitchen/workers/${peach.id}`)).status).toBe(404);
    expect((await staff.get(`/kds/tickets/${five[2]}`)).body.claimed_by).toBeNull();
    const removedEvent = (await outbox(t, r.id, 'kitchen.tickets_released.v1')).at(-1);
    expect(removedEvent?.payload).toMatchObject({ worker_id: peach.id, reason: 'worker_removed' });

    // A recalled ticket no longer counts as processed, until it is bumped again.
    expect((await staff.post(`/kds/tickets/${five[0]}/recall`)).status).toBe(200);
    expect((await staff.get(`/kitchen/workers/${mario.id}`)).body.orders_processed).toBe(0);
    expect((await staff.post(`/kds/tickets/${five[0]}/bump`)).status).toBe(200);
    expect((await staff.get(`/kitchen/workers/${mario.id}`)).body.orders_processed).toBe(1);
  });

  it('claims only the order types and stations a worker handles', async () => {
    const staff = client(t, cook(r));
    const dineInOnly = (
      await staff.post('/kitchen/workers', { name: 'dine_in_chef', order_types: ['dine_in'], prefetch: 5 })
    ).body;
    const deliveryChef = (
      await staff.post('/kitchen/workers', { name: 'delivery_chef', order_types: ['delivery'], prefetch: 50 })
    ).body;
    const grillChef = (
      await staff.post('/kitchen/workers', { name: 'grill_chef', stations: ['grill'], prefetch: 50 })
    ).body;
    const delivered = await fryerTickets(2, 'delivery');
    expect((await staff.post(`/kitchen/workers/${dineInOnly.id}/claim`)).body.claimed).toEqual([]);
    expect((await staff.post(`/kitchen/workers/${grillChef.id}/claim`)).body.claimed).toEqual([]);
    const claimed = (await staff.post(`/kitchen/workers/${deliveryChef.id}/claim`)).body.claimed;
    expect(ids(claimed)).toEqual(delivered);
    expect(claimed.every((ticket: Json) => ticket.channel === 'delivery' && ticket.station === 'fryer')).toBe(
      true,
    );
  });

  it('concurrent claims never hand one ticket to two workers', async () => {
    const staff = client(t, cook(r));
    // Whatever is still free is claimed away first, so the count below is exact.
    const sweeper = (await staff.post('/kitchen/workers', { name: 'sweeper', prefetch: 50 })).body;
    await staff.post(`/kitchen/workers/${sweeper.id}/claim`);
    const tickets = await fryerTickets(12);
    const workers: Json[] = [];
    for (let index = 0; index < 6; index++) {
      workers.push(
        (await staff.post('/kitchen/workers', { name: `racer_${index}`, stations: ['fryer'], prefetch: 3 }))
          .body,
      );
    }
    const answers = await Promise.all(
      workers.map((worker) => staff.post(`/kitchen/workers/${worker.id}/claim`)),
    );
    const claimed = answers.flatMap((answer) => ids(answer.body.claimed));
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual([...tickets].sort());
    for (const answer of answers) expect(answer.body.claimed.length).toBeLessThanOrEqual(3);
  });

  it('refuses bad registrations without writing anything', async () => {
    const staff = client(t, cook(r));
    const before = (await staff.get('/kitchen/workers?limit=200')).body.data.length;
    for (const body of [
      { name: '', prefetch: 1 },
      { name: 'ok', prefetch: 0 },
      { name: 'ok', prefetch: 51 },
      { name: 'ok', stations: ['Not A Station'] },
      { name: 'ok', order_types: ['drive_through'] },
      { name: 'ok', surprise: true },
    ]) {
      const answer = await staff.post('/kitchen/workers', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body.errors.length).toBeGreaterThan(0);
    }
    expect((await staff.get('/kitchen/workers?limit=200')).body.data.length).toBe(before);
  });
});
