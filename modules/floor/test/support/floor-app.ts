import type { AppModule } from '@brigade/http';
import type { Clock } from '@brigade/kernel';
import type { Restaurant } from '@brigade/tenants';
import { tenantsModule } from '@brigade/tenants/module';
import { as, createRestaurant, createTestApp, moduleRows, type TestApp } from '@brigade/testing';

export { manualClock } from '@brigade/testing';

import { expect } from 'vitest';
import { floorPermissions as can, type FloorService, type FloorTable } from '../../src/contract/index.js';
import { type FloorOptions, floorModule } from '../../src/module.js';

export const newRestaurant = (t: TestApp, slug: string, timezone = 'Asia/Kolkata') =>
  createRestaurant<Restaurant>(t, slug, { timezone });

export function createFloorApp(
  options: { floor?: Partial<FloorOptions>; clock?: Clock } = {},
): Promise<TestApp> {
  return createTestApp({
    modules: [tenantsModule as AppModule, floorModule(options.floor) as AppModule],
    ...(options.clock && { clock: options.clock }),
  });
}

export const floorService = (t: TestApp) => t.modules.get('floor')!.service as FloorService;

/** A manager: every floor permission. */
export const manager = (restaurant: { id: string }) =>
  as({ tenantId: restaurant.id, role: 'manager', permissions: [can.read, can.write, can.sessions] });

/** A waiter, as the role matrix has it: reads the floor and runs it, does not arrange it. */
export const waiter = (restaurant: { id: string }) =>
  as({ tenantId: restaurant.id, role: 'waiter', permissions: [can.read, can.sessions] });

export interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  payload?: unknown;
}

export function caller(t: TestApp) {
  return async ({ method, url, headers, payload }: Call) => {
    const response = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.body ? safeJson(response.body) : null, response };
  };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

export async function addTable(
  t: TestApp,
  restaurant: { id: string },
  table: { number: string; capacity: number; area_id?: string | null },
): Promise<FloorTable> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/tables',
    headers: manager(restaurant),
    payload: table,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export const { outbox, countRows } = moduleRows('floor');
