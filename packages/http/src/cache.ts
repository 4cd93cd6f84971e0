import type { Redis } from 'ioredis';

/**
 * A small shared cache for derived data (a restaurant's public menu, say): in process when the
 * installation is one process, Redis when REDIS_URL is set so that every replica sees one copy
 * and an invalidation by any of them. Values are strings; callers serialise.
 */
export interface SharedCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
  /** The value at once, where the cache can tell without waiting (in process); absent otherwise. */
  peek?(key: string): string | null;
}

export function memoryCache(maxEntries = 10_000): SharedCache {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const peek = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return null;
    }
    return entry.value;
  };
  return {
    peek,
    get: async (key) => peek(key),
    async set(key, value, ttlSeconds) {
      // Oldest first: Map keeps insertion order, so the first key is the one to drop.
      if (entries.size >= maxEntries && !entries.has(key)) entries.delete(entries.keys().next().value!);
      entries.delete(key);
      entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
    },
    async delete(...keys) {
      for (const key of keys) entries.delete(key);
    },
  };
}

export function redisCache(redis: Redis): SharedCache {
  const prefixed = (key: string) => `cache:${key}`;
  return {
    get: (key) => redis.get(prefixed(key)),
    async set(key, value, ttlSeconds) {
      await redis.set(prefixed(key), value, 'EX', ttlSeconds);
    },
    async delete(...keys) {
      if (keys.length > 0) await redis.del(...keys.map(prefixed));
    },
  };
}
