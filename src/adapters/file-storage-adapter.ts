import path from 'node:path';
import { createFileBackend } from '../repositories/file';
import { fileBackendOptionsOf, type Durability } from '../repositories/file/file-options';
import type { BaseExecution, BaseProgram, HistoryOptions, RegisteredExecution, RegisteredProgram } from '../types';
import { assertKnownOptionKeys, optionKeys } from '../validation/option-keys';
import { validationModeOf, type ValidationMode } from '../validation/validation-mode';
import { RepositoryStorageAdapter } from './repository-storage-adapter';

export interface FileStorageOptions {
  /** How saves are checked: `compatible` (the default) or `strict`. */
  validation?: ValidationMode;
  /**
   * `strict` (the default) fsyncs data and folder before a call resolves: an acknowledged write
   * survives a power loss. `relaxed` skips the fsyncs but keeps atomic saves and single-write
   * appends: a crashed process never leaves a torn record; a power loss may lose the latest writes.
   */
  durability?: Durability;
  /**
   * The read cache's bound, in bytes of stored files (32 MiB by default); 0 turns it off. A record
   * read again while its file is unchanged costs one stat instead of a read and parse.
   */
  cacheBytes?: number;
  /** Keep the states each save of an execution replaces, the `keep` most recent per execution or `'all'` (off by default). */
  history?: HistoryOptions;
  /**
   * Only read: connect() creates, probes and cleans up nothing in the data folder, and a missing
   * subfolder lists as empty (the command-line tool's read-only commands). Writes are not
   * refused: such a caller must only read.
   */
  readOnly?: boolean;
}

const FILE_STORAGE_OPTION_KEYS = optionKeys<FileStorageOptions>({ validation: true, durability: true, cacheBytes: true, history: true, readOnly: true });

/** JSON files under `dataDir`: the zero-setup backend. */
export class FileStorageAdapter<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution> extends RepositoryStorageAdapter<P, E> {
  readonly dataDir: string;

  constructor(dataDir: string, options: FileStorageOptions = {}) {
    assertKnownOptionKeys(options, FILE_STORAGE_OPTION_KEYS, 'FileStorageOptions');
    const resolved = path.resolve(dataDir);
    const entity = 'FileStorageOptions';
    super(createFileBackend(resolved, validationModeOf(options.validation, entity), fileBackendOptionsOf(options, entity)), { history: options.history });
    this.dataDir = resolved;
  }
}
