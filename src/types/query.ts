import type { ExecutionState } from './execution';

/**
 * A page of `queryPrograms`. Records come ordered by `created`, then `id`, as `listPrograms`
 * orders them. `updatedBefore` and `updatedAfter` compare the time of the record's last change:
 * its `updated`, or its `created` when it has no `updated`; both bounds are exclusive.
 */
export interface ProgramQuery {
  /** Only records last changed strictly before this time. */
  updatedBefore?: Date;
  /** Only records last changed strictly after this time. */
  updatedAfter?: Date;
  /** At most this many records: a whole number from 1 to 1000; 100 when absent. */
  limit?: number;
  /** The `next` of the previous page; absent or null for the first page. */
  after?: string | null;
}

/** A page of `queryExecutions`: as ProgramQuery, with two more filters. */
export interface ExecutionQuery extends ProgramQuery {
  /** Only executions in this state, or in one of these states. */
  state?: ExecutionState | readonly ExecutionState[];
  /** Only executions of this program. */
  programId?: string;
}

/** One page; `next` is an opaque cursor for the page after it, null on the last page. */
export interface ProgramPage<P> {
  programs: P[];
  next: string | null;
}

export interface ExecutionPage<E> {
  executions: E[];
  next: string | null;
}

/** What `pruneExecutions` deletes. */
export interface PruneOptions {
  /** Executions last changed (`updated`, else `created`) strictly before this time. */
  olderThan: Date;
  /** Only executions in these states; every state when absent. */
  states?: readonly ExecutionState[];
  /** Also the current execution, when it matches (then the pointer is cleared); false by default. */
  includeCurrent?: boolean;
  /** Find and return the ids, delete nothing. */
  dryRun?: boolean;
  /** How many executions are read (and then deleted) at a time: 1 to 1000, 100 by default. */
  batchSize?: number;
}

export interface PruneResult {
  /** The executions deleted (with `dryRun`, those that would be), in `created`, `id` order. */
  ids: string[];
}
