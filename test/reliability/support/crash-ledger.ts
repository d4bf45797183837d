import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CvmStorage } from '../../../src/adapters/storage-adapter';
import {
  CRASH_EXECUTION_IDS,
  CRASH_PROGRAM_IDS,
  CURRENT_SLOT,
  crashExecution,
  crashOutputLines,
  crashProgram,
  currentValue,
  versionOfCurrent,
  versionOfExecution,
  versionOfProgram,
} from './crash-records';
import { firstDifference } from '../../support/same-value';

interface Written {
  version: number;
  size: number;
}

/** What one crash worker reported before it was killed. */
export interface TrialReport {
  begun: Map<string, Written[]>;
  acknowledged: Map<string, number[]>;
  outputBegun: number[][];
  outputAcknowledged: number;
  acknowledgedWrites: number;
  begunWrites: number;
}

export function parseReport(text: string): TrialReport {
  const report: TrialReport = {
    begun: new Map(),
    acknowledged: new Map(),
    outputBegun: [],
    outputAcknowledged: 0,
    acknowledgedWrites: 0,
    begunWrites: 0,
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [kind, slot, versionText, sizeText] = line.split(' ');
    if (slot === 'out') {
      if (kind === 'B') {
        if (Number(versionText) !== report.outputBegun.length) throw new Error(`report: output record out of order: ${line}`);
        report.outputBegun.push(sizeText.split(',').map(Number));
      } else if (kind === 'A') {
        if (Number(versionText) !== report.outputAcknowledged) throw new Error(`report: acknowledgement out of order: ${line}`);
        report.outputAcknowledged += 1;
      } else {
        throw new Error(`report: unreadable line ${JSON.stringify(line)}`);
      }
    } else if (kind === 'B') {
      pushTo(report.begun, slot, { version: Number(versionText), size: Number(sizeText) });
    } else if (kind === 'A') {
      pushTo(report.acknowledged, slot, Number(versionText));
    } else {
      throw new Error(`report: unreadable line ${JSON.stringify(line)}`);
    }
    if (kind === 'A') report.acknowledgedWrites += 1;
    else report.begunWrites += 1;
  }
  return report;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

export interface CrashFigures {
  trials: number;
  killedBySigkill: number;
  writesBegun: number;
  writesAcknowledged: number;
  tempFilesLeftByCrashes: number;
  trialsThatLeftTempFiles: number;
  tornOutputRecordsSkipped: number;
  recordsLost: number;
}

/**
 * What the data folder must hold after each kill. For every slot (an execution, a program, the
 * current pointer) it keeps the value seen after the previous trial; after a trial the slot must
 * hold that value or one the killed worker began writing, never older than the last value it
 * acknowledged, and equal to what the worker wrote for that version. The output must be the
 * previous output followed by whole records of this trial, in order, at least all acknowledged.
 */
export class CrashLedger {
  private readonly slots = new Map<string, Written | null>();
  /** Per output file: its lines after the previous trial, the torn lines seen, the records begun and not acknowledged, and the whole lines already checked (`checked`, a prefix of the file). */
  private readonly outputs = new Map<string, { lines: string[]; tornLines: Set<string>; begun: string[]; checked: string }>();
  readonly figures: CrashFigures = {
    trials: 0,
    killedBySigkill: 0,
    writesBegun: 0,
    writesAcknowledged: 0,
    tempFilesLeftByCrashes: 0,
    trialsThatLeftTempFiles: 0,
    tornOutputRecordsSkipped: 0,
    recordsLost: 0,
  };

  /** Checks the data folder after `trial`; returns the problems found (none when it is sound). */
  async check(adapter: CvmStorage, dataDir: string, trial: number, outputId: string, report: TrialReport): Promise<string[]> {
    const problems: string[] = [];
    this.figures.writesBegun += report.begunWrites;
    this.figures.writesAcknowledged += report.acknowledgedWrites;

    problems.push(...(await unparseableRecordFiles(dataDir)));
    try {
      await this.checkRecords(problems, adapter, report);
      await this.checkOutput(problems, adapter, dataDir, trial, outputId, report);
    } catch (error) {
      problems.push(`reading the data folder failed: ${String(error)}`);
    }
    return problems;
  }

  private async checkRecords(problems: string[], adapter: CvmStorage, report: TrialReport): Promise<void> {
    for (const id of CRASH_EXECUTION_IDS) {
      const stored = await adapter.getExecution(id);
      this.checkSlot(problems, report, `exec:${id}`, stored && { version: versionOfExecution(stored), record: stored }, (w) =>
        crashExecution(id, w.version, w.size),
      );
    }
    for (const id of CRASH_PROGRAM_IDS) {
      const stored = await adapter.getProgram(id);
      this.checkSlot(problems, report, `prog:${id}`, stored && { version: versionOfProgram(stored), record: stored }, (w) =>
        crashProgram(id, w.version, w.size),
      );
    }
    const current = await adapter.getCurrentExecutionId();
    this.checkSlot(problems, report, CURRENT_SLOT, current === null ? null : { version: versionOfCurrent(current), record: current }, (w) =>
      currentValue(w.version),
    );

    const listed = [...(await adapter.listExecutions()).map((e) => `exec:${e.id}`), ...(await adapter.listPrograms()).map((p) => `prog:${p.id}`)];
    const present = [...this.slots].filter(([slot, value]) => value !== null && slot !== CURRENT_SLOT).map(([slot]) => slot);
    if (listed.sort().join() !== present.sort().join()) problems.push(`list() returned [${listed.join(', ')}], expected [${present.join(', ')}]`);
  }

  private checkSlot<T>(
    problems: string[],
    report: TrialReport,
    slot: string,
    stored: { version: number; record: T } | null,
    build: (written: Written) => T,
  ): void {
    const baseline = this.slots.get(slot) ?? null;
    const begun = report.begun.get(slot) ?? [];
    const acknowledged = report.acknowledged.get(slot) ?? [];
    const lastAcknowledged = acknowledged.length > 0 ? Math.max(...acknowledged) : null;
    if (stored === null) {
      if (baseline !== null || lastAcknowledged !== null) {
        this.figures.recordsLost += 1;
        problems.push(`${slot}: missing, but version ${lastAcknowledged ?? baseline?.version} was acknowledged`);
      }
      this.slots.set(slot, null);
      return;
    }
    if (lastAcknowledged !== null && stored.version < lastAcknowledged) {
      this.figures.recordsLost += 1;
      problems.push(`${slot}: holds version ${stored.version}, older than the acknowledged ${lastAcknowledged}`);
    }
    const candidates = baseline ? [baseline, ...begun] : begun;
    const match = candidates.find((written) => written.version === stored.version);
    if (match === undefined) {
      problems.push(`${slot}: holds version ${stored.version}, which was neither there before nor written in this trial`);
      this.slots.set(slot, null);
      return;
    }
    const difference = firstDifference(build(match), stored.record);
    if (difference !== null) problems.push(`${slot}: version ${match.version} came back different: ${difference}`);
    this.slots.set(slot, match);
  }

  private async checkOutput(
    problems: string[],
    adapter: CvmStorage,
    dataDir: string,
    trial: number,
    outputId: string,
    report: TrialReport,
  ): Promise<void> {
    const state = this.outputs.get(outputId) ?? { lines: [], tornLines: new Set<string>(), begun: [], checked: '' };
    this.outputs.set(outputId, state);
    const records = report.outputBegun.map((sizes, record) => crashOutputLines(trial, record, sizes));
    // Torn records may only be strict prefixes of a record some worker began but never acknowledged.
    for (const record of records.slice(report.outputAcknowledged)) state.begun.push(JSON.stringify({ format: 2, lines: record }));
    const file = path.join(dataDir, 'outputs', `${outputId}.jsonl`);
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    // The lines an earlier trial checked, when they are still there byte for byte, need no new look.
    const unchecked = text.startsWith(state.checked) ? text.slice(state.checked.length) : text;
    state.checked = text.slice(0, text.lastIndexOf('\n') + 1);
    for (const line of unchecked.split('\n')) {
      if (line === '' || state.tornLines.has(line)) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        if (state.begun.some((begun) => begun.startsWith(line) && begun !== line)) {
          state.tornLines.add(line);
          this.figures.tornOutputRecordsSkipped += 1;
        } else {
          problems.push(`${file}: a line that is neither a record nor a torn unacknowledged one: ${line.slice(0, 80)}`);
        }
        continue;
      }
      const lines = (parsed as { format?: unknown; lines?: unknown } | null)?.lines;
      const isRecord = (parsed as { format?: unknown } | null)?.format === 2 && Array.isArray(lines) && lines.every((item) => typeof item === 'string');
      if (!isRecord) problems.push(`${file}: a record that is not { format: 2, lines: string[] }`);
    }

    const observed = await adapter.getOutput(outputId);
    const before = state.lines;
    if (firstDifference(before, observed.slice(0, before.length)) !== null) {
      this.figures.recordsLost += 1;
      problems.push(`${outputId}: the output of earlier trials changed`);
    }
    let position = before.length;
    let whole = 0;
    for (const lines of records) {
      if (firstDifference(lines, observed.slice(position, position + lines.length)) !== null) break;
      position += lines.length;
      whole += 1;
    }
    if (position !== observed.length) {
      problems.push(`${outputId}: after ${whole} whole records of trial ${trial} came ${observed.length - position} lines that are not the next record: ${observed[position]?.slice(0, 60)}`);
    }
    if (whole < report.outputAcknowledged) {
      this.figures.recordsLost += report.outputAcknowledged - whole;
      problems.push(`${outputId}: ${report.outputAcknowledged} records of trial ${trial} were acknowledged, ${whole} are there`);
    }
    state.lines = observed;
  }
}

/** Every programs/ and executions/ file and metadata.json must be whole JSON. */
async function unparseableRecordFiles(dataDir: string): Promise<string[]> {
  const problems: string[] = [];
  const files = [path.join(dataDir, 'metadata.json')];
  for (const folder of ['programs', 'executions']) {
    for (const name of await fs.readdir(path.join(dataDir, folder))) if (name.endsWith('.json')) files.push(path.join(dataDir, folder, name));
  }
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && file.endsWith('metadata.json')) continue;
      throw error;
    }
    try {
      JSON.parse(text);
    } catch {
      problems.push(`${file} does not parse (${text.length} characters)`);
    }
  }
  return problems;
}
