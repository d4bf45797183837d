import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { type BenchContext, type ScenarioResult, scenarioDir } from '../lib/context';
import { compare, measuredRow, notMeasuredRow } from '../lib/report';
import { msSince, now, summarize } from '../lib/stats';

const RUNS = 15;
const STRESS_RUNS = 41;
const ROOT = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, '..', 'startup', 'first-save.cjs');
const BUILT_ROOT = path.join(ROOT, 'dist', 'src', 'index.js');
const SCENARIO = 'Fresh process (file backend)';
export const STARTUP_MEASURE = 'import + connect + first save';
export const STARTUP_EMPTY_MEASURE = `${STARTUP_MEASURE}, against an empty node -e ''`;
/** Issue 23: at most this many ms more than an empty `node -e ''`. */
const STARTUP_DIFFERENCE_MS = 150;

interface Process {
  label: string;
  args: (dataDir: string) => string[];
}

interface Sample {
  ms: number;
  /** User and system CPU time of the process, all threads: less swayed by the machine's load than the wall time. */
  cpuMs: number;
  maxRssMiB: number;
  modules?: number;
}

/**
 * A fresh Node process that imports the package, connects a file adapter and saves one program,
 * timed from spawn to exit, against the same in the original package, and an empty `node -e ''`.
 * The original is BENCH_ORIGINAL_DIR (a folder with its compiled JS) when given, else a proxy of
 * what its entry loads at import (the mongodb driver) and the fs calls its connect and save make.
 */
export async function startup(ctx: BenchContext): Promise<ScenarioResult> {
  const stale = staleBuild();
  if (stale !== undefined) {
    return {
      rows: [notMeasuredRow(SCENARIO, STARTUP_EMPTY_MEASURE, 'ms', stale, { target: STARTUP_DIFFERENCE_MS, targetKind: 'difference' })],
      details: { notMeasured: stale },
    };
  }
  const dir = await scenarioDir(ctx, 'startup');
  const originalDir = process.env.BENCH_ORIGINAL_DIR;
  const original: Process = originalDir
    ? { label: `the original (${originalDir})`, args: (dataDir) => [CHILD, 'original', path.resolve(originalDir), dataDir] }
    : { label: 'the original, by proxy (require mongodb + its mkdirs and writeFile)', args: (dataDir) => [CHILD, 'proxy', require.resolve('mongodb'), dataDir] };
  const processes: Process[] = [
    {
      label: "node -e ''",
      args: () => ['-e', "const u = process.resourceUsage(); process.stdout.write(JSON.stringify({ maxRssKiB: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }) + '\\n')"],
    },
    { label: 'this package (dist)', args: (dataDir) => [CHILD, 'library', BUILT_ROOT, dataDir] },
    original,
  ];

  const runs = ctx.stress ? STRESS_RUNS : RUNS;
  const samples: Sample[][] = processes.map(() => []);
  for (let run = 0; run < runs; run++) {
    // Each run starts with another of the three, so drift in machine load falls on all alike.
    for (let k = 0; k < processes.length; k++) {
      const index = (run + k) % processes.length;
      samples[index].push(spawnOnce(processes[index], path.join(dir, `run-${run}-${index}`)));
    }
  }

  const [empty, library, originalSamples] = samples;
  const ms = (of: Sample[]) => of.map((sample) => sample.ms);
  const rss = (of: Sample[]) => of.map((sample) => sample.maxRssMiB);
  const cpu = (of: Sample[]) => of.map((sample) => sample.cpuMs);
  const note = originalDir ? 'original from BENCH_ORIGINAL_DIR' : 'original by proxy: BENCH_ORIGINAL_DIR not set';
  const rows = [
    compare(SCENARIO, STARTUP_MEASURE, 'ms', ms(library), ms(originalSamples), 1.5, `floor: ${note}`),
    measuredRow(SCENARIO, STARTUP_EMPTY_MEASURE, 'ms', { library: ms(library), floor: ms(empty), target: STARTUP_DIFFERENCE_MS, targetKind: 'difference', note: "floor: node -e ''" }),
    compare(SCENARIO, `${STARTUP_MEASURE}: peak resident memory`, 'MiB', rss(library), rss(originalSamples), undefined, `floor: ${note}`),
    // No target of its own: the CPU the package adds, which the machine's load sways less than the wall time.
    measuredRow(SCENARIO, `${STARTUP_MEASURE}: CPU time, against an empty node -e ''`, 'ms', { library: cpu(library), floor: cpu(empty), targetKind: 'difference', note: "floor: node -e ''" }),
  ];
  return {
    rows,
    details: {
      runs,
      original: original.label,
      processes: processes.map((proc, i) => ({
        process: proc.label,
        ms: summarize(ms(samples[i])),
        maxRssMiB: summarize(rss(samples[i])),
        cpuMs: summarize(cpu(samples[i])),
        modules: samples[i][0].modules,
      })),
    },
  };
}

function spawnOnce(proc: Process, dataDir: string): Sample {
  const start = now();
  const stdout = execFileSync(process.execPath, proc.args(dataDir), { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const elapsed = msSince(start);
  const report = JSON.parse(stdout.trim().split('\n').pop() as string) as { maxRssKiB: number; cpuMs: number; modules?: number };
  return { ms: elapsed, cpuMs: report.cpuMs, maxRssMiB: report.maxRssKiB / 1024, modules: report.modules };
}

/** The scenario measures dist/: why it cannot (no build, or one older than a source file), if so. */
function staleBuild(): string | undefined {
  const built = existsSync(BUILT_ROOT) ? statSync(BUILT_ROOT).mtimeMs : 0;
  const newer = (readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[]).find(
    (file) => file.endsWith('.ts') && statSync(path.join(ROOT, 'src', file)).mtimeMs > built,
  );
  if (newer === undefined) return undefined;
  return built === 0 ? 'no build: run `npm run build` first' : `src/${newer} is newer than dist/: run \`npm run build\` first`;
}
