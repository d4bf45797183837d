import type { StorageAdapter } from '../../adapters/storage-adapter';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { executionLine, outputChunks, programLine, serializeLine } from '../store-lines';

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
  currentExecutionId: { from: string | null; to: string | null; changed: boolean };
}

export interface CopyHooks {
  /** Called after each record (program, or execution with its output) is in the target. */
  afterRecord?(done: number, total: number): void;
}

const CONCURRENCY = 8;

/**
 * Makes `target` hold what `source` holds, changing only what differs, so a second run changes
 * nothing and a run started after an interrupted one finishes it: records are compared in their
 * stored form and saved when missing or different; output is appended after the part of it the
 * target already holds. Output in the target that is not a prefix of the source's is never
 * rewritten (that would lose data): it is reported as a conflict. With `dryRun` nothing is written.
 */
export async function copyStore(source: StorageAdapter, target: StorageAdapter, dryRun: boolean, hooks: CopyHooks = {}): Promise<CopyResult> {
  const programs = await source.listPrograms();
  const executions = await source.listExecutions();
  const total = programs.length + executions.length;
  let done = 0;
  const tick = (): void => hooks.afterRecord?.(++done, total);
  const result: CopyResult = {
    programs: { created: 0, updated: 0, unchanged: 0 },
    executions: { created: 0, updated: 0, unchanged: 0 },
    outputLinesAppended: 0,
    outputConflicts: [],
    currentExecutionId: { from: null, to: null, changed: false },
  };
  await mapWithConcurrency(programs, CONCURRENCY, async (program) => {
    const existing = await target.getProgram(program.id);
    const outcome = compare(existing && serializeLine(programLine(existing)), serializeLine(programLine(program)));
    result.programs[outcome]++;
    if (outcome !== 'unchanged' && !dryRun) await target.saveProgram(program);
    tick();
  });
  await mapWithConcurrency(executions, CONCURRENCY, async (execution) => {
    const existing = await target.getExecution(execution.id);
    const outcome = compare(existing && serializeLine(executionLine(existing)), serializeLine(executionLine(execution)));
    result.executions[outcome]++;
    if (outcome !== 'unchanged' && !dryRun) await target.saveExecution(execution);
    const wanted = await source.getOutput(execution.id);
    const held = outcome === 'created' ? [] : await target.getOutput(execution.id);
    if (!isPrefix(held, wanted)) {
      result.outputConflicts.push(execution.id);
    } else if (held.length < wanted.length) {
      result.outputLinesAppended += wanted.length - held.length;
      if (!dryRun) {
        for (const chunk of outputChunks(wanted.slice(held.length))) await target.appendOutput(execution.id, chunk);
      }
    }
    tick();
  });
  const from = await source.getCurrentExecutionId();
  const to = await target.getCurrentExecutionId();
  result.currentExecutionId = { from, to, changed: from !== to };
  if (from !== to && !dryRun) await target.setCurrentExecutionId(from);
  return result;
}

function compare(existing: string | null, wanted: string): keyof CopyCounts {
  if (existing === null) return 'created';
  return existing === wanted ? 'unchanged' : 'updated';
}

function isPrefix(held: readonly string[], wanted: readonly string[]): boolean {
  if (held.length > wanted.length) return false;
  for (let i = 0; i < held.length; i++) if (held[i] !== wanted[i]) return false;
  return true;
}
