import path from 'node:path';
import { createFileBackend } from '../repositories/file';
import type { BaseExecution, BaseProgram, Execution, Program } from '../types';
import { assertKnownOptionKeys } from '../validation/option-keys';
import { validationModeOf, type ValidationMode } from '../validation/validation-mode';
import { RepositoryStorageAdapter } from './repository-storage-adapter';

export interface FileStorageOptions {
  /** How saves are checked: `compatible` (the default) or `strict`. */
  validation?: ValidationMode;
}

const FILE_STORAGE_OPTION_KEYS: readonly (keyof FileStorageOptions)[] = ['validation'];

/** JSON files under `dataDir`: the zero-setup backend. */
export class FileStorageAdapter<P extends BaseProgram = Program, E extends BaseExecution = Execution> extends RepositoryStorageAdapter<P, E> {
  readonly dataDir: string;

  constructor(dataDir: string, options: FileStorageOptions = {}) {
    assertKnownOptionKeys(options, FILE_STORAGE_OPTION_KEYS, 'FileStorageOptions');
    const resolved = path.resolve(dataDir);
    super(createFileBackend(resolved, validationModeOf(options.validation, 'FileStorageOptions')));
    this.dataDir = resolved;
  }
}
