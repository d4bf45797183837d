import type { DataSource } from 'typeorm';
import type { Durability } from '../repositories/file/file-options';
import type { BaseExecution, BaseProgram, HistoryOptions, RegisteredExecution, RegisteredProgram } from '../types';
import { assertKnownOptionKeys, optionKeys } from '../validation/option-keys';
import type { ValidationMode } from '../validation/validation-mode';
import { adapterFor, PACKAGE_DEFAULTS, resolveStorageOptions } from './resolve-storage-options';
import type { CvmStorage } from './storage-adapter';

export interface StorageOptions {
  /** `true`: the memory backend (MemoryStorageAdapter), which keeps nothing after the process. Wins over the environment. */
  memory?: boolean;
  /** File backend: the data folder. Wins over the environment. */
  dataDir?: string;
  /** MongoDB backend: a connection string. Wins over the environment. */
  mongoUrl?: string;
  /** MongoDB backend over an app's own TypeORM DataSource that includes CVM_STORAGE_ENTITIES. */
  dataSource?: DataSource;
  /** MongoDB backend from a URL: the database; defaults to the URL's path, else `cvm`. */
  database?: string;
  /** MongoDB backend: how long connect() waits for a usable server, in ms (5000 by default). */
  serverSelectionTimeoutMS?: number;
  /** MongoDB backend: how long one database call waits for the server's answer, in ms (30000 by default). */
  operationTimeoutMS?: number;
  /** How saves are checked: `compatible` (the default) or `strict` (the CVM value grammar). */
  validation?: ValidationMode;
  /** File backend: `strict` (the default) or `relaxed` (no fsyncs); see FileStorageOptions. Ignored by MongoDB. */
  durability?: Durability;
  /** File backend: the read cache's bound in bytes (32 MiB by default; 0 turns it off). Ignored by MongoDB. */
  cacheBytes?: number;
  /** Keep the states each save of an execution replaces, the `keep` most recent per execution or `'all'` (off by default; else `CVM_HISTORY_KEEP`). */
  history?: HistoryOptions;
  /**
   * File and MongoDB backends: only read. connect() creates nothing (no folder, probe file, index
   * or collection) and cleans up nothing; writes are not refused, the caller must only read (see
   * FileStorageOptions.readOnly, MongoDBStorageOptions.readOnly). Refused with `memory: true`,
   * whose new store is empty.
   */
  readOnly?: boolean;
}

/** Every key of StorageOptions, checked at run time. */
export const STORAGE_OPTION_KEYS = optionKeys<StorageOptions>({
  memory: true,
  dataDir: true,
  mongoUrl: true,
  dataSource: true,
  database: true,
  serverSelectionTimeoutMS: true,
  operationTimeoutMS: true,
  validation: true,
  durability: true,
  cacheBytes: true,
  history: true,
  readOnly: true,
});

/**
 * A connected adapter. The memory backend with `memory: true`; MongoDB when `options` give `mongoUrl` or `dataSource`; else the file
 * backend when they give `dataDir`; else MongoDB when `MONGODB_URL` (or `MONGODB_URI`) is set;
 * else the file backend in `CVM_DATA_DIR`, else `./cvm-data` (PACKAGE_DEFAULTS).
 */
export async function createStorageAdapter<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution>(
  options: StorageOptions = {},
): Promise<CvmStorage<P, E>> {
  assertKnownOptionKeys(options, STORAGE_OPTION_KEYS, PACKAGE_DEFAULTS.entity);
  const adapter = adapterFor<P, E>(resolveStorageOptions(options, PACKAGE_DEFAULTS));
  await adapter.connect();
  return adapter;
}
