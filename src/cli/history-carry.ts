import { backendOf } from '../adapters/repository-storage-adapter';
import type { CvmStorage } from '../adapters/storage-adapter';
import type { HistoryEntry, HistoryRepository } from '../repositories/history-repository';
import type { Execution } from '../types';

/**
 * How export, import and migrate carry an execution's history (docs/cli.md, "history"): each
 * stored entry goes with its distance below the execution's current revision, and lands at the
 * same distance below the revision the target gave the execution. Revisions are numbered by each
 * store, so they differ between the two; the sequence, the states and the output lengths do not.
 */

const PAGE = 1000;

/** An execution's current state and the revision its history is counted from. */
export interface HistoryHead {
  execution: Execution;
  head: number;
}

/** The history repository of the store's backend, or undefined for a store that keeps none. */
export function historyOf(adapter: object): HistoryRepository | undefined {
  return backendOf(adapter)?.history;
}

/**
 * The execution's current state and revision when the store holds history of it, else null (also
 * for no such execution): one probe for a store without history, so an export costs one call more
 * per execution. Its entries are those at or below `head` (entriesBelow(..., head + 1)).
 */
export async function historyHead(adapter: CvmStorage, executionId: string): Promise<HistoryHead | null> {
  const entries = historyOf(adapter);
  if (entries === undefined || (await entries.list(executionId, { before: null, limit: 1 })).length === 0) return null;
  const now = await adapter.readExecution(executionId);
  return now === null ? null : { execution: now.execution, head: now.revision };
}

/** Every entry below `before`, newest first, read a page at a time. */
export async function* entriesBelow(entries: HistoryRepository, executionId: string, before: number | null): AsyncGenerator<HistoryEntry> {
  for (let below = before; ; ) {
    const page = await entries.list(executionId, { before: below, limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    below = page[page.length - 1].revision;
  }
}

/** Where an entry `sourceHead - revision` below the source's current revision lands under the target's; null when that is below 1. */
export function carriedRevision(targetHead: number, sourceHead: number, revision: number): number | null {
  const carried = targetHead - (sourceHead - revision);
  return carried >= 1 ? carried : null;
}

/** The target's current revision of the execution (after it was written), or null when it is not there. */
export async function headOf(target: Pick<CvmStorage, 'readExecution'>, executionId: string): Promise<number | null> {
  return (await target.readExecution(executionId))?.revision ?? null;
}
