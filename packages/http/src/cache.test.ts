import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryCache } from './cache.js';

afterEach(() => vi.useRealTimers());

describe('memoryCache', () => {
  it('keeps a value until its time to live passes, and forgets deleted keys', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-22T12:00:00Z') });
    const cache = memoryCache();
    await cache.set('menu:a', 'A', 30);
    await cache.set('menu:b', 'B', 60);
    expect(await cache.get('menu:a')).toBe('A');
    vi.advanceTimersByTime(30_000);
    expect(await cache.get('menu:a')).toBeNull();
    expect(await cache.get('menu:b')).toBe('B');
    await cache.delete('menu:b', 'menu:none');
    expect(await cache.get('menu:b')).toBeNull();
  });

  it('drops the oldest entry when full', async () => {
    const cache = memoryCache(2);
    await cache.set('one', '1', 60);
    await cache.set('two', '2', 60);
    await cache.set('one', '1 again', 60);
    await cache.set('three', '3', 60);
    expect([await cache.get('one'), await cache.get('two'), await cache.get('three')]).toEqual([
      '1 again',
      null,
      '3',
    ]);
  });
});
