import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Summary } from './stats';
import { summarize } from './stats';

/** One line of the results table: the library against its floor, and SQLite beside them. */
export interface Row {
  scenario: string;
  measure: string;
  unit: string;
  /** Absent when the row could not be measured (see notMeasured). */
  library?: Summary;
  floor?: Summary;
  /** The SQLite yardstick, measured in the same run. */
  sqlite?: Summary;
  /** The original package, by proxy where the bench has no copy of it. */
  original?: Summary;
  /** What the ratio (and the target) is against: the floor unless said otherwise. */
  against?: 'floor' | 'SQLite';
  /**
   * library median / the median of `against`; with targetKind 'difference', library - it (in
   * `unit`); with 'absolute', the library's maximum itself.
   */
  ratio?: number;
  /** The highest ratio (difference, absolute value) the issue accepts. */
  target?: number;
  /** 'difference': the target is `library - against <= target`; 'absolute': `library <= target`. */
  targetKind?: 'difference' | 'absolute';
  met?: boolean;
  /** Why the row has no measurement, e.g. "no server". */
  notMeasured?: string;
  note?: string;
}

export interface Measured {
  library: readonly number[];
  floor?: readonly number[];
  sqlite?: readonly number[];
  original?: readonly number[];
  against?: 'floor' | 'SQLite';
  target?: number;
  targetKind?: 'difference' | 'absolute';
  note?: string;
}

/** A row from samples, with its ratio (or difference) against `against` and its verdict. */
export function measuredRow(scenario: string, measure: string, unit: string, samples: Measured): Row {
  const row: Row = { scenario, measure, unit, library: summarize(samples.library) };
  if (samples.floor !== undefined && samples.floor.length > 0) row.floor = summarize(samples.floor);
  if (samples.sqlite !== undefined && samples.sqlite.length > 0) row.sqlite = summarize(samples.sqlite);
  if (samples.original !== undefined && samples.original.length > 0) row.original = summarize(samples.original);
  const against = samples.against ?? 'floor';
  if (against === 'SQLite') row.against = 'SQLite';
  const yardstick = against === 'SQLite' ? row.sqlite : row.floor;
  // An absolute target bounds every sample ("at most 5 commands per step"): the maximum is checked.
  if (samples.targetKind === 'absolute' && row.library !== undefined) row.ratio = row.library.max;
  else if (yardstick !== undefined && row.library !== undefined && yardstick.median > 0) {
    row.ratio = samples.targetKind === 'difference' ? row.library.median - yardstick.median : row.library.median / yardstick.median;
  }
  if (samples.targetKind !== undefined) row.targetKind = samples.targetKind;
  if (samples.target !== undefined && row.ratio !== undefined) {
    row.target = samples.target;
    row.met = row.ratio <= samples.target;
  }
  if (samples.note !== undefined) row.note = samples.note;
  return row;
}

/** A row whose target could not be measured in this run; never counted as met. */
export function notMeasuredRow(scenario: string, measure: string, unit: string, reason: string, target?: Pick<Row, 'target' | 'targetKind' | 'against'>): Row {
  return { scenario, measure, unit, notMeasured: reason, ...target };
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
  return measuredRow(scenario, measure, unit, { library, floor, target, note });
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

function verdict(row: Row): string {
  if (row.notMeasured !== undefined) return `not measured: ${row.notMeasured}`;
  if (row.met === undefined) return '';
  return row.met ? 'met' : '**missed**';
}

export function ratioCell(row: Row): string {
  if (row.ratio === undefined) return '-';
  const against = row.against === 'SQLite' ? ' SQLite' : '';
  if (row.targetKind === 'absolute') return `${number(row.ratio)} ${row.unit}`;
  if (row.targetKind === 'difference') return `${row.ratio >= 0 ? '+' : ''}${number(row.ratio)} ${row.unit}`;
  return `${row.ratio.toFixed(2)}x${against}`;
}

export function targetCell(row: Row): string {
  if (row.target === undefined) return '';
  if (row.targetKind === 'absolute') return `<= ${row.target} ${row.unit}`;
  if (row.targetKind === 'difference') return `<= +${row.target} ${row.unit}`;
  return `<= ${row.target}x${row.against === 'SQLite' ? ' SQLite' : ''}`;
}

/** The rows as a Markdown table: readable in a terminal, pasteable into docs/performance.md. */
export function formatTable(rows: readonly Row[]): string {
  const withSqlite = rows.some((row) => row.sqlite !== undefined);
  const withOriginal = rows.some((row) => row.original !== undefined);
  const lines = [
    `| Scenario | Measure | Library median (min-max) | Floor median (min-max) |${withSqlite ? ' SQLite median (min-max) |' : ''}${withOriginal ? ' Original (proxy) |' : ''} Ratio | Target | |`,
    `|---|---|---|---|${withSqlite ? '---|' : ''}${withOriginal ? '---|' : ''}---|---|---|`,
  ];
  for (const row of rows) {
    lines.push(
      [
        row.scenario,
        `${row.measure} (${row.unit})`,
        cell(row.library),
        cell(row.floor),
        ...(withSqlite ? [cell(row.sqlite)] : []),
        ...(withOriginal ? [row.original === undefined ? '-' : number(row.original.median)] : []),
        ratioCell(row),
        targetCell(row),
        verdict(row),
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
      `| ${row.operation} | ${row.roundTrips} | ${commands} | ${row.target === undefined ? '' : `${row.target}`} | ${row.met === undefined ? '' : row.met ? 'met' : '**missed**'} |`,
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
