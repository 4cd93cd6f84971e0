import { createHash, randomUUID } from 'node:crypto';
import { contextTx, type Database } from '@brigade/db';
import type { SharedCache } from '@brigade/http';
import { systemContext } from '@brigade/kernel';
import type { TenantsService } from '@brigade/tenants';
import type { PublicMenu } from './contract/index.js';
import type { LiveMenu, LiveMenus, Unavailable } from './live-menu.js';

/** A rendered public menu: the JSON body, built once per version and availability, and its ETag. */
export interface RenderedMenu {
  etag: string;
  body: string;
  /** `body` as UTF-8 bytes, what the route sends: encoded once per rendering, not per request. */
  payload: Buffer;
}

/** How many restaurants' renderings each process keeps decoded (oldest dropped first). */
const decodedMenus = 1000;

/** How long a rendered menu is kept at most; events invalidate it sooner. */
export const publicMenuTtlSeconds = 300;
/** How long "no such menu" is remembered (unknown slug, inactive, nothing published). */
export const missingMenuTtlSeconds = 10;

const slugPattern = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
const menuKey = (slug: string) => `menu:public:${slug}`;
const slugKey = (tenantId: string) => `menu:public-slug:${tenantId}`;
/** Changed by every invalidation: a render that saw it change meanwhile is not kept. */
const generationKey = (tenantId: string) => `menu:public-generation:${tenantId}`;
/** Cached "not found": never a valid first character of an ETag entry. */
const missing = '-';

function render(
  restaurant: { name: string; slug: string; currency: string; timezone: string; prices_include_tax: boolean },
  live: LiveMenu,
  off: Unavailable,
): PublicMenu {
  const categories = live.snapshot.categories.flatMap((category) => {
    const items = category.items
      // Sold out, or every size of it is.
      .filter(
        (item) =>
          !off.items.has(item.id) &&
          (item.variants.length === 0 || item.variants.some((variant) => !off.variants.has(variant.id))),
      )
      .map((item) => ({
        id: item.id,
        name: item.name,
        description: item.description,
        price: item.price,
        image_url: item.image_url,
        allergens: item.allergens,
        dietary_tags: item.dietary_tags,
        variants: item.variants
          .filter((variant) => !off.variants.has(variant.id))
          .map((variant) => ({
            id: variant.id,
            name: variant.name,
            price: variant.price,
          })),
        modifier_group_ids: item.modifier_group_ids,
      }));
    return items.length === 0
      ? []
      : [{ id: category.id, name: category.name, description: category.description, items }];
  });
  return {
    restaurant,
    version: live.version,
    published_at: live.publishedAt,
    categories,
    modifier_groups: live.snapshot.modifier_groups.map((group) => ({
      id: group.id,
      name: group.name,
      min_select: group.min_select,
      max_select: group.max_select,
      is_required: group.is_required,
      options: group.options
        .filter((option) => !off.options.has(option.id))
        .map((option) => ({
          id: option.id,
          name: option.name,
          price_delta: option.price_delta,
          opens_group_id: option.opens_group_id,
        })),
    })),
  };
}

/**
 * The public guest menu by restaurant slug, rendered once to a JSON string with a strong ETag
 * and kept in the shared cache under `menu:public:<slug>` (`<etag>\n<body>`), with
 * `menu:public-slug:<tenant>` → slug so a tenant's events can find it to invalidate.
 */
export function createPublicMenus(
  db: Database,
  tenants: () => TenantsService,
  cache: SharedCache,
  liveMenus: LiveMenus,
) {
  const generationOf = async (tenantId: string) => (await cache.get(generationKey(tenantId))) ?? '';

  async function build(
    slug: string,
  ): Promise<{ menu: RenderedMenu | null; tenantId: string | null; generation: string }> {
    const ctx = systemContext(null, `public-menu:${slug}`);
    const [restaurant] = (await tenants().listRestaurants(ctx, { slug, limit: 1 })).data;
    if (!restaurant) return { menu: null, tenantId: null, generation: '' };
    // Known before reading, so an event racing this build still finds what it caches.
    await cache.set(slugKey(restaurant.id), slug, publicMenuTtlSeconds + 60);
    const found = { tenantId: restaurant.id, generation: await generationOf(restaurant.id) };
    if (!restaurant.is_active) return { menu: null, ...found };
    const tenantCtx = systemContext(restaurant.id, ctx.correlationId);
    const menu = await contextTx(db, tenantCtx, async (tx) => {
      const live = await liveMenus.load(tx, restaurant.id);
      return live ? { live, off: await liveMenus.unavailable(tx, restaurant.id) } : null;
    });
    if (!menu) return { menu: null, ...found };
    const body = JSON.stringify(
      render(
        {
          name: restaurant.name,
          slug: restaurant.slug,
          currency: restaurant.currency,
          timezone: restaurant.timezone,
          prices_include_tax: restaurant.tax.prices_include_tax,
        },
        menu.live,
        menu.off,
      ),
    );
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
    const etag = `"${restaurant.id}-${menu.live.version}-${hash}"`;
    return { menu: { etag, body, payload: Buffer.from(body) }, ...found };
  }

  /**
   * The last cached rendering seen per slug, decoded: the shared cache holds a string (Redis
   * answers a new one each time), and a request whose string equals the one seen before reuses
   * its ETag and bytes instead of splitting and encoding ~5 KB again.
   */
  const decoded = new Map<string, { cached: string; menu: RenderedMenu }>();
  function decode(slug: string, cached: string): RenderedMenu {
    const seen = decoded.get(slug);
    if (seen !== undefined && seen.cached === cached) return seen.menu;
    const split = cached.indexOf('\n');
    const body = cached.slice(split + 1);
    const menu = { etag: cached.slice(0, split), body, payload: Buffer.from(body) };
    remember(slug, cached, menu);
    return menu;
  }
  function remember(slug: string, cached: string, menu: RenderedMenu) {
    decoded.delete(slug);
    if (decoded.size >= decodedMenus) decoded.delete(decoded.keys().next().value!);
    decoded.set(slug, { cached, menu });
  }

  return {
    /**
     * The live menu of `slug` when it is rendered and the cache can say so at once (in process),
     * else undefined: then `get` answers.
     */
    peek(slug: string): RenderedMenu | undefined {
      const cached = cache.peek?.(menuKey(slug));
      return cached === undefined || cached === null || cached === missing ? undefined : decode(slug, cached);
    },

    /** The live menu of `slug`, or null (unknown, inactive, or nothing published yet). */
    async get(slug: string): Promise<RenderedMenu | null> {
      // Never a restaurant's: answered without a lookup, and kept out of the cache.
      if (!slugPattern.test(slug)) return null;
      const key = menuKey(slug);
      const cached = await cache.get(key);
      if (cached !== null) {
        if (cached === missing) return null;
        return decode(slug, cached);
      }
      const { menu, tenantId, generation } = await build(slug);
      if (menu) {
        const value = `${menu.etag}\n${menu.body}`;
        await cache.set(key, value, publicMenuTtlSeconds);
        remember(slug, value, menu);
      } else await cache.set(key, missing, missingMenuTtlSeconds);
      // A change committed after this render read the database has run forget() by now or will
      // run it later; if it ran before the write above, its new generation says to drop it.
      if (tenantId !== null && (await generationOf(tenantId)) !== generation) await cache.delete(key);
      return menu;
    },

    /** Drops a restaurant's rendered menu: its next request renders it again. */
    async forget(tenantId: string): Promise<void> {
      await cache.set(generationKey(tenantId), randomUUID(), publicMenuTtlSeconds + 60);
      const slug = await cache.get(slugKey(tenantId));
      if (slug !== null) await cache.delete(menuKey(slug));
    },
  };
}

export type PublicMenus = ReturnType<typeof createPublicMenus>;
