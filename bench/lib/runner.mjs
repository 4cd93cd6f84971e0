// Measures planned targets one after another: each group's server is started, its targets are
// measured in turn, and it is stopped before the next group starts.
import { runAutocannon } from './load.mjs';
import { startProcess } from './processes.mjs';

/**
 * @typedef {import('./scenario.mjs').Outcome} Outcome
 * @typedef {import('./scenario.mjs').PlannedRun} PlannedRun
 * @typedef {import('./scenario.mjs').Target} Target
 * @typedef {import('./scenario.mjs').TargetContext} TargetContext
 */

/** @param {unknown} error */
const messageOf = (error) => (error instanceof Error ? error.message : String(error));

/**
 * @param {Target} target
 * @param {TargetContext} context
 */
async function measure(target, context) {
  if (target.measure) return target.measure(context);
  const request = typeof target.request === 'function' ? await target.request(context) : target.request;
  return runAutocannon(/** @type {string} */ (context.url), request ?? {}, context.settings);
}

/**
 * @param {PlannedRun[][]} groups  from planRuns()
 * @param {import('./environment.mjs').Settings} settings
 * @param {(line: string) => void} log  progress
 * @returns {Promise<Map<Target, Outcome>>}
 */
export async function measureAll(groups, settings, log) {
  /** @type {Map<Target, Outcome>} */
  const outcomes = new Map();
  for (const group of groups) {
    const server = group[0]?.target.server;
    /** @type {import('./processes.mjs').RunningProcess | undefined} */
    let running;
    try {
      if (server) log(`starting ${server.name}`);
      running = server && (await startProcess(server));
    } catch (error) {
      log(messageOf(error).split('\n')[0] ?? '');
      for (const { target } of group) outcomes.set(target, { measurement: null, error: messageOf(error) });
      continue;
    }
    try {
      for (const { scenario, role, target } of group) {
        log(`${scenario.name}: measuring ${role} ${target.label}`);
        /** @type {Outcome} */
        const outcome = await measure(target, { url: running?.url, settings }).then(
          (measurement) => ({ measurement, error: null }),
          (error) => ({ measurement: null, error: messageOf(error) }),
        );
        outcomes.set(target, outcome);
      }
    } finally {
      if (server) log(`stopping ${server.name}`);
      await running?.stop();
    }
  }
  return outcomes;
}
