import type { BaseExecution, ExecutionState } from './execution';

/**
 * The store's `history` option: keep, for each execution, the states its saves replaced, the
 * `keep` most recent of them (a whole number from 1) or `'all'`. Off when absent.
 */
export interface HistoryOptions {
  keep: number | 'all';
}

/** What `listExecutionRevisions` takes: revisions below `before` (a cursor: a page's `next`), at most `limit` (1 to 1000, 100 by default). */
export interface RevisionListOptions {
  before?: number | null;
  limit?: number;
}

/** One saved state of an execution, as a list of its revisions shows it. */
export interface ExecutionRevision {
  revision: number;
  state: ExecutionState | (string & {});
  pc: number;
  updated?: Date;
  /** How many output lines the execution had at this revision. */
  outputLength: number;
}

/** One page of an execution's revisions, newest first; `next` (else null) is the `before` of the next page. */
export interface ExecutionRevisionPage {
  revisions: ExecutionRevision[];
  next: number | null;
}

/** `readExecution`'s options: the revision to read, else the current one. */
export interface ReadExecutionOptions {
  revision?: number;
}

/** `forkExecution`'s options: the revision to start from and the new execution's id. */
export interface ForkExecutionOptions {
  revision: number;
  newId: string;
}

/** An execution with the revision it is at. */
export interface RevisionedExecution<E extends BaseExecution> {
  execution: E;
  revision: number;
}
