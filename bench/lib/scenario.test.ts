import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  failuresOf,
  loadScenarios,
  type Outcome,
  planRuns,
  ratioOf,
  type Scenario,
  selectScenarios,
  summarize,
  type Target,
} from './scenario.mjs';

const server = (name: string) => ({ name, argv: ['node', `${name}.mjs`], readyPath: '/' });
const target = (label: string, serverName: string): Target => ({
  label,
  server: server(serverName),
  request: { path: '/' },
});
const measured = (requestsPerSecond: number, errors = 0, non2xx = 0): Outcome => ({
  measurement: { requestsPerSecond, latencyP50: 1, latencyP99: 3, errors, non2xx },
  error: null,
});

const hello = target('hello', 'hello');
const health: Scenario = {
  name: 'health',
  description: 'h',
  subjects: [target('brigade /health', 'brigade')],
  baselines: [hello],
};
const menu: Scenario = {
  name: 'menu',
  description: 'm',
  subjects: [target('brigade /menu', 'brigade')],
  baselines: [hello, target('raw pg', 'raw-pg')],
  targetRatio: 0.6,
};

describe('ratioOf', () => {
  it('divides requests per second by the baseline’s', () => {
    expect(ratioOf(measured(30).measurement, measured(120).measurement)).toBe(0.25);
  });

  it('is null when either side is missing or the baseline did nothing', () => {
    expect(ratioOf(null, measured(1).measurement)).toBeNull();
    expect(ratioOf(measured(1).measurement, null)).toBeNull();
    expect(ratioOf(measured(1).measurement, measured(0).measurement)).toBeNull();
  });
});

describe('planRuns', () => {
  it('groups targets by server in order of first appearance and measures a shared target once', () => {
    const groups = planRuns([health, menu]).map((group) =>
      group.map((run) => `${run.scenario.name}:${run.role}:${run.target.label}`),
    );
    expect(groups).toEqual([
      ['health:subject:brigade /health', 'menu:subject:brigade /menu'],
      ['health:baseline:hello'],
      ['menu:baseline:raw pg'],
    ]);
  });
});

describe('selectScenarios', () => {
  it('takes every scenario when none is named, else those named in the order named', () => {
    expect(selectScenarios([health, menu], [])).toEqual([health, menu]);
    expect(selectScenarios([health, menu], ['menu', 'health', 'menu'])).toEqual([menu, health]);
  });

  it('names the scenarios there are when one is unknown', () => {
    expect(() => selectScenarios([health, menu], ['orders'])).toThrow(
      'unknown scenario orders; there are: health, menu',
    );
  });
});

describe('summarize', () => {
  it('takes every ratio against the first baseline and says whether subjects meet the target', () => {
    const outcomes = new Map<Target, Outcome>([
      [menu.subjects[0]!, measured(70)],
      [hello, measured(100)],
      [menu.baselines[1]!, measured(50)],
    ]);
    const result = summarize(menu, outcomes);
    expect(result.rows.map((row) => [row.role, row.label, row.ratio, row.targetMet])).toEqual([
      ['subject', 'brigade /menu', 0.7, true],
      ['baseline', 'hello', 1, null],
      ['baseline', 'raw pg', 0.5, null],
    ]);
    expect(summarize({ ...menu, targetRatio: 0.8 }, outcomes).rows[0]?.targetMet).toBe(false);
  });

  it('says whether each subject keeps within the latency targets, and not for baselines', () => {
    const slow: Outcome = {
      measurement: {
        requestsPerSecond: 300,
        latencyP50: 4,
        latencyP95: 12.5,
        latencyP99: 31,
        errors: 0,
        non2xx: 0,
      },
      error: null,
    };
    const outcomes = new Map<Target, Outcome>([
      [health.subjects[0]!, slow],
      [hello, measured(100)],
    ]);
    const result = summarize({ ...health, latencyTargets: { p95: 50, p99: 25 } }, outcomes);
    expect(result.latencyTargets).toEqual({ p95: 50, p99: 25 });
    expect(result.rows.map((row) => row.latencyMet)).toEqual([{ p95: true, p99: false }, undefined]);
    // A measurement without p95 (autocannon's) cannot say.
    const unknown = summarize(
      { ...health, latencyTargets: { p95: 50 } },
      new Map([[health.subjects[0]!, measured(1)]]),
    );
    expect(unknown.rows[0]?.latencyMet).toEqual({ p95: null });
  });

  it('keeps the error of a target that could not be measured, without a ratio', () => {
    const outcomes = new Map<Target, Outcome>([
      [health.subjects[0]!, { measurement: null, error: 'brigade did not start' }],
      [hello, measured(100)],
    ]);
    const [subject] = summarize(health, outcomes).rows;
    expect(subject).toMatchObject({ error: 'brigade did not start', ratio: null, targetMet: null });
  });
});

describe('failuresOf', () => {
  it('lists unmeasured targets and those with errors or non-2xx responses, never a missed target', () => {
    const outcomes = new Map<Target, Outcome>([
      [menu.subjects[0]!, measured(10)],
      [hello, measured(100, 0, 7)],
      [menu.baselines[1]!, { measurement: null, error: 'raw-pg did not start' }],
    ]);
    expect(failuresOf([summarize(menu, outcomes)])).toEqual([
      'menu / hello: 0 errors, 7 non-2xx responses',
      'menu / raw pg: raw-pg did not start',
    ]);
  });
});

describe('loadScenarios', () => {
  it('loads the scenarios in bench/scenarios', async () => {
    const scenarios = await loadScenarios(new URL('../scenarios/', import.meta.url));
    expect(scenarios.map((scenario) => scenario.name)).toContain('health');
  });

  it('rejects a scenario without a baseline, naming its file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bench-scenarios-'));
    try {
      const file = join(folder, 'broken.mjs');
      await writeFile(file, "export const scenario = { name: 'broken', subjects: [{}], baselines: [] };\n");
      await expect(loadScenarios(pathToFileURL(`${folder}/`))).rejects.toThrow(
        /broken\.mjs: the exported `scenario` needs at least one subject and one baseline/,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
