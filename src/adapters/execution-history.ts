import { AlreadyExistsError, ConflictError } from '../errors';
import type { HistoryEntry, HistoryRepository } from '../repositories/history-repository';
import type { Revisioned, SaveOptions } from '../repositories/record-repository';
import type { StorageBackend } from '../repositories/storage-connection';
import type { Execution, ExecutionRevision, ExecutionRevisionPage, HistoryOptions } from '../types';

/** How often an unfenced save with history on starts again after losing a race to another writer. */
const MAX_SAVE_ATTEMPTS = 100;

/**
 * History over one backend: what the adapter runs, in call order with the other calls about the
 * execution, once it has checked the call. Reads work whenever the backend keeps history; saves
 * record and trim only with the `history` option (see RepositoryStorageAdapter).
 */
export class ExecutionHistory {
  constructor(
    private readonly backend: StorageBackend,
    private readonly entries: HistoryRepository,
    private readonly options: HistoryOptions | undefined,
  ) {}

  get recording(): boolean {
    return this.options !== undefined;
  }

  /**
   * Records the state the save replaces under its revision, then saves only at that revision:
   * an entry written by a save that lost the race is a true past state all the same, and a retry
   * writes the same entry again (a no-op). A save the caller fenced keeps its fence and its
   * ConflictError; an unfenced one starts again on a conflict. Then trims beyond `keep`.
   */
  async save(execution: Execution, fence: SaveOptions | undefined): Promise<void> {
    const given = fence?.expectedRevision;
    for (let attempt = 1; ; attempt++) {
      const now = await this.backend.executions.read(execution.id);
      const at = now?.revision ?? null;
      if (given !== undefined && given !== at) {
        // The caller's fence decides; the backend gives the ConflictError it always gave.
        return this.backend.executions.save(execution, fence);
      }
      if (now !== null) await this.entries.record(execution.id, await this.entryOf(execution.id, now));
      try {
        await this.backend.executions.save(execution, { ...fence, expectedRevision: at });
      } catch (error) {
        if (error instanceof ConflictError && given === undefined && attempt < MAX_SAVE_ATTEMPTS) continue;
        throw error;
      }
      if (now !== null && this.options !== undefined && this.options.keep !== 'all') await this.entries.trim(execution.id, this.options.keep);
      return;
    }
  }

  /** Newest first: the current state, then the past ones, below `before`. */
  async list(executionId: string, before: number | null, limit: number): Promise<ExecutionRevisionPage> {
    const now = await this.backend.executions.read(executionId);
    if (now === null) return { revisions: [], next: null };
    const found: HistoryEntry[] = [];
    if (before === null || now.revision < before) found.push(await this.entryOf(executionId, now));
    // Entries at or above the current revision were recorded by saves that then failed.
    const below = before === null ? now.revision : Math.min(before, now.revision);
    found.push(...(await this.entries.list(executionId, { before: below, limit: limit + 1 - found.length })));
    const page = found.slice(0, limit);
    return { revisions: page.map(summaryOf), next: found.length > limit ? page[page.length - 1].revision : null };
  }

  /** The state at `revision` with its output length, or null when none is kept. */
  async at(executionId: string, revision: number): Promise<HistoryEntry | null> {
    const now = await this.backend.executions.read(executionId);
    if (now === null || revision > now.revision) return null;
    if (revision === now.revision) return this.entryOf(executionId, now);
    return this.entries.get(executionId, revision);
  }

  /**
   * Creates `forked` (already checked) with the lines the source had at that revision, as one
   * committed step of a save fenced on "no record yet": all of it lands, or nothing does.
   */
  async fork(forked: Execution, lines: string[]): Promise<void> {
    try {
      await this.backend.executions.save(forked, { expectedRevision: null, ...(lines.length > 0 ? { output: lines } : {}) });
    } catch (error) {
      if (error instanceof ConflictError) throw new AlreadyExistsError('execution id', forked.id);
      throw error;
    }
  }

  /** Also with the option off: a store may hold entries an earlier adapter recorded. */
  remove(executionId: string): Promise<void> {
    return this.entries.delete(executionId);
  }

  private async entryOf(executionId: string, now: Revisioned<Execution>): Promise<HistoryEntry> {
    return { revision: now.revision, execution: now.record, outputLength: await this.backend.outputs.length(executionId) };
  }
}

function summaryOf(entry: HistoryEntry): ExecutionRevision {
  const { state, pc, updated } = entry.execution;
  return { revision: entry.revision, state, pc, ...(updated === undefined ? {} : { updated }), outputLength: entry.outputLength };
}
