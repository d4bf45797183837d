import type { Execution } from '../types';

/** One past state of an execution: the record as saved at `revision`, and how many output lines it had then. */
export interface HistoryEntry {
  revision: number;
  execution: Execution;
  outputLength: number;
}

/** An entry written but not yet visible: `place` records it (as `record` does), `discard` drops it. */
export interface StagedEntry {
  place(): Promise<void>;
  discard(): Promise<void>;
}

/** Which entries a list returns: revisions below `before` (all when null), newest first, at most `limit`. */
export interface HistoryPageRequest {
  before: number | null;
  limit: number;
}

/**
 * The past states of executions, each immutable and keyed by (execution id, revision). The
 * adapter records the state a save replaces (with `history` on), trims, reads and removes them;
 * a backend's implementation only reads and writes checked values.
 */
export abstract class HistoryRepository {
  /**
   * Stores the entry unless one with that (execution id, revision) is stored, atomically across
   * processes; a second record of the same key changes nothing (the state at a revision never changes).
   */
  abstract record(executionId: string, entry: HistoryEntry): Promise<void>;
  /**
   * Prepares `record(executionId, entry)` so that most of its cost can run before the entry is
   * known to be true (beside the save that makes it so); by default, nothing is prepared.
   */
  async stage(executionId: string, entry: HistoryEntry): Promise<StagedEntry> {
    return { place: () => this.record(executionId, entry), discard: async () => {} };
  }
  /** The entry at that revision, or null. */
  abstract get(executionId: string, revision: number): Promise<HistoryEntry | null>;
  /** Entries newest first (see HistoryPageRequest). */
  abstract list(executionId: string, page: HistoryPageRequest): Promise<HistoryEntry[]>;
  /** Removes every entry below `revision`. */
  abstract trimBelow(executionId: string, revision: number): Promise<void>;
  /** Removes every entry of the execution; none is a no-op. */
  abstract delete(executionId: string): Promise<void>;
}
