// Measures planned targets one after another: each group's server is started, its targets are
// measured in turn, and it is stopped before the next group starts. An interleaved scenario has
// its servers up together and its targets measured in alternating rounds.
import { combineRounds, runAutocannon } from './load.mjs';
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

/**
 * Measures an interleaved scenario: its servers started together, each target warmed up once,
 * then `settings.rounds` rounds in which every target gets duration/rounds seconds in turn (every
 * other round in reverse order), so that a subject and its baselines are measured seconds apart,
 * never on different sides of a drift in the machine's speed. Each target reports its median
 * round.
 * @param {import('./scenario.mjs').Scenario} scenario
 * @param {import('./environment.mjs').Settings} settings
 * @param {(line: string) => void} log
 * @returns {Promise<Map<Target, Outcome>>}
 */
export async function measureInterleaved(scenario, settings, log) {
  const targets = [...scenario.subjects, ...scenario.baselines];
  const servers = [...new Map(targets.map((target) => [target.server?.name, target.server])).values()];
  /** @type {Map<string | undefined, import('./processes.mjs').RunningProcess>} */
  const running = new Map();
  /** @type {Map<Target, Outcome>} */
  const outcomes = new Map();
  try {
    for (const server of servers) {
      if (!server) continue;
      log(`starting ${server.name}`);
      running.set(server.name, await startProcess(server));
    }
    const contexts = targets.map((target) => ({ url: running.get(target.server?.name)?.url, settings }));
    const requests = await Promise.all(
      targets.map(async (target, index) =>
        typeof target.request === 'function'
          ? target.request(/** @type {TargetContext} */ (contexts[index]))
          : (target.request ?? {}),
      ),
    );
    const round = {
      ...settings,
      duration: Math.max(1, Math.round(settings.duration / settings.rounds)),
      warmup: 0,
    };
    if (settings.warmup > 0) {
      log(`${scenario.name}: warming up every target`);
      for (const [index, request] of requests.entries()) {
        await runAutocannon(/** @type {string} */ (contexts[index]?.url), request, {
          ...round,
          duration: settings.warmup,
        });
      }
    }
    /** @type {import('./load.mjs').Measurement[][]} */
    const rounds = targets.map(() => []);
    for (let number = 1; number <= settings.rounds; number++) {
      log(`${scenario.name}: round ${number} of ${settings.rounds}`);
      // Every other round in reverse, so that no target always follows the same one.
      const turns = [...requests.entries()];
      for (const [index, request] of number % 2 === 1 ? turns : turns.reverse()) {
        rounds[index]?.push(
          await runAutocannon(/** @type {string} */ (contexts[index]?.url), request, round),
        );
      }
    }
    targets.forEach((target, index) => {
      outcomes.set(target, { measurement: combineRounds(rounds[index] ?? []), error: null });
    });
  } catch (error) {
    log(messageOf(error).split('\n')[0] ?? '');
    for (const target of targets) outcomes.set(target, { measurement: null, error: messageOf(error) });
  } finally {
    for (const [name, process] of running) {
      log(`stopping ${name}`);
      await process.stop();
    }
  }
  return outcomes;
}
