import path from 'node:path';
import { createFileBackend } from '../repositories/file';
import type { BaseExecution, BaseProgram, Execution, Program } from '../types';
import { validationModeOf, type ValidationMode } from '../validation/validation-mode';
import { RepositoryStorageAdapter } from './repository-storage-adapter';

export interface FileStorageOptions {
  /** How saves are checked: `compatible` (the default) or `strict`. */
  validation?: ValidationMode;
}

/** JSON files under `dataDir`: the zero-setup backend. */
export class FileStorageAdapter<P extends BaseProgram = Program, E extends BaseExecution = Execution> extends RepositoryStorageAdapter<P, E> {
  readonly dataDir: string;

  constructor(dataDir: string, options: FileStorageOptions = {}) {
    const resolved = path.resolve(dataDir);
    super(createFileBackend(resolved, validationModeOf(options.validation, 'FileStorageOptions')));
    this.dataDir = resolved;
  }
}
