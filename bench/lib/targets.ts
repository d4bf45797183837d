import type { Row } from './report';
import { ratioCell, targetCell } from './report';
import { STARTUP_EMPTY_MEASURE, STARTUP_MEASURE } from '../scenarios/startup';
import { stepMeasure } from '../scenarios/yardstick-steps';
import { LIST_MEASURE, TAIL_MEASURE, pageMeasure } from '../scenarios/fresh-reads';
import { MONGO_COMMANDS_MEASURE, MONGO_OUTPUT_MEASURE, mongoStepMeasure } from '../scenarios/mongodb-server';
import { historyListMeasure, historyStepMeasure } from '../scenarios/history';

interface Target {
  label: string;
  find: (row: Row) => boolean;
  /** Printed when no row of this run measures it. */
  runWith: string;
}

const byMeasure = (measure: string, scenario?: string) => (row: Row) => row.measure === measure && (scenario === undefined || row.scenario.startsWith(scenario));

/** Issue 23's targets, each a row of the run. */
const ISSUE_23: Target[] = [
  ...(['1 KB state', '50 KB state', '2 MB heap'] as const).flatMap((size) =>
    (['strict', 'relaxed'] as const).map((durability) => ({
      label: `${durability} step, ${size}, against the ${durability} floor`,
      find: byMeasure(stepMeasure(durability, size)),
      runWith: 'BENCH_ONLY=steps23',
    })),
  ),
  { label: 'list 2,001 in a fresh process, against the floor', find: byMeasure(LIST_MEASURE), runWith: 'BENCH_ONLY=reads23' },
  ...[20_000, 100_000].flatMap((count) =>
    (['fresh process', 'right after one save'] as const).map((when) => ({
      label: `${pageMeasure(count, when)}, against SQLite`,
      find: byMeasure(pageMeasure(count, when)),
      runWith: count === 100_000 ? 'BENCH_ONLY=reads23 BENCH_LARGE=1' : 'BENCH_ONLY=reads23',
    })),
  ),
  { label: `${TAIL_MEASURE}, against the floor`, find: byMeasure(TAIL_MEASURE), runWith: 'BENCH_ONLY=reads23' },
  ...['1 KB state', '50 KB state'].map((size) => ({
    label: `MongoDB ${mongoStepMeasure(size)}, against the raw-driver floor`,
    find: byMeasure(mongoStepMeasure(size), 'MongoDB'),
    runWith: 'BENCH_ONLY=mongodb23',
  })),
  { label: `MongoDB ${MONGO_COMMANDS_MEASURE}`, find: byMeasure(MONGO_COMMANDS_MEASURE), runWith: 'BENCH_ONLY=mongodb23' },
  { label: `MongoDB ${MONGO_OUTPUT_MEASURE}, against the raw-driver floor`, find: byMeasure(MONGO_OUTPUT_MEASURE), runWith: 'BENCH_ONLY=mongodb23' },
  { label: `fresh process: ${STARTUP_EMPTY_MEASURE}`, find: byMeasure(STARTUP_EMPTY_MEASURE), runWith: 'npm run build, then BENCH_ONLY=startup' },
];

/** Issue 25's targets. */
const ISSUE_25: Target[] = (['file', 'MongoDB'] as const).flatMap((backend) => [
  { label: `${historyStepMeasure(backend)} <= 1.3x`, find: byMeasure(historyStepMeasure(backend)), runWith: 'BENCH_ONLY=history' },
  { label: `${historyListMeasure(backend)} <= 1x`, find: byMeasure(historyListMeasure(backend)), runWith: 'BENCH_ONLY=history' },
]);

/** The targets of issues 14 and 22, printed only when their scenarios ran. */
const EARLIER: Target[] = [
  { label: 'strict step with a warm cache <= 1.3x its floor', find: byMeasure('strict step, warm cache'), runWith: 'BENCH_ONLY=step' },
  { label: 'relaxed step <= 1.5x the relaxed floor', find: byMeasure('relaxed step, warm cache'), runWith: 'BENCH_ONLY=step' },
  {
    label: 'warm listExecutions of 2,000 <= 0.15x the cold one',
    find: (row) => row.scenario === 'Many executions (2,000)' && row.measure.startsWith('listExecutions warm'),
    runWith: 'BENCH_ONLY=many',
  },
  { label: 'step at 100,000 stored executions within 1.2x of the time at 100', find: (row) => row.measure.startsWith('step at '), runWith: 'BENCH_ONLY=curves' },
  { label: 'a fresh process: import + connect + first save <= 1.5x the original package', find: byMeasure(STARTUP_MEASURE), runWith: 'BENCH_ONLY=startup' },
];

/** The verdict of one target: met, MISSED, not measured (why), or not run (and how to run it). */
export function verdictOf(target: Target, rows: readonly Row[]): string {
  const row = rows.find(target.find);
  if (row === undefined) return `not run in this invocation (${target.runWith})`;
  if (row.notMeasured !== undefined) return `not measured: ${row.notMeasured}`;
  if (row.met === undefined) return 'not measured: no yardstick in this run';
  const partial = row.note?.includes('BENCH_LARGE') ? `; ${row.note}` : '';
  return `${row.met ? 'met' : 'MISSED'} (${ratioCell(row)}, target ${targetCell(row)}${partial})`;
}

/** One line per target of issues 23 and 25, then those of issues 14 and 22 that this run measured. */
export function printTargets(rows: readonly Row[]): string {
  const lines = ['Targets of issue 23:'];
  for (const target of ISSUE_23) lines.push(`- ${target.label}: ${verdictOf(target, rows)}`);
  lines.push('', 'Targets of issue 25:');
  for (const target of ISSUE_25) lines.push(`- ${target.label}: ${verdictOf(target, rows)}`);
  const earlier = EARLIER.filter((target) => rows.some(target.find));
  if (earlier.length > 0) {
    lines.push('', 'Targets of issues 14 and 22:');
    for (const target of earlier) lines.push(`- ${target.label}: ${verdictOf(target, rows)}`);
  }
  return lines.join('\n');
}

export const ISSUE_23_TARGETS: readonly Target[] = ISSUE_23;
