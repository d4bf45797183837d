import { ValidationError } from '../errors';
import type { BaseExecution, BaseProgram, RegisteredExecution, RegisteredProgram } from '../types';
import { assertKnownOptionKeys, optionKeys } from '../validation/option-keys';
import { validationModeOf, type ValidationMode } from '../validation/validation-mode';
import type { Durability } from '../repositories/file/file-options';
import { FileStorageAdapter } from './file-storage-adapter';
import { MongoDBStorageAdapter } from './mongodb-storage-adapter';
import type { CvmStorage } from './storage-adapter';

export type StorageType = 'file' | 'mongodb';

/** What the upstream CVM server passes to StorageFactory.create(). */
export interface StorageFactoryConfig {
  /** Else `CVM_STORAGE_TYPE`, else `'file'`. */
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
}

const STORAGE_FACTORY_CONFIG_KEYS = optionKeys<StorageFactoryConfig>({
  type: true,
  dataDir: true,
  mongoUri: true,
  validation: true,
  durability: true,
  cacheBytes: true,
});

export const STORAGE_FACTORY_DEFAULTS = {
  type: 'file',
  dataDir: '.cvm',
  mongoUri: 'mongodb://localhost:27017/cvm',
} as const;

/**
 * The upstream CVM server's way to get storage: configuration first, then its environment
 * variables, then its defaults. (createStorageAdapter is this package's own, connected, way.)
 */
export class StorageFactory {
  /** An adapter that is not yet connected: call connect() before use. */
  static create<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution>(
    config: StorageFactoryConfig = {},
  ): CvmStorage<P, E> {
    assertKnownOptionKeys(config, STORAGE_FACTORY_CONFIG_KEYS, 'StorageFactoryConfig');
    const env = process.env;
    const validation = validationModeOf(config.validation, 'StorageFactoryConfig');
    const [type, source] = config.type !== undefined ? [config.type, 'type'] : [env.CVM_STORAGE_TYPE || STORAGE_FACTORY_DEFAULTS.type, 'CVM_STORAGE_TYPE'];
    switch (type) {
      case 'file':
        return new FileStorageAdapter(config.dataDir ?? (env.CVM_DATA_DIR || STORAGE_FACTORY_DEFAULTS.dataDir), {
          validation,
          durability: config.durability,
          cacheBytes: config.cacheBytes,
        });
      case 'mongodb':
        return new MongoDBStorageAdapter(config.mongoUri ?? (env.MONGODB_URI || STORAGE_FACTORY_DEFAULTS.mongoUri), { validation });
      default:
        // The message is the original CVM storage's, which its specs match.
        throw new ValidationError(
          'StorageFactoryConfig',
          [{ path: source, constraints: { isIn: `${source} must be 'file' or 'mongodb', got ${JSON.stringify(String(type))}` } }],
          `Unsupported storage type: ${String(type)}`,
        );
    }
  }
}
