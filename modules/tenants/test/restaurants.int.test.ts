import { as, createTestApp, platformAdmin, type TestApp } from '@brigade/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantsPermissions as can, type Restaurant } from '../src/contract/index.js';
import { tenantsModule } from '../src/module.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: [tenantsModule] });
});
afterAll(() => t?.close());

const admin = platformAdmin();
const tax = {
  prices_include_tax: true,
  default_category: 'standard',
  rates: [
    { category: 'standard', name: 'VAT 20%', rate_bps: 2000 },
    { category: 'reduced', name: 'VAT 5.5%', rate_bps: 550 },
  ],
};
const draft = (slug: string) => ({
  name: `Bistro ${slug}`,
  slug,
  timezone: 'Europe/Paris',
  currency: 'EUR',
  tax,
});

async function create(slug: string): Promise<Restaurant> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/restaurants',
    headers: admin,
    payload: draft(slug),
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

const staffOf = (restaurant: Restaurant, permissions: string[] = [can.read, can.write]) =>
  as({ tenantId: restaurant.id, role: 'manager', permissions });

const countRestaurants = async () =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/restaurants?limit=200', headers: admin })).json().data
    .length;

describe('restaurants', () => {
  it('the platform admin creates one: 201, Location, stored as sent', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/restaurants',
      headers: admin,
      payload: {
        ...draft('chez-lea'),
        contact: { email: 'lea@example.com', address: { line1: '1 rue A', city: 'Paris', country: 'FR' } },
      },
    });
    expect(response.statusCode).toBe(201);
    const restaurant = response.json();
    expect(response.headers.location).toBe(`/api/v1/restaurants/${restaurant.id}`);
    expect(restaurant).toMatchObject({
      slug: 'chez-lea',
      timezone: 'Europe/Paris',
      currency: 'EUR',
      tax,
      is_active: true,
      version: 1,
      contact: { email: 'lea@example.com' },
    });
    const fetched = await t.app.inject({
      method: 'GET',
      url: response.headers.location as string,
      headers: admin,
    });
    expect(fetched.json()).toEqual(restaurant);
  });

  it('refuses invalid settings with one error per field, and writes nothing', async () => {
    const before = await countRestaurants();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/restaurants',
      headers: admin,
      payload: {
        name: '',
        slug: 'Not A Slug',
        timezone: 'Mars/Olympus',
        currency: 'XYZ',
        tax: { ...tax, default_category: 'missing' },
      },
    });
    expect(response.statusCode).toBe(400);
    const fields = response
      .json()
      .errors.map((error: { field: string }) => error.field)
      .sort();
    expect(fields).toEqual(['currency', 'name', 'slug', 'tax.default_category', 'timezone']);
    expect(await countRestaurants()).toBe(before);
  });

  it('answers 409 for a slug already in use', async () => {
    await create('taken');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/restaurants',
      headers: admin,
      payload: draft('taken'),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'slug_taken',
      errors: [{ field: 'slug', message: 'already taken' }],
    });
  });

  it('only the platform admin creates restaurants', async () => {
    const own = await create('own-place');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/restaurants',
      headers: staffOf(own),
      payload: draft('sneaky'),
    });
    expect(response.statusCode).toBe(403);
  });

  it("staff see their own restaurant and get 404 for another tenant's", async () => {
    const mine = await create('mine');
    const theirs = await create('theirs');
    const staff = staffOf(mine);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/restaurants/${mine.id}`, headers: staff }))
        .statusCode,
    ).toBe(200);
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/v1/restaurants/${theirs.id}`,
      headers: staff,
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('restaurant_not_found');
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/restaurants', headers: staff })).json();
    expect(list.data.map((restaurant: Restaurant) => restaurant.id)).toEqual([mine.id]);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/restaurants/${theirs.id}`,
      headers: staff,
      payload: { name: 'Hijacked' },
    });
    expect(patch.statusCode).toBe(404);
    const untouched = await t.app.inject({
      method: 'GET',
      url: `/api/v1/restaurants/${theirs.id}`,
      headers: admin,
    });
    expect(untouched.json().name).toBe('Bistro theirs');
  });

  it('updates settings, bumps the version, and honours If-Match', async () => {
    const restaurant = await create('versioned');
    const staff = staffOf(restaurant);
    const url = `/api/v1/restaurants/${restaurant.id}`;
    const updated = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...staff, 'if-match': '"1"' },
      payload: { timezone: 'America/New_York', currency: 'USD' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      timezone: 'America/New_York',
      currency: 'USD',
      version: 2,
      name: restaurant.name,
    });
    expect(updated.headers.etag).toBe('"2"');
    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...staff, 'if-match': '"1"' },
      payload: { name: 'Late' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', details: { current_version: 2 } });
    const empty = await t.app.inject({ method: 'PATCH', url, headers: staff, payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it("a restaurant's own reads (cached for every order) see each change at once", async () => {
    const restaurant = await create('cached');
    const staff = staffOf(restaurant);
    const url = `/api/v1/restaurants/${restaurant.id}`;
    const read = async () => (await t.app.inject({ method: 'GET', url, headers: staff })).json();
    expect((await read()).tax).toEqual(tax);
    expect(await read()).toMatchObject({ version: 1 });
    const reduced = { ...tax, prices_include_tax: false, default_category: 'reduced' };
    const patch = await t.app.inject({ method: 'PATCH', url, headers: staff, payload: { tax: reduced } });
    expect(patch.statusCode).toBe(200);
    expect(await read()).toMatchObject({ tax: reduced, version: 2 });
    await t.app.inject({ method: 'POST', url: `${url}/deactivate`, headers: admin });
    expect(await read()).toMatchObject({ is_active: false, version: 3 });
    await t.app.inject({ method: 'POST', url: `${url}/activate`, headers: admin });
    expect(await read()).toMatchObject({ is_active: true, version: 4 });
  });

  it('staff without restaurants:write cannot change settings', async () => {
    const restaurant = await create('read-only');
    const waiter = as({ tenantId: restaurant.id, role: 'waiter', permissions: [can.read] });
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/restaurants/${restaurant.id}`,
      headers: waiter,
      payload: { name: 'Renamed' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('deactivates and reactivates', async () => {
    const restaurant = await create('seasonal');
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/v1/restaurants/${restaurant.id}/deactivate`,
      headers: admin,
    });
    expect(off.json()).toMatchObject({ is_active: false, version: 2 });
    const inactive = await t.app.inject({
      method: 'GET',
      url: '/api/v1/restaurants?is_active=false',
      headers: admin,
    });
    expect(inactive.json().data.map((r: Restaurant) => r.id)).toContain(restaurant.id);
    const on = await t.app.inject({
      method: 'POST',
      url: `/api/v1/restaurants/${restaurant.id}/activate`,
      headers: admin,
    });
    expect(on.json()).toMatchObject({ is_active: true, version: 3 });
  });

  it('pages through the list with a cursor and searches by name', async () => {
    for (const slug of ['page-1', 'page-2', 'page-3']) await create(slug);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = (
        await t.app.inject({ method: 'GET', url: `/api/v1/restaurants?limit=2${query}`, headers: admin })
      ).json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((restaurant: Restaurant) => restaurant.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await countRestaurants());
    const found = (
      await t.app.inject({ method: 'GET', url: '/api/v1/restaurants?q=page-', headers: admin })
    ).json();
    expect(found.data).toHaveLength(3);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/restaurants?cursor=garbage',
      headers: admin,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_cursor');
  });

  it('is described in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths['/api/v1/restaurants'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(spec.paths['/api/v1/restaurants/{id}'].patch.responses['409']).toBeDefined();
    expect(spec.components.schemas.Restaurant).toBeDefined();
  });

  it('seeds the demo restaurant once, however often seed runs', async () => {
    await t.seed();
    await t.seed();
    const spice = (
      await t.app.inject({ method: 'GET', url: '/api/v1/restaurants?q=Spice', headers: admin })
    ).json();
    expect(spice.data).toHaveLength(1);
    expect(spice.data[0]).toMatchObject({ slug: 'spice-route', currency: 'INR', timezone: 'Asia/Kolkata' });
  });
});
