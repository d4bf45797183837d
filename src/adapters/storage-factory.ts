import type { BaseExecution, BaseProgram, HistoryOptions, RegisteredExecution, RegisteredProgram } from '../types';
import { assertKnownOptionKeys, optionKeys } from '../validation/option-keys';
import type { ValidationMode } from '../validation/validation-mode';
import type { Durability } from '../repositories/file/file-options';
import { adapterFor, ORIGINAL_DEFAULTS, resolveStorageOptions, type StorageType } from './resolve-storage-options';
import type { CvmStorage } from './storage-adapter';

export type { StorageType };

/** What the upstream CVM server passes to StorageFactory.create(). */
export interface StorageFactoryConfig {
  /** Else `CVM_STORAGE_TYPE`, else `'file'`; `'memory'` keeps nothing after the process. */
  type?: StorageType;
  /** File backend: else `CVM_DATA_DIR`, else `.cvm`. */
  dataDir?: string;
  /** MongoDB backend: else `MONGODB_URI`, else `mongodb://localhost:27017/cvm`. */
  mongoUri?: string;
  /** How saves are checked: `compatible` (the default) or `strict`. */
  validation?: ValidationMode;
  /** File backend: `strict` (the default) or `relaxed` (no fsyncs); see FileStorageOptions. */
  durability?: Durability;
  /** File backend: the read cache's bound in bytes (32 MiB by default; 0 turns it off). */
  cacheBytes?: number;
  /** Keep the states each save of an execution replaces, the `keep` most recent per execution or `'all'` (off by default; else `CVM_HISTORY_KEEP`). */
  history?: HistoryOptions;
}

const STORAGE_FACTORY_CONFIG_KEYS = optionKeys<StorageFactoryConfig>({
  type: true,
  dataDir: true,
  mongoUri: true,
  validation: true,
  durability: true,
  cacheBytes: true,
  history: true,
});

/**
 * The upstream CVM server's way to get storage: configuration first, then its environment
 * variables, then its defaults (ORIGINAL_DEFAULTS). (createStorageAdapter is this package's own,
 * connected, way.)
 */
export class StorageFactory {
  /** An adapter that is not yet connected: call connect() before use. */
  static create<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution>(
    config: StorageFactoryConfig = {},
  ): CvmStorage<P, E> {
    assertKnownOptionKeys(config, STORAGE_FACTORY_CONFIG_KEYS, ORIGINAL_DEFAULTS.entity);
    return adapterFor<P, E>(resolveStorageOptions(config, ORIGINAL_DEFAULTS));
  }
}
