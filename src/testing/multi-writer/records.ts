import type { Execution } from '../../types';

export const RESUMED_EXECUTION_ID = 'multi-writer-resumed';

/** The execution as the writer that resumed it from `revision` saves it. */
export function resumedExecution(revision: number, writer: number): Execution {
  return {
    id: RESUMED_EXECUTION_ID,
    programId: 'multi-writer-program',
    state: 'RUNNING',
    pc: revision,
    stack: [revision],
    variables: { writer },
    created: new Date('2026-01-01T00:00:00.000Z'),
  };
}

/** The output line of the step from `revision` that `writer` won. */
export function stepLine(revision: number, writer: number): string {
  return `step from revision ${revision} by writer ${writer}`;
}

/** The execution a writer with role `append` appends to. */
export function appendingExecutionId(writer: number): string {
  return `append-${writer}`;
}

export function appendedLine(writer: number, line: number): string {
  return `line ${line} of writer ${writer}`;
}

/** When the executions a prune test starts with last changed: long before its `olderThan`. */
export const PRUNED_BEFORE = new Date('2021-01-01T00:00:00.000Z');

/** A completed execution for the prune tests, last changed at `updated`. */
export function prunedExecution(id: string, updated: Date): Execution {
  return { ...resumedExecution(0, -1), id, state: 'COMPLETED', created: new Date('2020-01-01T00:00:00.000Z'), updated };
}

/** The executions writers with role `absent` store only if absent. */
export function absentExecutionId(n: number): string {
  return `absent-${n}`;
}

/**
 * The environment variable the paused-writer tests set in the writers they start: a lock lease in
 * ms that the harness's adapter module may apply (the file backend's does: 2000 instead of 10 s).
 */
export const LOCK_STALE_MS_VARIABLE = 'CVM_MULTI_WRITER_LOCK_STALE_MS';
