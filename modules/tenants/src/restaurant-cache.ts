import { randomUUID } from 'node:crypto';
import type { SharedCache } from '@brigade/http';
import type { Restaurant } from './contract/index.js';

/** How long a restaurant is kept at most; the service's own writes drop it at once. */
export const restaurantTtlSeconds = 60;

const restaurantKey = (id: string) => `tenants:restaurant:${id}`;
/** Changed by every write: a read that saw it change meanwhile does not keep what it read. */
const generationKey = (id: string) => `tenants:restaurant-generation:${id}`;

/**
 * Restaurants by id in the shared cache (in process, or Redis for every replica), for the
 * lookups every order makes (time zone, currency, tax settings). Every write of the tenants
 * service goes through `forget` after it commits, so a change is seen by the next read on
 * any replica; the TTL is only the safety net.
 */
export function restaurantCache(cache: SharedCache) {
  const generationOf = async (id: string) => (await cache.get(generationKey(id))) ?? '';
  return {
    /** The cached restaurant, or what `load` reads (kept unless a write raced it). */
    async get(id: string, load: () => Promise<Restaurant>): Promise<Restaurant> {
      const cached = await cache.get(restaurantKey(id));
      if (cached !== null) return JSON.parse(cached) as Restaurant;
      const generation = await generationOf(id);
      const restaurant = await load();
      await cache.set(restaurantKey(id), JSON.stringify(restaurant), restaurantTtlSeconds);
      if ((await generationOf(id)) !== generation) await cache.delete(restaurantKey(id));
      return restaurant;
    },

    /** After a write committed: the next read on any replica goes to the database. */
    async forget(id: string): Promise<void> {
      await cache.set(generationKey(id), randomUUID(), restaurantTtlSeconds + 60);
      await cache.delete(restaurantKey(id));
    },
  };
}

export type RestaurantCache = ReturnType<typeof restaurantCache>;
