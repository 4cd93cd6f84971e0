import { describe, expect, it } from 'vitest';
import { estimateWaitMinutes } from './wait-estimate.js';

describe('waitlist estimate', () => {
  it('is null when no table fits the party', () => {
    expect(estimateWaitMinutes([], 0, 45)).toBeNull();
  });

  it('is 0 with a free fitting table and nobody ahead', () => {
    expect(estimateWaitMinutes([{ seatedMinutes: 30 }, { seatedMinutes: null }], 0, 45)).toBe(0);
  });

  it('waits for the table closest to the end of its turn, rounded up to 5', () => {
    expect(estimateWaitMinutes([{ seatedMinutes: 10 }, { seatedMinutes: 32 }], 0, 45)).toBe(15);
  });

  it('never quotes under 5 minutes for a table whose party overstays', () => {
    expect(estimateWaitMinutes([{ seatedMinutes: 90 }], 0, 45)).toBe(5);
  });

  it('queues behind the parties already waiting, a full turn per round', () => {
    const tables = [{ seatedMinutes: 40 }, { seatedMinutes: 20 }];
    expect(estimateWaitMinutes(tables, 1, 45)).toBe(25);
    expect(estimateWaitMinutes(tables, 2, 45)).toBe(50);
    expect(estimateWaitMinutes(tables, 3, 45)).toBe(70);
  });
});
