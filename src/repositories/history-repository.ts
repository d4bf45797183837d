import type { Execution } from '../types';
import type { ExecutionRepository } from './execution-repository';
import type { SaveOptions } from './record-repository';

/** A save the history fences on a stored revision (see HistoryRepository.saveRecorded). */
export interface RecordedSave {
  fence: SaveOptions & { expectedRevision: number };
  /** Whether the caller fenced it (else the fence is the history's own, and the save is unfenced to the caller). */
  fencedByCaller: boolean;
  outputLength: Promise<number>;
}

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
   * Saves `execution` through `executions` fenced on `save.fence.expectedRevision`, then records
   * the state written under the next revision with the output length `save.outputLength`
   * resolves to, as `save` then `record` would; rejects as the save does (a ConflictError when it
   * lost), having recorded nothing then. A backend may write the entry with the record instead.
   */
  async saveRecorded(executions: ExecutionRepository, execution: Execution, save: RecordedSave): Promise<void> {
    const [, length] = await Promise.all([executions.save(execution, save.fence), save.outputLength]);
    await this.record(execution.id, { revision: save.fence.expectedRevision + 1, execution, outputLength: length });
  }
  /** The entry at that revision, or null. */
  abstract get(executionId: string, revision: number): Promise<HistoryEntry | null>;
  /** How many bytes the entry at that revision takes as stored; undefined when the backend does not tell (by default). */
  async storedBytes(_executionId: string, _revision: number): Promise<number | undefined> {
    return undefined;
  }
  /** Entries newest first (see HistoryPageRequest). */
  abstract list(executionId: string, page: HistoryPageRequest): Promise<HistoryEntry[]>;
  /** Removes every entry below `revision`. */
  abstract trimBelow(executionId: string, revision: number): Promise<void>;
  /** Removes every entry of the execution; none is a no-op. */
  abstract delete(executionId: string): Promise<void>;
}
