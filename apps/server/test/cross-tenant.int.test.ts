import { createTestApp, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allModules } from '../src/modules.js';

/**
 * Issue 4 §11: every route of every module, called by restaurant A's owner (the strongest
 * tenant role) and by A's API key, naming restaurant B's ids,, never succeeds, and no
 * answer to A ever carries one of B's ids. The route table is read from the running app, so
 * a new route is covered the day it is added.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: allModules });
});
afterAll(() => t?.close());

const password = 'correct horse battery staple';

async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown) {
  return t.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload }) });
}

async function restaurant(slug: string) {
  const signup = await call(
    'POST',
    '/api/v1/auth/register',
    {},
    {
      restaurant: { name: slug, slug, timezone: 'UTC', currency: 'EUR' },
      owner: { email: `owner@${slug}.example`, password, display_name: 'Owner' },
    },
  );
  expect(signup.statusCode, signup.body).toBe(201);
  const owner = signup.json();
  const auth = { authorization: `Bearer ${owner.access_token}` };
  const staff = await call('POST', '/api/v1/users', auth, {
    role: 'manager',
    email: `manager@${slug}.example`,
    display_name: 'Manager',
    password,
  });
  expect(staff.statusCode, staff.body).toBe(201);
  const key = await call('POST', '/api/v1/api-keys', auth, {
    name: 'integration',
    permissions: ['restaurants:read', 'restaurants:write', 'users:read', 'users:write', 'audit:read'],
  });
  expect(key.statusCode, key.body).toBe(201);
  return {
    tenantId: owner.user.tenant_id as string,
    auth,
    apiKey: { 'x-api-key': key.json().key as string },
  };
}

/** Spice Route, signed in as its demo owner, with an API key of its own. */
async function demoRestaurant() {
  const signedIn = await call(
    'POST',
    '/api/v1/auth/login',
    {},
    {
      email: 'owner1@spiceroute.example',
      password: 'Password@123',
    },
  );
  expect(signedIn.statusCode, signedIn.body).toBe(200);
  const auth = { authorization: `Bearer ${signedIn.json().access_token}` };
  const key = await call('POST', '/api/v1/api-keys', auth, {
    name: 'demo',
    permissions: ['restaurants:read'],
  });
  expect(key.statusCode, key.body).toBe(201);
  return { tenantId: signedIn.json().user.tenant_id as string, auth };
}

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
};

/**
 * A body a route's schema accepts, built from the OpenAPI document: required fields filled by
 * type, every `tenant_id` set to B's, and for a PATCH one optional field so it is not empty.
 */
function sampleBody(spec: { components?: { schemas?: Record<string, JsonSchema> } }, tenantId: string) {
  const sample = (schema: JsonSchema, name = ''): unknown => {
    if (schema.$ref) return sample(spec.components?.schemas?.[schema.$ref.split('/').at(-1)!] ?? {}, name);
    const choice = schema.anyOf ?? schema.oneOf;
    if (choice) return sample(choice.find((option) => option.type !== 'null') ?? {}, name);
    if (name === 'tenant_id') return tenantId;
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return schema.enum[0];
    const type = [schema.type].flat()[0];
    if (type === 'object') return objectOf(schema, false);
    if (type === 'array')
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}));
    if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
    if (type === 'boolean') return false;
    if (schema.format === 'uuid') return tenantId;
    if (schema.format === 'email') return 'intruder@cross.example';
    if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
    if (schema.format === 'uri') return 'https://intruder.example';
    return 'intruder';
  };
  const objectOf = (schema: JsonSchema, oneOptional: boolean) => {
    const properties = schema.properties ?? {};
    const names = new Set(schema.required ?? []);
    if ('tenant_id' in properties) names.add('tenant_id');
    const optional = Object.keys(properties).find((property) => !names.has(property));
    if (oneOptional && names.size === 0 && optional) names.add(optional);
    return Object.fromEntries(
      [...names].map((property) => [property, sample(properties[property] ?? {}, property)]),
    );
  };
  return (schema: JsonSchema | undefined, method: string) =>
    schema
      ? objectOf(
          schema.$ref ? (spec.components?.schemas?.[schema.$ref.split('/').at(-1)!] ?? {}) : schema,
          method === 'PATCH',
        )
      : {};
}

interface RouteInfo {
  method: string;
  url: string;
  permission?: string;
  public?: boolean;
}

/** The ids of the things a JSON answer lists (`id` fields), in order of appearance. */
function idsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) idsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'id' && typeof item === 'string' && /^[0-9a-f-]{36}$|^[a-z0-9]{12}$/.test(item))
        found.push(item);
      else idsIn(item, found);
    }
  }
  return found;
}

describe('tenant A never reaches tenant B', () => {
  it('through any route, with any of B’s ids, as A’s owner or A’s API key', async () => {
    // B is the demo restaurant as every module seeds it, so new modules bring their own data here.
    await t.seed();
    const routes = (await call('GET', '/routes', {})).json().routes as RouteInfo[];
    const apiRoutes = routes.filter(
      (route) =>
        route.url.startsWith('/api/v1/') &&
        route.url !== '/api/v1/realtime' &&
        route.method !== 'OPTIONS' &&
        !route.public,
    );
    expect(apiRoutes.length).toBeGreaterThan(20);
    const a = await restaurant('cross-a');
    const b = await demoRestaurant();
    // Up to three ids from each of B's lists: one or more of every kind of thing B owns.
    const harvested = new Set([b.tenantId]);
    for (const route of apiRoutes.filter((route) => route.method === 'GET' && !route.url.includes(':'))) {
      const response = await call('GET', `${route.url}?limit=200`, b.auth);
      if (response.statusCode === 200 && response.headers['content-type']?.startsWith('application/json'))
        for (const id of [...new Set(idsIn(response.json()))].slice(0, 3)) harvested.add(id);
    }
    const bIds = [...harvested];
    expect(bIds.length).toBeGreaterThan(5);
    const bUsersBefore = (await call('GET', '/api/v1/users?limit=200', b.auth)).json().data;

    const spec = (await call('GET', '/api/openapi.json', {})).json();
    const bodyFor = sampleBody(spec, b.tenantId);
    const requestSchema = (route: RouteInfo): JsonSchema | undefined =>
      spec.paths[route.url.replace(/:([a-z_]+)/g, '{$1}')]?.[route.method.toLowerCase()]?.requestBody
        ?.content?.['application/json']?.schema;

    const breaches: string[] = [];
    let calls = 0;
    let reachedHandlers = 0;
    for (const caller of [a.auth, a.apiKey]) {
      for (const route of apiRoutes) {
        const params = route.url.match(/:[a-z_]+/g) ?? [];
        const urls =
          params.length === 0
            ? [route.url]
            : bIds.map((id) => params.reduce((url, param) => url.replace(param, id), route.url));
        for (const url of urls) {
          const payload =
            route.method === 'GET' || route.method === 'DELETE'
              ? undefined
              : bodyFor(requestSchema(route), route.method);
          const response = await call(route.method, url, caller, payload);
          calls++;
          if (response.statusCode !== 400) reachedHandlers++;
          // An id the caller sent may be echoed back ("No user <id>."); any other of B's is a leak.
          const sent = `${url} ${JSON.stringify(payload ?? {})}`;
          const leaked = bIds.filter((id) => !sent.includes(id) && response.body.includes(id));
          if (params.length > 0 && response.statusCode < 300) {
            breaches.push(`${route.method} ${url} → ${response.statusCode}`);
          }
          if (leaked.length > 0)
            breaches.push(`${route.method} ${url} → body carries B's ${leaked.join(', ')}`);
        }
      }
    }
    expect(breaches).toEqual([]);
    expect(calls).toBeGreaterThan(100);
    // Most calls got past validation: the fence that stopped them is access, not a schema.
    expect(reachedHandlers / calls).toBeGreaterThan(0.6);

    // B is intact: its users are all there, unchanged, and its manager still signs in.
    expect((await call('GET', '/api/v1/users?limit=200', b.auth)).json().data).toEqual(bUsersBefore);
    const bManager = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { email: 'manager1@spiceroute.example', password: 'Password@123' },
    );
    expect(bManager.statusCode).toBe(200);
    const bRestaurant = await call('GET', `/api/v1/restaurants/${b.tenantId}`, b.auth);
    expect(bRestaurant.json().name).toBe('Spice Route');
  }, 180_000);
});
