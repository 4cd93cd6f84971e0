import { as, platformAdmin, type TestApp } from '@brigade/testing';
import { expect } from 'vitest';
import { menuPermissions as can } from '../../src/contract/index.js';

export const managerUserId = '0190a0a0-0000-7000-8000-00000000a001';

/** A restaurant created through the tenants API, as the platform admin does. */
export async function createRestaurant(t: TestApp, slug: string): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/restaurants',
    headers: platformAdmin(),
    payload: {
      name: `Restaurant ${slug}`,
      slug,
      timezone: 'Asia/Kolkata',
      currency: 'INR',
      tax: {
        prices_include_tax: false,
        default_category: 'food',
        rates: [{ category: 'food', name: 'GST 5%', rate_bps: 500 }],
      },
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

export const managerOf = (tenantId: string) =>
  as({
    tenantId,
    userId: managerUserId,
    role: 'manager',
    permissions: [can.read, can.write, can.availability],
  });
export const kitchenOf = (tenantId: string) =>
  as({ tenantId, role: 'kitchen', permissions: [can.read, can.availability] });
export const waiterOf = (tenantId: string) => as({ tenantId, role: 'waiter', permissions: [can.read] });

/** A small client bound to one caller. */
export function client(t: TestApp, headers: Record<string, string>) {
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => {
    const response = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body ? response.json() : undefined,
    };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown = {}) => call('POST', url, payload),
    put: (url: string, payload: unknown) => call('PUT', url, payload),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
    delete: (url: string) => call('DELETE', url),
  };
}

export type Client = ReturnType<typeof client>;

/** The menu outbox rows, oldest first, optionally of one type. */
export async function outbox(t: TestApp, type?: string) {
  const rows = await t.db.admin.query<{ type: string; tenant_id: string; payload: Record<string, unknown> }>(
    'select type, tenant_id, payload from menu.outbox order by id',
  );
  return type ? rows.filter((row) => row.type === type) : rows;
}

/** Counts the rows of a menu table, in every tenant. */
export async function countRows(t: TestApp, table: string): Promise<number> {
  const [row] = await t.db.admin.query<{ count: number }>(`select count(*)::int as count from menu.${table}`);
  return row!.count;
}
