import { memoryCache } from '@brigade/http';
import type { RequestContext } from '@brigade/kernel';
import { demoRestaurantId, type TenantsService } from '@brigade/tenants';
import { tenantsModule } from '@brigade/tenants/module';
import { createTestApp, eventually, platformAdmin, type TestApp } from '@brigade/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Category,
  type Item,
  type MenuService,
  type MenuVersion,
  type ModifierGroup,
  type PublicMenu,
  priceLine,
  publicMenuSchema,
} from '../src/contract/index.js';
import { createLiveMenus, type LiveMenus } from '../src/live-menu.js';
import { menuModule } from '../src/module.js';
import { createPublicMenus, type PublicMenus } from '../src/public-menu.js';
import {
  type Client,
  client,
  createRestaurant,
  kitchenOf,
  managerOf,
  managerUserId,
  outbox,
  waiterOf,
} from './support/menu-app.js';

let t: TestApp;
let tenant: string;
let manager: Client;
let service: MenuService;
let mains: Category;
let curry: Item;
let naan: Item;
let spice: ModifierGroup;
const slug = 'publishing';

const ordersCtx = (tenantId: string): RequestContext => ({
  tenantId,
  actor: { kind: 'service', id: 'orders', role: null, permissions: new Set(['*']) },
  requestId: 'r1',
  correlationId: 'c1',
  idempotencyKey: null,
});

/** A guest: no credentials at all. */
const guest = async (path: string, headers: Record<string, string> = {}) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/public/restaurants/${path}`, headers });
  return {
    status: response.statusCode,
    headers: response.headers,
    raw: response.body,
    body: response.body ? (response.json() as PublicMenu & { code?: string }) : undefined,
  };
};

const publicItems = (menu: PublicMenu | undefined) =>
  (menu?.categories ?? []).flatMap((category) => category.items.map((item) => item.name));

beforeAll(async () => {
  t = await createTestApp({ modules: [tenantsModule, menuModule] });
  service = t.modules.get('menu')!.service as MenuService;
  tenant = await createRestaurant(t, slug);
  manager = client(t, managerOf(tenant));
  spice = (
    await manager.post('/menu/modifier-groups', {
      name: 'Spice',
      is_required: true,
      options: [{ name: 'Mild' }, { name: 'Hot', price_delta: 500 }],
    })
  ).body;
  mains = (await manager.post('/menu/categories', { name: 'Mains' })).body;
  curry = (
    await manager.post('/menu/items', {
      category_id: mains.id,
      name: 'Curry',
      price: 30000,
      cost_price: 12000,
      station: 'curry',
      modifier_group_ids: [spice.id],
    })
  ).body;
  naan = (await manager.post('/menu/items', { category_id: mains.id, name: 'Naan', price: 5000 })).body;
});
afterAll(() => t?.close());

describe('publishing', () => {
  it('nothing is live before the first publish: no pricing, no public menu', async () => {
    expect(await service.getItemsForPricing(ordersCtx(tenant), { item_ids: [curry.id] })).toEqual({
      items: [],
      missing_ids: [curry.id],
    });
    const response = await guest(`${slug}/menu`);
    expect(response.status).toBe(404);
    expect(response.body?.code).toBe('public_menu_not_found');
    expect((await manager.get('/menu/versions')).body).toEqual({ data: [], next_cursor: null });
  });

  it('publish snapshots the draft into version 1, lists it, emits an event; waiters may not publish', async () => {
    expect((await client(t, waiterOf(tenant)).post('/menu/publish', {})).status).toBe(403);
    expect((await manager.post('/menu/publish', { note: 'x'.repeat(501) })).status).toBe(400);
    const published = await manager.post('/menu/publish', { note: 'Opening menu' });
    expect(published.status).toBe(201);
    expect(published.headers.location).toBe('/api/v1/menu/versions/1');
    expect(published.body).toMatchObject({
      version: 1,
      note: 'Opening menu',
      published_by: managerUserId,
      is_live: true,
    });
    const detail = await manager.get('/menu/versions/1');
    expect(detail.status).toBe(200);
    const [category] = detail.body.snapshot.categories;
    expect(category).toMatchObject({ id: mains.id, name: 'Mains' });
    expect(category.items.map((item: Item) => item.name)).toEqual(['Curry', 'Naan']);
    expect(category.items[0]).toMatchObject({
      price: 30000,
      station: 'curry',
      modifier_group_ids: [spice.id],
    });
    expect(category.items[0]).not.toHaveProperty('cost_price');
    expect(detail.body.snapshot.modifier_groups.map((g: ModifierGroup) => g.id)).toEqual([spice.id]);
    expect((await manager.get('/menu/versions/99')).status).toBe(404);
    expect((await outbox(t, 'menu.version_published.v1')).map((event) => event.payload)).toEqual([
      { version: 1, note: 'Opening menu', published_by: managerUserId, item_count: 2 },
    ]);
  });

  it('a draft edit changes neither pricing nor the public menu until published', async () => {
    // The 404 cached before the publish is dropped by its event (after commit, so eventually).
    const before = await eventually(
      () => guest(`${slug}/menu`),
      (response) => response.status === 200,
    );
    expect(before.body?.version).toBe(1);
    expect(
      (await manager.patch(`/menu/items/${curry.id}`, { price: 32000, name: 'Curry (new)' })).status,
    ).toBe(200);
    const extra = (await manager.post('/menu/items', { category_id: mains.id, name: 'Rice', price: 9000 }))
      .body;
    await manager.delete(`/menu/items/${naan.id}`);

    const priced = await service.getItemsForPricing(ordersCtx(tenant), {
      item_ids: [curry.id, naan.id, extra.id],
    });
    // The live version still has the old price, the deleted naan, and not the new rice.
    expect(priced.items.map((item) => [item.name, item.price])).toEqual([
      ['Curry', 30000],
      ['Naan', 5000],
    ]);
    expect(priced.missing_ids).toEqual([extra.id]);
    const line = priceLine(priced.items[0]!, { option_ids: [spice.options[1]!.id] });
    expect(line).toMatchObject({ ok: true, unit_price: 30500 });
    const after = await guest(`${slug}/menu`);
    expect(after.raw).toBe(before.raw);
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(publicItems(after.body)).toEqual(['Curry', 'Naan']);

    // Publishing makes the draft live: the public menu shows it (its cache was dropped).
    expect((await manager.post('/menu/publish')).body).toMatchObject({
      version: 2,
      note: null,
      is_live: true,
    });
    const shown = await eventually(
      () => guest(`${slug}/menu`),
      (response) => response.body?.version === 2,
    );
    expect(publicItems(shown.body)).toEqual(['Curry (new)', 'Rice']);
    expect(shown.headers.etag).not.toBe(before.headers.etag);
    const repriced = await service.getItemsForPricing(ordersCtx(tenant), { item_ids: [curry.id, naan.id] });
    expect(repriced.items.map((item) => [item.name, item.price])).toEqual([['Curry (new)', 32000]]);
    expect(repriced.missing_ids).toEqual([naan.id]);

    const list = await manager.get('/menu/versions?limit=1');
    expect(list.body.data.map((v: MenuVersion) => [v.version, v.is_live])).toEqual([[2, true]]);
    const rest = await manager.get(`/menu/versions?limit=1&cursor=${list.body.next_cursor}`);
    expect(rest.body.data.map((v: MenuVersion) => [v.version, v.is_live])).toEqual([[1, false]]);
    expect(rest.body.data[0]).not.toHaveProperty('snapshot');
    expect(rest.body.next_cursor).toBeNull();
  });

  it('an 86 shows at once in pricing and in the public menu, without publishing', async () => {
    const kitchen = client(t, kitchenOf(tenant));
    await guest(`${slug}/menu`); // cached
    expect((await kitchen.post(`/menu/items/${curry.id}/availability`, { available: false })).status).toBe(
      200,
    );
    const [item] = (await service.getItemsForPricing(ordersCtx(tenant), { item_ids: [curry.id] })).items;
    expect(item!.is_available).toBe(false);
    expect(priceLine(item!, { option_ids: [spice.options[0]!.id] })).toMatchObject({ ok: false });
    const shown = await eventually(
      () => guest(`${slug}/menu`),
      (response) => !publicItems(response.body).includes('Curry (new)'),
    );
    expect(shown.body?.version).toBe(2);
    expect(publicItems(shown.body)).toEqual(['Rice']);
    await kitchen.post(`/menu/items/${curry.id}/availability`, { available: true });

    // An option 86ed leaves the public menu too, and prices as unavailable.
    await kitchen.post(`/menu/modifier-options/${spice.options[1]!.id}/availability`, { available: false });
    const [again] = (await service.getItemsForPricing(ordersCtx(tenant), { item_ids: [curry.id] })).items;
    expect(again!.is_available).toBe(true);
    expect(again!.modifier_groups[0]!.options.map((o) => o.is_available)).toEqual([true, false]);
    const withoutHot = await eventually(
      () => guest(`${slug}/menu`),
      (response) =>
        publicItems(response.body).includes('Curry (new)') &&
        response.body?.modifier_groups[0]?.options.length === 1,
    );
    expect(withoutHot.body?.modifier_groups[0]?.options.map((o) => o.name)).toEqual(['Mild']);
    await kitchen.post(`/menu/modifier-options/${spice.options[1]!.id}/availability`, { available: true });
  });

  it('restore makes an earlier version live again, records who and when, and emits an event', async () => {
    const waiter = client(t, waiterOf(tenant));
    expect((await waiter.post('/menu/versions/1/restore')).status).toBe(403);
    expect((await manager.post('/menu/versions/42/restore')).status).toBe(404);
    const restored = await manager.post('/menu/versions/1/restore');
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 1, is_live: true });
    const [live] = await t.db.admin.query<{
      version: number;
      made_live_by_action: string;
      made_live_by: string;
    }>('select version, made_live_by_action, made_live_by from menu.live_version where tenant_id = $1', [
      tenant,
    ]);
    expect(live).toEqual({ version: 1, made_live_by_action: 'restored', made_live_by: managerUserId });
    expect((await outbox(t, 'menu.version_restored.v1')).map((event) => event.payload)).toEqual([
      { version: 1, restored_from: 2, restored_by: managerUserId },
    ]);
    // Restoring the live version again changes nothing and emits nothing.
    await manager.post('/menu/versions/1/restore');
    expect(await outbox(t, 'menu.version_restored.v1')).toHaveLength(1);

    const priced = await service.getItemsForPricing(ordersCtx(tenant), { item_ids: [curry.id, naan.id] });
    // Naan is deleted from the draft but part of version 1: priceable again.
    expect(priced.items.map((item) => [item.name, item.price])).toEqual([
      ['Curry', 30000],
      ['Naan', 5000],
    ]);
    const shown = await eventually(
      () => guest(`${slug}/menu`),
      (response) => response.body?.version === 1,
    );
    expect(publicItems(shown.body)).toEqual(['Curry', 'Naan']);
    // The draft is untouched by a rollback.
    expect((await manager.get(`/menu/items/${curry.id}`)).body.price).toBe(32000);
    // Back to the newest.
    expect((await manager.post('/menu/versions/2/restore')).body.is_live).toBe(true);
  });

  it('versions are immutable: the database refuses to change or delete them', async () => {
    const refusal = (work: () => Promise<unknown>) =>
      work().then(
        () => 'allowed',
        (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
      );
    // As the application role, in the restaurant's own transaction…
    expect(
      await refusal(() =>
        t.db.tenantTx(tenant, (tx) => tx.execute(sql`update menu.versions set note = 'x'`)),
      ),
    ).toMatch(/append-only/);
    expect(
      await refusal(() => t.db.tenantTx(tenant, (tx) => tx.execute(sql`delete from menu.versions`))),
    ).toMatch(/append-only/);
    // …and even as the database owner.
    expect(await refusal(() => t.db.admin.query('update menu.versions set note = null'))).toMatch(
      /append-only/,
    );
    expect(await refusal(() => t.db.admin.query('delete from menu.versions'))).toMatch(/append-only/);
    expect((await manager.get('/menu/versions/1')).body.note).toBe('Opening menu');
    // And another restaurant sees none of them.
    const other = await createRestaurant(t, 'publishing-other');
    const rows = await t.db.tenantTx(other, async (tx) => {
      const result = (await tx.execute(sql`select version from menu.versions`)) as unknown as {
        rows: unknown[];
      };
      return result.rows;
    });
    expect(rows).toEqual([]);
    expect((await client(t, managerOf(other)).get('/menu/versions/1')).status).toBe(404);
  });
});

describe('public menu', () => {
  it('needs no sign-in; only published, available data; no cost price or internals; Cache-Control', async () => {
    const response = await guest(`${slug}/menu`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, no-cache');
    expect(response.headers.etag).toMatch(new RegExp(`^"${tenant}-2-[\\w-]{16}"$`));
    const menu = publicMenuSchema.strict().parse(response.body);
    expect(menu.restaurant).toEqual({
      name: `Restaurant ${slug}`,
      slug,
      currency: 'INR',
      timezone: 'Asia/Kolkata',
      prices_include_tax: false,
    });
    expect(response.raw).not.toMatch(/cost_price|station|tax_category|is_available|12000/);
    expect(menu.categories[0]!.items[0]).toEqual({
      id: curry.id,
      name: 'Curry (new)',
      description: null,
      price: 32000,
      image_url: null,
      allergens: [],
      dietary_tags: [],
      variants: [],
      modifier_group_ids: [spice.id],
    });
    expect(menu.modifier_groups).toEqual([
      {
        id: spice.id,
        name: 'Spice',
        min_select: 1,
        max_select: 1,
        is_required: true,
        options: [
          { id: spice.options[0]!.id, name: 'Mild', price_delta: 0, opens_group_id: null },
          { id: spice.options[1]!.id, name: 'Hot', price_delta: 500, opens_group_id: null },
        ],
      },
    ]);
    // A signed-in caller gets the same.
    const signedIn = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/restaurants/${slug}/menu`,
      headers: managerOf(tenant),
    });
    expect(signedIn.body).toBe(response.raw);
    // The route declares its own per-IP budget.
    expect(response.headers['ratelimit-limit']).toBe('600');
  });

  it('answers If-None-Match with 304 and no body; a stale or weak tag still matches only when current', async () => {
    const first = await guest(`${slug}/menu`);
    const etag = first.headers.etag as string;
    const again = await guest(`${slug}/menu`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.raw).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, no-cache');
    expect((await guest(`${slug}/menu`, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await guest(`${slug}/menu`, { 'if-none-match': `"${tenant}-1-stale"` })).status).toBe(200);
  });

  it('404 for an unknown slug, a malformed one and an inactive restaurant; not cached for long', async () => {
    const unknown = await guest('no-such-place/menu');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.headers.etag).toBeUndefined();
    expect((await guest('Not_A_Slug/menu')).status).toBe(404);

    const closing = await createRestaurant(t, 'publishing-closing');
    // A publish needs no body at all.
    const bare = await t.app.inject({
      method: 'POST',
      url: '/api/v1/menu/publish',
      headers: managerOf(closing),
    });
    expect(bare.statusCode, bare.body).toBe(201);
    expect((await guest('publishing-closing/menu')).status).toBe(200);
    const deactivated = await t.app.inject({
      method: 'POST',
      url: `/api/v1/restaurants/${closing}/deactivate`,
      headers: platformAdmin(),
    });
    expect(deactivated.statusCode).toBe(200);
    // The tenants event drops the cached menu: the next request sees the restaurant inactive.
    await eventually(
      () => guest('publishing-closing/menu'),
      (response) => response.status === 404,
    );
  });

  it('over HTTP, a guest is answered before routing with what the route answers, and sees an 86 at once', async () => {
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `${base}/api/v1/public/restaurants/${slug}/menu`;
      const routed = await guest(`${slug}/menu`);
      const fast = await fetch(url);
      expect(fast.status).toBe(200);
      expect(await fast.text()).toBe(routed.raw);
      for (const name of [
        'etag',
        'cache-control',
        'content-type',
        'ratelimit-limit',
        'x-content-type-options',
      ]) {
        expect(fast.headers.get(name), name).toBe(routed.headers[name]);
      }
      const etag = fast.headers.get('etag')!;
      expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

      const kitchen = client(t, kitchenOf(tenant));
      await kitchen.post(`/menu/items/${curry.id}/availability`, { available: false });
      const after86 = await fetch(url);
      expect(after86.headers.get('etag')).not.toBe(etag);
      expect(publicItems((await after86.json()) as PublicMenu)).not.toContain('Curry (new)');
      await kitchen.post(`/menu/items/${curry.id}/availability`, { available: true });
      expect(publicItems((await (await fetch(url)).json()) as PublicMenu)).toContain('Curry (new)');
      // Unknown restaurants still get the route's problem+json.
      const missing = await fetch(`${base}/api/v1/public/restaurants/no-such-place/menu`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await t.app.server.close();
    }
  });

  it('the demo restaurant is published once by the seed, however often it runs', async () => {
    await t.seed();
    await t.seed();
    const versions = await client(t, managerOf(demoRestaurantId)).get('/menu/versions');
    expect(versions.body.data.map((v: MenuVersion) => [v.version, v.note, v.is_live])).toEqual([
      [1, 'Demo menu', true],
    ]);
    const menu = await guest('spice-route/menu');
    expect(menu.status).toBe(200);
    expect(menu.body?.restaurant.name).toBe('Spice Route');
    expect(publicItems(menu.body)).toEqual(expect.arrayContaining(['Butter Chicken', 'Garlic Naan']));
    expect(menu.body?.modifier_groups.map((g) => g.name).sort()).toEqual(['Add-ons', 'Spice level']);
  });

  it('is described in the OpenAPI document with its shape, its 304 and its public access', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const route = doc.paths['/api/v1/public/restaurants/{slug}/menu'].get;
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['200', '304', '404', '429']));
    expect(JSON.stringify(route.responses['200'])).toContain('PublicMenu');
    expect(doc.components.schemas.PublicMenu.properties).toHaveProperty('modifier_groups');
    expect(doc.paths['/api/v1/menu/publish'].post).toBeDefined();
    expect(doc.paths['/api/v1/menu/versions/{version}/restore'].post).toBeDefined();
  });

  it('a change that commits while a render reads the database is not cached over its invalidation', async () => {
    const cache = memoryCache();
    const tenants = () => t.modules.get('tenants')!.service as TenantsService;
    const live = createLiveMenus();
    let racy: PublicMenus | undefined;
    // The invalidation of an 86 lands after this render read availability, before it is cached.
    const racing: LiveMenus = {
      ...live,
      async unavailable(tx, tenantId) {
        const off = await live.unavailable(tx, tenantId);
        await racy!.forget(tenantId);
        return off;
      },
    };
    racy = createPublicMenus(t.db, tenants, cache, racing);
    expect(await racy.get(slug)).not.toBeNull();
    expect(await cache.get(`menu:public:${slug}`)).toBeNull();
    // Without a race, the render is kept.
    const calm = createPublicMenus(t.db, tenants, cache, live);
    const kept = await calm.get(slug);
    expect(await cache.get(`menu:public:${slug}`)).toBe(`${kept!.etag}\n${kept!.body}`);
  });
});
