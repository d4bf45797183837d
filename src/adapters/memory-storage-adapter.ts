import { ValidationError } from '../errors';
import { createMemoryBackend, MemoryStore } from '../repositories/memory';
import type { BaseExecution, BaseProgram, RegisteredExecution, RegisteredProgram } from '../types';
import { assertKnownOptionKeys, optionKeys } from '../validation/option-keys';
import { validationModeOf, type ValidationMode } from '../validation/validation-mode';
import type { HistoryOptions } from '../types';
import { RepositoryStorageAdapter } from './repository-storage-adapter';

export type { MemoryStore };

export interface MemoryStorageOptions {
  /** How saves are checked: `compatible` (the default) or `strict`. */
  validation?: ValidationMode;
  /** Another memory adapter's `store`, to open the same data (as a second adapter on one data folder would); a new, empty one by default. */
  store?: MemoryStore;
  /** Keep the states saves replace (see HistoryOptions); off by default. */
  history?: HistoryOptions;
}

const MEMORY_STORAGE_OPTION_KEYS = optionKeys<MemoryStorageOptions>({ validation: true, store: true, history: true });

/**
 * Records in this process's memory, encoded and checked as on the other backends: for unit tests
 * and servers whose data need not outlive them. Nothing is kept after the process ends.
 */
export class MemoryStorageAdapter<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution> extends RepositoryStorageAdapter<P, E> {
  /** The data this adapter reads and writes; pass it as `store` to open it with another adapter. */
  readonly store: MemoryStore;

  constructor(options: MemoryStorageOptions = {}) {
    assertKnownOptionKeys(options, MEMORY_STORAGE_OPTION_KEYS, 'MemoryStorageOptions');
    const store = options.store ?? new MemoryStore();
    if (!(store instanceof MemoryStore)) {
      throw new ValidationError('MemoryStorageOptions', [{ path: 'store', constraints: { isMemoryStore: 'store must be the store of another MemoryStorageAdapter' } }]);
    }
    super(createMemoryBackend(store, validationModeOf(options.validation, 'MemoryStorageOptions')), { history: options.history });
    this.store = store;
  }
}
