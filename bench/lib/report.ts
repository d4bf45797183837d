import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Summary } from './stats';
import { summarize } from './stats';

/** One line of the results table: the library against its floor. */
export interface Row {
  scenario: string;
  measure: string;
  unit: string;
  library: Summary;
  floor?: Summary;
  /** library median / floor median */
  ratio?: number;
  /** The highest ratio the issue accepts, when it sets one. */
  target?: number;
  met?: boolean;
  note?: string;
}

/** Round trips the MongoDB stand-in received for one adapter call. */
export interface RoundTripRow {
  operation: string;
  roundTrips: number;
  byCommand: Record<string, number>;
  target?: number;
  met?: boolean;
}

export function compare(
  scenario: string,
  measure: string,
  unit: string,
  library: readonly number[],
  floor?: readonly number[],
  target?: number,
  note?: string,
): Row {
  const row: Row = { scenario, measure, unit, library: summarize(library) };
  if (floor !== undefined) {
    row.floor = summarize(floor);
    row.ratio = row.library.median / row.floor.median;
  }
  if (target !== undefined && row.ratio !== undefined) {
    row.target = target;
    row.met = row.ratio <= target;
  }
  if (note !== undefined) row.note = note;
  return row;
}

function number(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function cell(summary: Summary | undefined): string {
  if (summary === undefined) return '-';
  return `${number(summary.median)} (${number(summary.min)}-${number(summary.max)})`;
}

function verdict(met: boolean | undefined): string {
  if (met === undefined) return '';
  return met ? 'met' : '**missed**';
}

/** The rows as a Markdown table: readable in a terminal, pasteable into docs/performance.md. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [
    '| Scenario | Measure | Library median (min-max) | Floor median (min-max) | Ratio | Target | |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    lines.push(
      [
        row.scenario,
        `${row.measure} (${row.unit})`,
        cell(row.library),
        cell(row.floor),
        row.ratio === undefined ? '-' : `${row.ratio.toFixed(2)}x`,
        row.target === undefined ? '' : `<= ${row.target}x`,
        verdict(row.met),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    );
  }
  return lines.join('\n');
}

export function formatRoundTrips(rows: readonly RoundTripRow[]): string {
  const lines = ['| MongoDB operation (stand-in) | Round trips | Commands | Target | |', '|---|---|---|---|---|'];
  for (const row of rows) {
    const commands = Object.entries(row.byCommand)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ');
    lines.push(
      `| ${row.operation} | ${row.roundTrips} | ${commands} | ${row.target === undefined ? '' : `${row.target}`} | ${verdict(row.met)} |`,
    );
  }
  return lines.join('\n');
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  filesystem: string;
  loadAverage: number[];
}

/** What the numbers were measured on; `dataDir` is where the scenario files live. */
export function describeMachine(dataDir: string): Machine {
  const cpus = os.cpus();
  let filesystem = 'unknown';
  try {
    const lines = execFileSync('df', ['-T', dataDir], { encoding: 'utf8' }).trim().split('\n');
    const fields = lines[lines.length - 1].split(/\s+/);
    filesystem = `${fields[1]} on ${fields[0]}`;
  } catch {
    // df is not everywhere; the rest still describes the machine.
  }
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    filesystem,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
