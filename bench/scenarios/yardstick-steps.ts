import path from 'node:path';
import type { Execution } from '../../src';
import type { Durability } from '../../src/repositories/file';
import { makeExecution, makeLargeExecution } from '../fixtures';
import { type BenchContext, type ScenarioResult, fileSize, layout, scenarioDir } from '../lib/context';
import { measuredRow, type Row } from '../lib/report';
import { SqliteStore } from '../lib/sqlite-store';
import { STEP_PARTS, StepPair } from '../lib/step-pair';
import { type PartTimer, summarize } from '../lib/stats';
import type { Chart } from '../lib/svg-chart';

/** Issue 23's targets for a step: the library's median against the floor's in the same durability. */
export const STEP_TARGETS: Record<string, Record<Durability, number>> = {
  '1 KB state': { strict: 1.25, relaxed: 1.4 },
  '50 KB state': { strict: 1.25, relaxed: 1.4 },
  '2 MB heap': { strict: 1.5, relaxed: 1.5 },
};

interface Size {
  label: keyof typeof STEP_TARGETS;
  execution: () => Execution;
  runs: number;
  steps: number;
  warmup: number;
}

const SIZES: Size[] = [
  { label: '1 KB state', execution: () => makeExecution('x', 1, 1), runs: 5, steps: 30, warmup: 10 },
  { label: '50 KB state', execution: () => makeExecution('x', 200, 200), runs: 5, steps: 20, warmup: 5 },
  { label: '2 MB heap', execution: () => makeLargeExecution('x', 2.3), runs: 3, steps: 3, warmup: 1 },
];

export const stepMeasure = (durability: Durability, size: string): string => `${durability} step, ${size}`;

/**
 * Issue 23's step (see StepPair) at three state sizes, in each durability, with three sides
 * interleaved step by step: the library, the floor, SQLite (synchronous=FULL beside the strict
 * step, NORMAL beside the relaxed one) and the original package by proxy (see StepPair).
 */
export async function yardstickSteps(ctx: BenchContext): Promise<ScenarioResult> {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const points: Record<Durability, Point[]> = { strict: [], relaxed: [] };
  for (const size of SIZES) {
    for (const durability of ['strict', 'relaxed'] as const) {
      const dir = await scenarioDir(ctx, `yardstick-step-${durability}-${size.label.replace(/\W+/g, '-')}`);
      const sqlite = new SqliteStore(path.join(dir, 'sqlite.db'), durability === 'strict' ? 'FULL' : 'NORMAL');
      const pair = await StepPair.create(path.join(dir, 'library'), path.join(dir, 'floor'), durability, false, { execution: size.execution(), sqlite, original: true });
      try {
        const measured = await pair.measure(size.runs, size.steps, size.warmup);
        const scenario = `Step (issue 23), ${durability}`;
        const perPart = (timers: PartTimer[], part: string) => timers.map((timer) => (timer.totals.get(part) ?? 0) / size.steps);
        rows.push(
          measuredRow(scenario, stepMeasure(durability, size.label), 'ms/step', {
            library: measured.library,
            floor: measured.floor,
            sqlite: measured.sqlite,
            original: measured.original,
            target: STEP_TARGETS[size.label][durability],
            note: `SQLite synchronous=${sqlite.synchronous}`,
          }),
          ...STEP_PARTS.map((part) =>
            measuredRow(scenario, `- ${part}`, 'ms/call', { library: perPart(measured.libraryTimers, part), floor: perPart(measured.floorTimers, part) }),
          ),
        );
        const bytes = await fileSize(layout.execution(path.join(dir, 'library'), 'step-exec'));
        points[durability].push({ bytes, library: median(measured.library), floor: median(measured.floor), sqlite: median(measured.sqlite), original: median(measured.original) });
        details[stepMeasure(durability, size.label)] = {
          executionFileBytes: bytes,
          runs: `${size.runs} runs of ${size.steps} steps per side, after ${size.warmup} warm-up steps`,
        };
      } finally {
        await pair.close();
        sqlite.close();
      }
    }
  }
  const charts: Record<string, Chart> = {};
  for (const durability of ['strict', 'relaxed'] as const) {
    const of = (key: keyof Omit<Point, 'bytes'>) => points[durability].map((point) => [point.bytes, point[key]] as const);
    charts[`step-vs-state-${durability}`] = {
      title: `${durability === 'strict' ? 'Strict' : 'Relaxed'} step vs state size`,
      xLabel: 'stored execution, bytes',
      yLabel: 'ms per step (median)',
      series: [
        { name: 'library', points: of('library') },
        { name: `floor (${durability})`, points: of('floor'), dashed: true },
        { name: `SQLite ${durability === 'strict' ? 'FULL' : 'NORMAL'}`, points: of('sqlite') },
        { name: 'original (proxy)', points: of('original'), dashed: true },
      ],
    };
  }
  details.curves = points;
  return { rows, details, charts };
}

interface Point {
  bytes: number;
  library: number;
  floor: number;
  sqlite: number;
  original: number;
}

const median = (samples: number[]): number => summarize(samples).median;
