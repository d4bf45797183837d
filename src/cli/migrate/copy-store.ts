import type { CvmStorage } from '../../adapters/storage-adapter';
import { ValidationError } from '../../errors';
import type { HistoryEntry } from '../../repositories/history-repository';
import type { Execution, Program } from '../../types';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { carriedRevision, entriesBelow, headOf, historyHead, historyOf, type HistoryHead } from '../history-carry';
import { OUTPUT_BATCH, readOutputs } from '../output-reader';
import { executionLine, outputChunks, programLine } from '../store-lines';

export interface CopyCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface CopyResult {
  programs: CopyCounts;
  executions: CopyCounts;
  /** Output lines appended to the target (after what it already held of the same output). */
  outputLinesAppended: number;
  /** Executions whose output in the target is not a prefix of the source's: left alone, reported. */
  outputConflicts: string[];
  /** History entries recorded in the target (an entry it holds already is not counted). */
  historyEntriesCopied: number;
  currentExecutionId: { from: string | null; to: string | null; changed: boolean };
}

export interface CopyHooks {
  /** Called after each record (a program, or an execution with its output) is in the target. */
  afterRecord?(done: number, total: number): void;
}

const CONCURRENCY = 8;

/** What copyStore uses of the target. */
export type CopyTarget = Pick<
  CvmStorage,
  'listPrograms' | 'listExecutions' | 'readExecution' | 'getOutput' | 'getCurrentExecutionId' | 'saveProgram' | 'saveExecution' | 'appendOutput' | 'setCurrentExecutionId'
>;

/** A store that does not exist yet, as a dry run sees it: empty, and never written to. */
export const NO_STORE_YET: CopyTarget = {
  listPrograms: () => Promise.resolve([]),
  listExecutions: () => Promise.resolve([]),
  readExecution: () => Promise.resolve(null),
  getOutput: () => Promise.resolve([]),
  getCurrentExecutionId: () => Promise.resolve(null),
  saveProgram: () => Promise.reject(new Error('a dry run writes nothing')),
  saveExecution: () => Promise.reject(new Error('a dry run writes nothing')),
  appendOutput: () => Promise.reject(new Error('a dry run writes nothing')),
  setCurrentExecutionId: () => Promise.reject(new Error('a dry run writes nothing')),
};

/**
 * Makes `target` hold what `source` holds, changing only what differs, so a second run changes
 * nothing and a run started after an interrupted one finishes it: records are compared in their
 * stored form and saved when missing or different; output is appended after the part of it the
 * target already holds (an execution is saved before its output, so an interrupted run leaves a
 * prefix). Output in the target that is not a prefix of the source's is never rewritten (that
 * would lose data): it is reported as a conflict. History goes after the output (see copyHistory).
 * With `dryRun` nothing is written.
 */
export async function copyStore(source: CvmStorage, target: CopyTarget, dryRun: boolean, hooks: CopyHooks = {}): Promise<CopyResult> {
  const programs = await source.listPrograms();
  const executions = await source.listExecutions();
  const heldPrograms = byId(await target.listPrograms(), (p) => JSON.stringify(programLine(p).document));
  const heldExecutions = byId(await target.listExecutions(), (e) => JSON.stringify(executionLine(e).document));
  const total = programs.length + executions.length;
  let done = 0;
  const tick = (): void => hooks.afterRecord?.(++done, total);
  const result: CopyResult = {
    programs: { created: 0, updated: 0, unchanged: 0 },
    executions: { created: 0, updated: 0, unchanged: 0 },
    outputLinesAppended: 0,
    outputConflicts: [],
    historyEntriesCopied: 0,
    currentExecutionId: { from: null, to: null, changed: false },
  };
  await mapWithConcurrency(programs, CONCURRENCY, async (program) => {
    const outcome = compare(heldPrograms.get(program.id), JSON.stringify(programLine(program).document));
    result.programs[outcome]++;
    if (outcome !== 'unchanged' && !dryRun) await target.saveProgram(program);
    tick();
  });
  for (let start = 0; start < executions.length; start += OUTPUT_BATCH) {
    const batch = executions.slice(start, start + OUTPUT_BATCH);
    const ids = batch.map((execution) => execution.id);
    const wanted = await readOutputs(source, ids);
    // Output can be there without its execution (an interrupted delete, a crash): read it for every id.
    const held = await readOutputs(target, ids);
    await mapWithConcurrency(batch, CONCURRENCY, async (listed) => {
      // With history, the state its entries are counted from (listed earlier, it may be older).
      const head = await historyHead(source, listed.id);
      const execution = head?.execution ?? listed;
      const outcome = compare(heldExecutions.get(execution.id), JSON.stringify(executionLine(execution).document));
      result.executions[outcome]++;
      if (outcome !== 'unchanged' && !dryRun) {
        // Before the save: a run cut short after it finds the execution unchanged and adds only the missing entries.
        await historyOf(target)?.delete(execution.id);
        await target.saveExecution(execution);
      }
      await copyOutput(target, execution.id, wanted.get(execution.id) ?? [], held.get(execution.id) ?? [], dryRun, result);
      await copyHistory(source, target, execution.id, head, outcome !== 'unchanged', dryRun, result);
      tick();
    });
  }
  const from = await source.getCurrentExecutionId();
  const to = await target.getCurrentExecutionId();
  result.currentExecutionId = { from, to, changed: from !== to };
  if (from !== to && !dryRun) await target.setCurrentExecutionId(from);
  return result;
}

async function copyOutput(target: CopyTarget, id: string, wanted: string[], held: string[], dryRun: boolean, result: CopyResult): Promise<void> {
  if (!isPrefix(held, wanted)) {
    result.outputConflicts.push(id);
    return;
  }
  const missing = wanted.slice(held.length);
  result.outputLinesAppended += missing.length;
  if (dryRun) return;
  for (const chunk of outputChunks(missing)) await target.appendOutput(id, chunk);
}

/**
 * Makes the target's history of the execution the source's, each entry at its distance below the
 * target's revision of it (see history-carry.ts). The target's history of an execution this run
 * wrote was removed before the write; for one left unchanged, the entries it lacks are recorded,
 * unless it holds one the source does not (another state at that distance, or an extra one): then
 * its history is removed and recorded again. A rerun finds them equal and records none; a dry run
 * only counts.
 */
async function copyHistory(source: CvmStorage, target: CopyTarget, id: string, head: HistoryHead | null, written: boolean, dryRun: boolean, result: CopyResult): Promise<void> {
  const from = historyOf(source);
  if (head === null || from === undefined) return;
  const wanted: HistoryEntry[] = [];
  for await (const entry of entriesBelow(from, id, head.head + 1)) wanted.push(entry);
  const targetHead = await headOf(target, id);
  if (dryRun && targetHead === null) {
    result.historyEntriesCopied += wanted.length;
    return;
  }
  const to = historyOf(target);
  const carried = new Map<number, HistoryEntry>();
  for (const entry of wanted) {
    const revision = targetHead === null ? null : carriedRevision(targetHead, head.head, entry.revision);
    if (to === undefined || revision === null) {
      const why = to === undefined ? 'the target keeps no history' : `it would land below revision 1 (the target is at ${targetHead})`;
      throw new ValidationError('history entry', [{ path: 'revision', constraints: { carried: `the history entry of execution ${id} at revision ${entry.revision} cannot be carried: ${why}` } }]);
    }
    carried.set(revision, { ...entry, revision });
  }
  if (to === undefined) return;
  const held = new Map<number, string>();
  if (!written) for await (const entry of entriesBelow(to, id, null)) held.set(entry.revision, entryKey(entry));
  const reset = [...held].some(([revision, key]) => {
    const wantedThere = carried.get(revision);
    return wantedThere === undefined || entryKey(wantedThere) !== key;
  });
  if (reset && !dryRun) await to.delete(id);
  for (const entry of carried.values()) {
    if (!reset && held.has(entry.revision)) continue;
    result.historyEntriesCopied++;
    if (!dryRun) await to.record(id, entry);
  }
}

function entryKey(entry: HistoryEntry): string {
  return JSON.stringify([entry.outputLength, executionLine(entry.execution).document]);
}

function byId<T extends Program | Execution>(records: T[], encode: (record: T) => string): Map<string, string> {
  return new Map(records.map((record) => [record.id, encode(record)]));
}

function compare(existing: string | undefined, wanted: string): keyof CopyCounts {
  if (existing === undefined) return 'created';
  return existing === wanted ? 'unchanged' : 'updated';
}

function isPrefix(held: readonly string[], wanted: readonly string[]): boolean {
  if (held.length > wanted.length) return false;
  for (let i = 0; i < held.length; i++) if (held[i] !== wanted[i]) return false;
  return true;
}
