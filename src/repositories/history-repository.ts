import type { Execution } from '../types';
import type { ExecutionRepository } from './execution-repository';
import type { SaveOptions } from './record-repository';

/** A save fenced on a stored revision. */
export type FencedSave = SaveOptions & { expectedRevision: number };

/** One past state of an execution: the record as saved at `revision`, and how many output lines it had then. */
export interface HistoryEntry {
  revision: number;
  execution: Execution;
  outputLength: number;
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
   * Saves `execution` through `executions` fenced on `fence.expectedRevision`, then records the
   * state written under the next revision with the output length `outputLength` resolves to, as
   * `save` then `record` would; rejects as the save does (a ConflictError when it lost), having
   * recorded nothing then. A backend may write the entry with the record instead.
   */
  async saveRecorded(executions: ExecutionRepository, execution: Execution, fence: FencedSave, outputLength: Promise<number>): Promise<void> {
    const [, length] = await Promise.all([executions.save(execution, fence), outputLength]);
    await this.record(execution.id, { revision: fence.expectedRevision + 1, execution, outputLength: length });
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
