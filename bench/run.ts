import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext, ScenarioResult } from './lib/context';
import { updateDocs } from './lib/docs';
import { type Row, type RoundTripRow, describeMachine, formatRoundTrips, formatTable } from './lib/report';
import { msSince, now } from './lib/stats';
import { largeState } from './scenarios/large-state';
import { manyExecutions } from './scenarios/many-executions';
import { mongodb } from './scenarios/mongodb';
import { output } from './scenarios/output';
import { stepLoop } from './scenarios/step-loop';
import { fleet } from './scenarios/fleet';
import { curves } from './scenarios/curves';
import { startup } from './scenarios/startup';
import { yardstickSteps } from './scenarios/yardstick-steps';
import { freshReads } from './scenarios/fresh-reads';
import { mongodbServer } from './scenarios/mongodb-server';
import { history } from './scenarios/history';
import { lineChart, type Chart } from './lib/svg-chart';
import { printTargets } from './lib/targets';

/**
 * `npm run bench`: issue 23's scenarios (DEFAULT_SCENARIOS), each against its floor and SQLite, a
 * Markdown table and the targets on stdout, the full results in bench/results.json.
 * BENCH_ALL=1 runs every scenario, the earlier issues' too; BENCH_ONLY=steps23,output some of
 * them. BENCH_SIZE=stress for the larger sizes; BENCH_LARGE=1 for the 100,000-execution page
 * (startup needs `npm run build` first; BENCH_ORIGINAL_DIR for the original's compiled JS;
 * BENCH_MONGODB_URL for a server of your own); BENCH_DIR for where the data goes (default: the OS
 * temp folder); BENCH_KEEP=1 to keep the data; BENCH_DOCS=1 to put the tables into
 * docs/performance.md.
 */
const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<ScenarioResult>> = {
  steps23: yardstickSteps,
  reads23: freshReads,
  mongodb23: mongodbServer,
  history,
  step: stepLoop,
  many: manyExecutions,
  output,
  large: largeState,
  mongodb,
  curves,
  fleet,
  startup,
};

/** What `npm run bench` runs without BENCH_ONLY or BENCH_ALL: every target of issues 23 and 25. */
const DEFAULT_SCENARIOS = ['steps23', 'reads23', 'mongodb23', 'history', 'startup', 'mongodb'];

async function main(): Promise<void> {
  const stress = process.env.BENCH_SIZE === 'stress';
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean) ?? (process.env.BENCH_ALL === '1' ? undefined : DEFAULT_SCENARIOS);
  const unknown = only?.filter((name) => !(name in SCENARIOS)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const dir = await fs.mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'cvm-bench-'));
  const ctx: BenchContext = { dir, stress };
  const machine = describeMachine(dir);
  console.log(`cvm storage benchmark, size ${stress ? 'stress' : 'default'}, data in ${dir}`);
  console.log(`${machine.cpu} x${machine.cores}, ${machine.memoryGiB} GiB, ${machine.os}, ${machine.filesystem}, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);

  const rows: Row[] = [];
  const roundTrips: RoundTripRow[] = [];
  const details: Record<string, unknown> = {};
  const seconds: Record<string, number> = {};
  const charts: Record<string, Chart> = {};
  const started = now();
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (only !== undefined && !only.includes(name)) continue;
      process.stdout.write(`running ${name}... `);
      const start = now();
      const result = await scenario(ctx);
      seconds[name] = Math.round(msSince(start) / 100) / 10;
      console.log(`${seconds[name]} s`);
      rows.push(...result.rows);
      roundTrips.push(...(result.roundTrips ?? []));
      details[name] = result.details;
      Object.assign(charts, result.charts ?? {});
    }
  } finally {
    if (process.env.BENCH_KEEP !== '1') await fs.rm(dir, { recursive: true, force: true });
  }

  console.log(`\n${formatTable(rows)}`);
  console.log(`\n${printTargets(rows)}`);
  if (roundTrips.length > 0) console.log(`\n${formatRoundTrips(roundTrips)}`);
  const results = {
    generatedAt: new Date().toISOString(),
    size: stress ? 'stress' : process.env.BENCH_LARGE === '1' ? 'default, BENCH_LARGE=1' : 'default',
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((value) => Math.round(value * 100) / 100) },
    totalSeconds: Math.round(msSince(started) / 100) / 10,
    scenarioSeconds: seconds,
    rows,
    roundTrips,
    details,
  };
  const file = path.join(__dirname, 'results.json');
  await fs.writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${JSON.stringify(details, null, 2)}\n\nwrote ${path.relative(process.cwd(), file)} in ${results.totalSeconds} s`);
  // The curves as SVG: into docs/ with BENCH_DOCS=1 (docs/performance.md shows them), else bench/charts/.
  const chartDir = process.env.BENCH_DOCS === '1' ? path.join(__dirname, '..', 'docs', 'performance') : path.join(__dirname, 'charts');
  await fs.mkdir(chartDir, { recursive: true });
  for (const [name, chart] of Object.entries(charts)) await fs.writeFile(path.join(chartDir, `${name}.svg`), lineChart(chart));
  if (Object.keys(charts).length > 0) console.log(`wrote ${Object.keys(charts).length} charts to ${path.relative(process.cwd(), chartDir)}`);
  if (process.env.BENCH_DOCS === '1') {
    const docs = path.join(__dirname, '..', 'docs', 'performance.md');
    const updated = await updateDocs(docs, results);
    console.log(updated ? `updated ${path.relative(process.cwd(), docs)}` : `could not find the results markers in ${docs}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
