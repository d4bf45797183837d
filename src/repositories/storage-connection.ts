import type { ValidationMode } from '../validation/validation-mode';
import type { ExecutionRepository } from './execution-repository';
import type { MetadataRepository } from './metadata-repository';
import type { OutputRepository } from './output-repository';
import type { ProgramRepository } from './program-repository';

/** The lifecycle the repositories of one backend share. */
export interface StorageConnection {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
}

/** One backend: its connection and the four repositories that use it. */
export interface StorageBackend {
  /** Names the backend in operation events (`file`, `mongodb`); `custom` when absent. */
  name?: string;
  connection: StorageConnection;
  /** How its repositories validate saves. */
  validation: ValidationMode;
  programs: ProgramRepository;
  executions: ExecutionRepository;
  outputs: OutputRepository;
  metadata: MetadataRepository;
  /**
   * How this backend deletes an execution with its output and the current pointer naming it,
   * when it can do better than the adapter's repeat-safe order (MongoDB: one transaction).
   */
  deleteExecution?(executionId: string): Promise<void>;
}

/** The four repositories of a backend, without its connection. */
export type StorageRepositories = Pick<StorageBackend, 'programs' | 'executions' | 'outputs' | 'metadata'>;
