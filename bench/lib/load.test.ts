import { describe, expect, it } from 'vitest';
import { combineRounds, type Measurement } from './load.mjs';

const round = (requestsPerSecond: number, p50: number | null, p99: number | null, errors = 0, non2xx = 0) =>
  ({ requestsPerSecond, latencyP50: p50, latencyP99: p99, errors, non2xx }) satisfies Measurement;

describe('combineRounds', () => {
  it("reports the median round's req/s and p50, the worst p99, and every round's failures", () => {
    const combined = combineRounds([round(900, 2, 9), round(1500, 1, 4, 1), round(1000, 3, 30, 0, 2)]);
    expect(combined).toEqual({
      requestsPerSecond: 1000,
      latencyP50: 2,
      latencyP99: 30,
      errors: 1,
      non2xx: 2,
      rounds: [900, 1500, 1000],
    });
  });

  it('takes the mean of the middle two of an even number of rounds, and skips unknown latencies', () => {
    const combined = combineRounds([
      round(100, null, null),
      round(300, 1, 5),
      round(200, null, null),
      round(400, 3, 7),
    ]);
    expect(combined).toMatchObject({ requestsPerSecond: 250, latencyP50: 2, latencyP99: 7 });
  });
});
