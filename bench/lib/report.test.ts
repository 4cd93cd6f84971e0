import { describe, expect, it } from 'vitest';
import { budgetLines, formatTable, type Report, resultStem, toMarkdown } from './report.mjs';
import type { ScenarioResult } from './scenario.mjs';

const menu: ScenarioResult = {
  name: 'menu',
  description: 'The public menu.',
  targetRatio: 0.6,
  rows: [
    {
      role: 'subject',
      label: 'brigade GET /menu',
      measurement: { requestsPerSecond: 27_000.4, latencyP50: 2, latencyP99: 11, errors: 0, non2xx: 0 },
      error: null,
      ratio: 0.6,
      targetMet: true,
    },
    {
      role: 'baseline',
      label: 'hello',
      measurement: { requestsPerSecond: 45_000, latencyP50: 0, latencyP99: 1, errors: 0, non2xx: 0 },
      error: null,
      ratio: 1,
      targetMet: null,
    },
    {
      role: 'baseline',
      label: 'raw pg',
      measurement: null,
      error: 'raw-pg did not start',
      ratio: null,
      targetMet: null,
    },
  ],
};

const report: Report = {
  startedAt: '2025-01-02T03:04:05.678Z',
  topology: 'embedded',
  node: 'v20.20.2',
  cpus: 2,
  cpuModel: 'Xeon',
  commit: 'abc1234',
  settings: { duration: 10, connections: 50, warmup: 2, rounds: 5 },
  scenarios: [menu],
  failures: ['menu / raw pg: raw-pg did not start'],
};

describe('formatTable', () => {
  it('pads text left and numbers right, and reports the goal of each subject', () => {
    expect(formatTable([menu]).split('\n')).toEqual([
      'scenario  role      target              req/s  p50 ms  p95 ms  p99 ms  errors  non-2xx  ratio  goal',
      '--------  --------  -----------------  ------  ------  ------  ------  ------  -------  -----  -----------',
      'menu      subject   brigade GET /menu  27,000       2       -      11       0        0   0.60  >= 0.60 met',
      'menu      baseline  hello              45,000       0       -       1       0        0   1.00',
      'menu      baseline  raw pg             failed       -       -       -       -        -      -',
    ]);
  });
});

describe('toMarkdown', () => {
  it('has the run described, the table with numbers aligned right, the scenarios and the failures', () => {
    const markdown = toMarkdown(report);
    expect(markdown).toContain('topology embedded · node v20.20.2 · 2 CPUs (Xeon) · commit abc1234');
    expect(markdown).toContain('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    expect(markdown).toContain(
      '| menu | subject | brigade GET /menu | 27,000 | 2 | - | 11 | 0 | 0 | 0.60 | >= 0.60 met |',
    );
    expect(markdown).toContain('- **menu**: The public menu. Target ratio: 0.60.');
    expect(markdown).toContain('## Failures\n\n```\nmenu / raw pg: raw-pg did not start\n```');
  });
});

describe('resultStem', () => {
  it('is the UTC start to the second, then the scenario names', () => {
    expect(resultStem(new Date('2025-01-02T03:04:05.678Z'), ['health', 'menu'])).toBe(
      '20250102T030405Z-health-menu',
    );
  });
});

describe('page-load budgets', () => {
  const web: ScenarioResult = {
    name: 'web-guest',
    description: 'The guest page.',
    targetRatio: null,
    rows: [
      {
        role: 'subject',
        label: 'guest',
        measurement: {
          requestsPerSecond: 1000 / 1600,
          latencyP50: 1600,
          latencyP95: 1900,
          latencyP99: null,
          errors: 0,
          non2xx: 0,
          budget: [
            { metric: 'LCP', unit: 'ms', value: 1600, limit: 2500, met: true },
            { metric: 'CLS', unit: '', value: 0.2, limit: 0.1, met: false },
          ],
        },
        error: null,
        ratio: 0.25,
        targetMet: null,
      },
    ],
  };

  it('lists each metric against its limit, and shows page loads per second to two decimals', () => {
    expect(budgetLines([web, menu])).toEqual([
      'budget web-guest · guest: LCP 1600 ms (<= 2500 met), CLS 0.2 (<= 0.1 not met)',
    ]);
    expect(formatTable([web])).toContain('0.63');
  });
});
