import type { ValidationMode } from '../validation/validation-mode';
import type { ExecutionRepository } from './execution-repository';
import type { HistoryRepository } from './history-repository';
import type { MetadataRepository } from './metadata-repository';
import type { OutputRepository } from './output-repository';
import type { ProgramRepository } from './program-repository';
import type { PruneCondition } from './prune-execution';

/** The lifecycle the repositories of one backend share. */
export interface StorageConnection {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
}

/**
 * One backend: its connection and the four repositories that use it. They only read and write:
 * the adapter over the backend (RepositoryStorageAdapter) checks every call before it reaches them.
 */
export interface StorageBackend {
  /** Names the backend in operation events (`file`, `mongodb`); `custom` when absent. */
  name?: string;
  connection: StorageConnection;
  /** How the adapter over this backend validates saves, before its repositories see them. */
  validation: ValidationMode;
  programs: ProgramRepository;
  executions: ExecutionRepository;
  outputs: OutputRepository;
  metadata: MetadataRepository;
  /** Where past states are kept when the adapter's `history` option is on; without it the option is refused. */
  history?: HistoryRepository;
  /**
   * How this backend deletes an execution with its output and the current pointer naming it,
   * when it can do better than the adapter's repeat-safe order (MongoDB: one transaction).
   */
  deleteExecution?(executionId: string): Promise<void>;
  /**
   * Deletes the execution as deleteExecution does, only if it is still at `condition.revision`
   * and, with `keepIfCurrent`, the current pointer does not name it: checked and deleted as one
   * step, atomic against other processes. Resolves true when it deleted. Both built-in backends
   * have it; without it prunes check, then delete (not atomic).
   */
  deleteExecutionIfUnchanged?(executionId: string, condition: PruneCondition): Promise<boolean>;
}

/** The four repositories of a backend, without its connection. */
export type StorageRepositories = Pick<StorageBackend, 'programs' | 'executions' | 'outputs' | 'metadata'>;
