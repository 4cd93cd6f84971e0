import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addTable, createFloorApp, newRestaurant, waiter } from './support/floor-app.js';

/** Table status and sessions reach the live feed on `staff` and `table:<id>` (issue 5 §5). */
let t: TestApp;
let url: string;

beforeAll(async () => {
  t = await createFloorApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/realtime`;
});
afterAll(() => t?.close());

/** A client that keeps every frame, so none is lost between awaits. */
async function connect(headers: Record<string, string>) {
  const socket = new WebSocket(url, { headers });
  const frames: {
    op: string;
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

describe('floor live updates', () => {
  it('a table subscriber sees its status change and its session open; another table’s do not reach it', async () => {
    const restaurant = await newRestaurant(t, 'live-floor');
    const watched = await addTable(t, restaurant, { number: 'L1', capacity: 4 });
    const other = await addTable(t, restaurant, { number: 'L2', capacity: 2 });
    const client = await connect(waiter(restaurant));
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: [`table:${watched.id}`] }));
    await client.until(() => client.frames.some((frame) => frame.op === 'subscribed'));

    const headers = waiter(restaurant);
    const status = (id: string, value: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/tables/${id}/status`,
        headers,
        payload: { status: value },
      });
    expect((await status(other.id, 'reserved')).statusCode).toBe(200);
    expect((await status(watched.id, 'reserved')).statusCode).toBe(200);
    const opened = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tables/${watched.id}/sessions`,
      headers,
      payload: { covers: 3 },
    });
    expect(opened.statusCode, opened.body).toBe(201);

    const types = () =>
      client.frames.filter((frame) => frame.op === 'event').map((frame) => frame.event!.type);
    await client.until(() => types().includes('floor.session_opened.v1'));
    const events = client.frames.filter((frame) => frame.op === 'event');
    expect(events.every((frame) => frame.channel === `table:${watched.id}`)).toBe(true);
    expect(events.map((frame) => frame.event!.payload.table_id)).not.toContain(other.id);
    expect(types()).toContain('floor.table_status_changed.v1');
    client.socket.close();
  });
});
