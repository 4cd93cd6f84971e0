import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createIdentityApp, restaurantWithOwner, staffMember } from './support/identity-app.js';

/** Live updates (GET /api/v1/realtime) authenticate with the identity module's real tokens. */
let t: TestApp;
let url: string;
let staff: { owner: string; kitchen: string };

beforeAll(async () => {
  t = await createIdentityApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/realtime`;
  const restaurant = await restaurantWithOwner(t, 'live-house');
  const kitchen = await staffMember(t, restaurant.ownerToken, 'kitchen', 'cook@live-house.example');
  staff = { owner: restaurant.ownerToken, kitchen: kitchen.token };
});
afterAll(() => t?.close());

async function upgrade(query: string): Promise<{ socket: WebSocket } | { status: number }> {
  const socket = new WebSocket(`${url}${query}`);
  const outcome = await Promise.race([
    once(socket, 'open').then(() => ({ socket })),
    once(socket, 'unexpected-response').then(([, response]) => ({
      status: (response as { statusCode: number }).statusCode,
    })),
  ]);
  return outcome;
}

async function reply(socket: WebSocket, message: object) {
  socket.send(JSON.stringify(message));
  const [data] = await once(socket, 'message');
  return JSON.parse(String(data));
}

describe('realtime sign-in', () => {
  it('accepts an access token in ?access_token= and applies its role to channels', async () => {
    const owner = await upgrade(`?access_token=${staff.owner}`);
    if (!('socket' in owner)) throw new Error(`upgrade refused: ${owner.status}`);
    expect(await reply(owner.socket, { op: 'subscribe', channels: ['staff'] })).toMatchObject({
      op: 'subscribed',
      channels: ['staff'],
    });
    owner.socket.close();

    const kitchen = await upgrade(`?access_token=${staff.kitchen}`);
    if (!('socket' in kitchen)) throw new Error(`upgrade refused: ${kitchen.status}`);
    expect(await reply(kitchen.socket, { op: 'subscribe', channels: ['kitchen:grill'] })).toMatchObject({
      op: 'subscribed',
    });
    kitchen.socket.close();
  });

  it('refuses the upgrade for a forged or missing token', async () => {
    const [header, payload] = staff.owner.split('.');
    expect(await upgrade(`?access_token=${header}.${payload}.`)).toEqual({ status: 401 });
    expect(await upgrade('')).toEqual({ status: 401 });
  });
});
