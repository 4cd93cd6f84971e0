#!/usr/bin/env node
// `npm run bench [-- scenario ...]`: measures the named scenarios (all when none is named), each
// subject beside its baselines in the same run, prints a table and writes JSON and Markdown to
// bench/results/. Exits 1 when a target could not be measured or answered with errors or non-2xx
// responses (a missed target ratio is reported, not a failure), 2 on bad arguments or settings.
// See bench/README.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo, readSettings, topologyOf } from './lib/environment.mjs';
import { ensureDatabase } from './lib/postgres.mjs';
import { budgetLines, describeRun, formatTable, resultStem, toMarkdown } from './lib/report.mjs';
import { measureAll, measureInterleaved } from './lib/runner.mjs';
import { failuresOf, loadScenarios, planRuns, selectScenarios, summarize } from './lib/scenario.mjs';

const resultsDir = new URL('./results/', import.meta.url);
const log = (/** @type {string} */ line) => process.stderr.write(`bench: ${line}\n`);

async function readInvocation() {
  const settings = readSettings(process.env);
  const catalogue = await loadScenarios(new URL('./scenarios/', import.meta.url));
  const selected = selectScenarios(catalogue, process.argv.slice(2));
  for (const scenario of selected) {
    if (scenario.unavailable) log(`${scenario.name}: skipped — ${scenario.unavailable}`);
  }
  return { settings, scenarios: selected.filter((scenario) => !scenario.unavailable) };
}

const { settings, scenarios } = await readInvocation().catch((error) => {
  log(error instanceof Error ? error.message : String(error));
  return process.exit(2);
});

if (process.env.DATABASE_URL && (await ensureDatabase(process.env.DATABASE_URL))) {
  log('created the database named in DATABASE_URL');
}

const started = new Date();
const outcomes = await measureAll(
  planRuns(scenarios.filter((scenario) => !scenario.interleaved)),
  settings,
  log,
);
/** @type {Map<import('./lib/scenario.mjs').Scenario, Map<import('./lib/scenario.mjs').Target, import('./lib/scenario.mjs').Outcome>>} */
const interleaved = new Map();
for (const scenario of scenarios.filter((each) => each.interleaved)) {
  interleaved.set(scenario, await measureInterleaved(scenario, settings, log));
}
const results = scenarios.map((scenario) => summarize(scenario, interleaved.get(scenario) ?? outcomes));
/** @type {import('./lib/report.mjs').Report} */
const report = {
  startedAt: started.toISOString(),
  topology: topologyOf(process.env),
  ...machineInfo(),
  settings,
  scenarios: results,
  failures: failuresOf(results),
};

const stem = resultStem(
  started,
  scenarios.map((scenario) => scenario.name),
);
/** @type {[string, string][]} */
const files = [
  [`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`],
  [`${stem}.md`, toMarkdown(report)],
];
await mkdir(resultsDir, { recursive: true });
for (const [name, content] of files) await writeFile(new URL(name, resultsDir), content);

console.log(`\n${describeRun(report)}\n\n${formatTable(results)}\n`);
for (const line of budgetLines(results)) console.log(line);
for (const failure of report.failures) console.log(`FAILED ${failure}\n`);
const shown = relative(process.cwd(), fileURLToPath(resultsDir));
console.log(`results: ${files.map(([name]) => `${shown}/${name}`).join(', ')}`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
