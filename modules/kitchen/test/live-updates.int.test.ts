import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  client,
  cook,
  createKitchenApp,
  createMenu,
  newRestaurant,
  placeOrder,
  type TestMenu,
  ticketsOf,
} from './support/kitchen-app.js';

/** Issue 6 point 8: new tickets and bumps reach the station's screen and the order's channel live. */
let t: TestApp;
let url: string;
let r: { id: string };
let menu: TestMenu;

beforeAll(async () => {
  t = await createKitchenApp();
  r = await newRestaurant(t, 'kds-live');
  menu = await createMenu(t, r);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/realtime`;
});
afterAll(() => t?.close());

interface Frame {
  op: string;
  channel?: string;
  event?: { type: string; payload: Record<string, unknown> };
}

async function connect(headers: Record<string, string>, channels: string[]) {
  const socket = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  await once(socket, 'open');
  const until = async (found: () => boolean) => {
    for (let waited = 0; !found(); waited += 20) {
      if (waited > 10_000) throw new Error(`no such frame; got ${JSON.stringify(frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  socket.send(JSON.stringify({ op: 'subscribe', channels }));
  await until(() => frames.some((frame) => frame.op === 'subscribed'));
  const events = () => frames.filter((frame) => frame.op === 'event');
  return { socket, until, events };
}

describe('kitchen live updates', () => {
  it('a station screen sees its own tickets arrive and move; the order channel sees started and bumped', async () => {
    const grill = await connect(cook(r), ['kitchen:grill']);
    const order = await placeOrder(t, r, [
      { menu_item_id: menu.burger.id, quantity: 1 },
      { menu_item_id: menu.fries.id, quantity: 1 },
    ]);
    await grill.until(() =>
      grill.events().some((frame) => frame.event!.type === 'kitchen.ticket_created.v1'),
    );
    const tickets = await ticketsOf(t, r, order.id, 2);
    const grillTicket = tickets.find((ticket) => ticket.station === 'grill');
    const tracking = await connect(cook(r), [`order:${order.id}`]);

    const staff = client(t, cook(r));
    expect((await staff.post(`/kds/tickets/${grillTicket.id}/start`)).status).toBe(200);
    expect((await staff.post(`/kds/tickets/${grillTicket.id}/bump`)).status).toBe(200);
    await grill.until(() => grill.events().some((frame) => frame.event!.type === 'kitchen.ticket_bumped.v1'));
    await tracking.until(() =>
      tracking.events().some((frame) => frame.event!.type === 'kitchen.ticket_bumped.v1'),
    );

    // The grill's screen got only grill tickets, never the fryer's.
    expect(grill.events().every((frame) => frame.channel === 'kitchen:grill')).toBe(true);
    expect(grill.events().every((frame) => frame.event!.payload.station === 'grill')).toBe(true);
    expect(grill.events().map((frame) => frame.event!.type)).toEqual(
      expect.arrayContaining([
        'kitchen.ticket_created.v1',
        'kitchen.ticket_started.v1',
        'kitchen.ticket_bumped.v1',
      ]),
    );
    const kitchenOnOrder = tracking
      .events()
      .map((frame) => frame.event!.type)
      .filter((type) => type.startsWith('kitchen.'));
    expect(kitchenOnOrder).toEqual(['kitchen.ticket_started.v1', 'kitchen.ticket_bumped.v1']);
    grill.socket.close();
    tracking.socket.close();
  });
});
