// Presents a run: the fixed-width table printed to the terminal, the Markdown and JSON written
// to bench/results/, and the name those files share.

/**
 * @typedef {import('./scenario.mjs').ScenarioResult} ScenarioResult
 * @typedef {import('./scenario.mjs').ResultRow} ResultRow
 */

/**
 * @typedef {object} Report
 * @property {string} startedAt  ISO-8601, UTC
 * @property {string} topology  `embedded`, or the services used, e.g. `postgres+redis+rabbitmq`
 * @property {string} node
 * @property {number} cpus
 * @property {string} cpuModel
 * @property {string | null} commit
 * @property {import('./environment.mjs').Settings} settings
 * @property {ScenarioResult[]} scenarios
 * @property {string[]} failures  why the run exits non-zero
 */

const header = [
  'scenario',
  'role',
  'target',
  'req/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'errors',
  'non-2xx',
  'ratio',
  'goal',
];
/** Columns 3 to 9 hold numbers and are aligned right. */
const isNumeric = (/** @type {number} */ column) => column >= 3 && column <= 9;

/** @param {number | null | undefined} value @param {number} digits */
const fixed = (value, digits) => (value === null || value === undefined ? '-' : value.toFixed(digits));

/** Whole milliseconds as autocannon gives them; a tenth where a measurement has finer ones. */
const latency = (/** @type {number | null | undefined} */ value) =>
  value === null || value === undefined ? '-' : Number.isInteger(value) ? String(value) : value.toFixed(1);

/** @param {boolean | null} met */
const verdict = (met) => (met === null ? '' : met ? ' met' : ' not met');

/**
 * @param {ScenarioResult} result
 * @param {ResultRow} row
 */
function targetCell(result, row) {
  if (row.role !== 'subject') return '';
  const goals = [];
  if (result.targetRatio !== null) goals.push(`>= ${result.targetRatio.toFixed(2)}${verdict(row.targetMet)}`);
  for (const [percentile, ms] of Object.entries(result.latencyTargets ?? {})) {
    const met = row.latencyMet?.[/** @type {'p95' | 'p99'} */ (percentile)] ?? null;
    goals.push(`${percentile} <= ${ms} ms${verdict(met)}`);
  }
  return goals.join('; ');
}

/**
 * The table's cells, header first.
 * @param {ScenarioResult[]} results
 * @returns {string[][]}
 */
export function tableCells(results) {
  const rows = results.flatMap((result) =>
    result.rows.map((row) => {
      const m = row.measurement;
      return [
        result.name,
        row.role,
        row.label,
        m
          ? m.requestsPerSecond.toLocaleString('en-US', {
              maximumFractionDigits: m.requestsPerSecond < 10 ? 2 : 0,
            })
          : 'failed',
        latency(m?.latencyP50),
        latency(m?.latencyP95),
        latency(m?.latencyP99),
        m ? String(m.errors) : '-',
        m ? String(m.non2xx) : '-',
        fixed(row.ratio, 2),
        targetCell(result, row),
      ];
    }),
  );
  return [header, ...rows];
}

/**
 * @param {ScenarioResult[]} results
 * @returns {string} columns padded to their widest cell, a rule under the header
 */
export function formatTable(results) {
  const cells = tableCells(results);
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (/** @type {string[]} */ row) =>
    row
      .map((cell, column) =>
        isNumeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...cells.slice(1).map(line)].join('\n');
}

/**
 * One line per target that measured a budget (the web scenarios): each metric, its value and
 * limit, and whether it is within.
 * @param {ScenarioResult[]} results
 * @returns {string[]}
 */
export function budgetLines(results) {
  return results.flatMap((result) =>
    result.rows
      .filter((row) => row.measurement?.budget)
      .map((row) => {
        const metrics = (row.measurement?.budget ?? []).map(
          ({ metric, unit, value, limit, met }) =>
            `${metric} ${value}${unit ? ` ${unit}` : ''} (<= ${limit}${met ? ' met' : ' not met'})`,
        );
        return `budget ${result.name} · ${row.label}: ${metrics.join(', ')}`;
      }),
  );
}

/**
 * One line saying what was measured on what.
 * @param {Report} report
 */
export function describeRun(report) {
  const { duration, connections, warmup, rounds } = report.settings;
  return [
    `topology ${report.topology}`,
    `node ${report.node}`,
    `${report.cpus} CPUs (${report.cpuModel})`,
    `commit ${report.commit ?? 'unknown'}`,
    `${duration} s per target after ${warmup} s warm-up, ${connections} connections`,
    `interleaved scenarios in ${rounds} rounds`,
  ].join(' · ');
}

/**
 * @param {Report} report
 * @returns {string}
 */
export function toMarkdown(report) {
  const [head = [], ...rows] = tableCells(report.scenarios);
  const line = (/** @type {string[]} */ row) => `| ${row.join(' | ')} |`;
  const align = head.map((_, column) => (isNumeric(column) ? '---:' : '---'));
  const scenarios = report.scenarios.map(
    (result) =>
      `- **${result.name}**: ${result.description}` +
      (result.targetRatio === null ? '' : ` Target ratio: ${result.targetRatio.toFixed(2)}.`),
  );
  const failures = report.failures.length
    ? ['', '## Failures', '', ...report.failures.map((failure) => `\`\`\`\n${failure}\n\`\`\``)]
    : [];
  return [
    `# Benchmark ${report.startedAt}: ${report.scenarios.map((result) => result.name).join(', ')}`,
    '',
    describeRun(report),
    '',
    line(head),
    line(align),
    ...rows.map(line),
    '',
    "Ratio: requests per second over those of the scenario's first baseline, measured in the same run.",
    '',
    ...budgetLines(report.scenarios).map((line) => `- ${line}`),
    '',
    '## Scenarios',
    '',
    ...scenarios,
    ...failures,
    '',
  ].join('\n');
}

/**
 * The name shared by a run's JSON and Markdown files, e.g. `20250102T030405Z-health-menu`.
 * @param {Date} startedAt
 * @param {string[]} names  the scenarios run
 */
export function resultStem(startedAt, names) {
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${stamp}-${names.join('-')}`;
}
