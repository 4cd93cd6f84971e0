// What a scenario is, which of them a run selects, the order their targets are measured in,
// and how the measurements become a scenario's result.
import { readdir } from 'node:fs/promises';

/**
 * @typedef {import('./environment.mjs').Settings} Settings
 * @typedef {import('./load.mjs').Measurement} Measurement
 * @typedef {import('./load.mjs').RequestSpec} RequestSpec
 * @typedef {import('./processes.mjs').ProcessSpec} ProcessSpec
 */

/**
 * @typedef {object} TargetContext
 * @property {string | undefined} url  the base URL of the target's server, when it has one
 * @property {Settings} settings
 */

/**
 * One thing put under load: a subject, or a baseline it is compared with. It has a `request`
 * for autocannon, or a `measure` of its own (pgbench, a broker client) returning the same numbers.
 * @typedef {object} Target
 * @property {string} label  shown in the table, e.g. `brigade GET /health`
 * @property {ProcessSpec} [server]  started before, stopped after; shared by targets naming the same process
 * @property {RequestSpec | ((context: TargetContext) => Promise<RequestSpec>)} [request]  a function
 *   when the request needs the running server first (say, a token from a sign-in)
 * @property {(context: TargetContext) => Promise<Measurement>} [measure]
 */

/**
 * @typedef {object} Scenario
 * @property {string} name  selects it on the command line
 * @property {string} description
 * @property {Target[]} subjects
 * @property {Target[]} baselines  ratios are taken against the first
 * @property {number} [targetRatio]  each subject's ratio is reported as meeting it or not
 * @property {{ p95?: number, p99?: number }} [latencyTargets]  milliseconds each subject's latency
 *   percentile should stay within (reported as met or not, like the ratio)
 * @property {boolean} [interleaved]  every server up at once and the targets measured in turn, in
 *   `rounds` rounds of duration/rounds seconds each, each reporting its median round: for ratios
 *   between close figures on a machine whose speed drifts (autocannon targets only)
 * @property {string} [unavailable]  why this scenario cannot run in this environment (it is skipped, saying so)
 */

/** @typedef {'subject' | 'baseline'} Role */

/**
 * @typedef {object} PlannedRun
 * @property {Scenario} scenario
 * @property {Role} role
 * @property {Target} target
 */

/**
 * The outcome of one target: its measurement, or why there is none.
 * @typedef {{ measurement: Measurement, error: null } | { measurement: null, error: string }} Outcome
 */

/**
 * @typedef {object} ResultRow
 * @property {Role} role
 * @property {string} label
 * @property {Measurement | null} measurement
 * @property {string | null} error
 * @property {number | null} ratio  requests per second over the first baseline's
 * @property {boolean | null} targetMet  for subjects of a scenario with a target ratio
 * @property {{ p95?: boolean | null, p99?: boolean | null }} [latencyMet]  for subjects of a scenario with latency targets
 *
 * @typedef {object} ScenarioResult
 * @property {string} name
 * @property {string} description
 * @property {number | null} targetRatio
 * @property {{ p95?: number, p99?: number }} [latencyTargets]
 * @property {ResultRow[]} rows  subjects, then baselines, as declared
 */

/**
 * @param {Partial<Scenario> | undefined} scenario
 * @returns {string | null} what is wrong with it
 */
function problemWith(scenario) {
  if (!scenario?.name) return 'has no name';
  if (!scenario.subjects?.length || !scenario.baselines?.length) {
    return 'needs at least one subject and one baseline';
  }
  const targets = [...scenario.subjects, ...scenario.baselines];
  if (targets.some((target) => !target.request === !target.measure)) {
    return 'has a target without exactly one of `request` and `measure`';
  }
  if (targets.some((target) => target.request && !target.server)) return 'has a `request` with no `server`';
  return null;
}

/**
 * @param {string} file
 * @returns {Promise<Scenario>}
 */
async function importScenario(file) {
  /** @type {{ scenario?: Partial<Scenario> }} */
  const module = await import(file);
  const problem = problemWith(module.scenario);
  if (problem) throw new Error(`${file}: the exported \`scenario\` ${problem}`);
  return /** @type {Scenario} */ (module.scenario);
}

/**
 * Every `scenario` exported by a `.mjs` file in the folder, in file-name order.
 * @param {URL} folder
 * @returns {Promise<Scenario[]>}
 */
export async function loadScenarios(folder) {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.mjs')).sort();
  return Promise.all(files.map((file) => importScenario(new URL(file, folder).href)));
}

/**
 * The scenarios named, in the order named (all of them when none is).
 * @param {Scenario[]} scenarios
 * @param {string[]} names
 */
export function selectScenarios(scenarios, names) {
  if (names.length === 0) return scenarios;
  // `events` also selects the family `events-relay`, `events-delivery`, …
  const named = (/** @type {string} */ name) =>
    scenarios.filter((scenario) => scenario.name === name || scenario.name.startsWith(`${name}-`));
  const unknown = names.filter((name) => named(name).length === 0);
  if (unknown.length > 0) {
    throw new Error(
      `unknown scenario ${unknown.join(', ')}; there are: ${scenarios.map((scenario) => scenario.name).join(', ')}`,
    );
  }
  return [...new Set(names.flatMap(named))];
}

/**
 * Every target of the scenarios, grouped by the server it needs so that each server starts once
 * and nothing else runs while a target is measured. Groups keep the order of first appearance;
 * a target shared by several scenarios (the same object) is measured once.
 * @param {Scenario[]} scenarios
 * @returns {PlannedRun[][]}
 */
export function planRuns(scenarios) {
  /** @type {Map<string | Target, PlannedRun[]>} */
  const groups = new Map();
  /** @type {Set<Target>} */
  const planned = new Set();
  for (const scenario of scenarios) {
    /** @type {[Role, Target[]][]} */
    const roles = [
      ['subject', scenario.subjects],
      ['baseline', scenario.baselines],
    ];
    for (const [role, targets] of roles) {
      for (const target of targets) {
        if (planned.has(target)) continue;
        planned.add(target);
        const key = target.server?.name ?? target;
        groups.set(key, [...(groups.get(key) ?? []), { scenario, role, target }]);
      }
    }
  }
  return [...groups.values()];
}

/**
 * @param {Measurement | null} measurement
 * @param {Measurement | null} baseline
 */
export function ratioOf(measurement, baseline) {
  if (!measurement || !baseline || baseline.requestsPerSecond === 0) return null;
  return measurement.requestsPerSecond / baseline.requestsPerSecond;
}

/**
 * @param {Scenario} scenario
 * @param {Map<Target, Outcome>} outcomes  by target
 * @returns {ScenarioResult}
 */
export function summarize(scenario, outcomes) {
  const outcome = (/** @type {Target} */ target) =>
    outcomes.get(target) ?? { measurement: null, error: 'not measured' };
  const baseline = outcome(/** @type {Target} */ (scenario.baselines[0])).measurement;
  const targetRatio = scenario.targetRatio ?? null;
  /**
   * @param {Role} role
   * @param {Target} target
   * @returns {ResultRow}
   */
  const row = (role, target) => {
    const { measurement, error } = outcome(target);
    const ratio = ratioOf(measurement, baseline);
    const targetMet =
      role === 'subject' && targetRatio !== null && ratio !== null ? ratio >= targetRatio : null;
    /** @type {ResultRow} */
    const result = { role, label: target.label, measurement, error, ratio, targetMet };
    if (role === 'subject' && scenario.latencyTargets) {
      const observed = { p95: measurement?.latencyP95, p99: measurement?.latencyP99 };
      result.latencyMet = Object.fromEntries(
        Object.entries(scenario.latencyTargets).map(([percentile, ms]) => {
          const value = observed[/** @type {'p95' | 'p99'} */ (percentile)];
          return [percentile, value === null || value === undefined ? null : value <= ms];
        }),
      );
    }
    return result;
  };
  return {
    name: scenario.name,
    description: scenario.description,
    targetRatio,
    ...(scenario.latencyTargets && { latencyTargets: scenario.latencyTargets }),
    rows: [
      ...scenario.subjects.map((target) => row('subject', target)),
      ...scenario.baselines.map((target) => row('baseline', target)),
    ],
  };
}

/**
 * Why the run should exit non-zero: targets that could not be measured or saw errors or non-2xx
 * responses. A missed target ratio is reported, never a failure.
 * @param {ScenarioResult[]} results
 */
export function failuresOf(results) {
  return results.flatMap((result) =>
    result.rows.flatMap((row) => {
      const where = `${result.name} / ${row.label}`;
      if (row.error) return [`${where}: ${row.error}`];
      const { errors, non2xx } = /** @type {Measurement} */ (row.measurement);
      return errors > 0 || non2xx > 0 ? [`${where}: ${errors} errors, ${non2xx} non-2xx responses`] : [];
    }),
  );
}
