import type { Row } from './report';
import { STARTUP_MEASURE } from '../scenarios/startup';

/** The targets of issues 14 and 22, each found among the rows by its measure. */
const TARGETS: { label: string; find: (row: Row) => boolean }[] = [
  { label: 'strict step with a warm cache <= 1.3x its floor', find: (row) => row.measure === 'strict step, warm cache' },
  { label: 'relaxed step <= 1.5x the relaxed floor', find: (row) => row.measure === 'relaxed step, warm cache' },
  {
    label: 'warm listExecutions of 2,000 <= 0.15x the cold one',
    find: (row) => row.scenario === 'Many executions (2,000)' && row.measure.startsWith('listExecutions warm'),
  },
  { label: 'step at 100,000 stored executions within 1.2x of the time at 100', find: (row) => row.measure.startsWith('step at ') },
  { label: 'a fresh process: import + connect + first save <= 1.5x the original package', find: (row) => row.measure === STARTUP_MEASURE },
];

/** One line per target: met, missed, or not run (with the scenario that measures it). */
export function printTargets(rows: readonly Row[]): string {
  const lines = ['Targets of issues 14 and 22:'];
  for (const target of TARGETS) {
    const row = rows.find(target.find);
    if (row === undefined || row.ratio === undefined) {
      lines.push(`- ${target.label}: not run in this invocation`);
      continue;
    }
    const partial = row.note?.includes('BENCH_LARGE') ? ` (measured: ${row.measure}; ${row.note})` : '';
    lines.push(`- ${target.label}: ${row.met ? 'met' : 'MISSED'} (${row.ratio.toFixed(2)}x)${partial}`);
  }
  return lines.join('\n');
}
