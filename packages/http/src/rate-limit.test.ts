import { describe, expect, it } from 'vitest';
import { memoryLimiter } from './rate-limit.js';

describe('memoryLimiter', () => {
  it('counts a fixed window from each key’s first request, then starts a new one', () => {
    let now = 1_000_000;
    const limiter = memoryLimiter(2, 60, () => now);
    try {
      expect(limiter.consume('a')).toEqual({ remainingPoints: 1, msBeforeNext: 60_000, over: false });
      now += 10_000;
      expect(limiter.consume('a')).toEqual({ remainingPoints: 0, msBeforeNext: 50_000, over: false });
      expect(limiter.consume('a')).toEqual({ remainingPoints: 0, msBeforeNext: 50_000, over: true });
      // Another key has a budget of its own.
      expect(limiter.consume('b')).toMatchObject({ remainingPoints: 1, over: false });
      now += 50_000;
      expect(limiter.consume('a')).toEqual({ remainingPoints: 1, msBeforeNext: 60_000, over: false });
    } finally {
      limiter.close();
    }
  });
});
