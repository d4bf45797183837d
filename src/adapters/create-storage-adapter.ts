import type { DataSource } from 'typeorm';
import { ValidationError } from '../errors';
import { mongoUrlFromEnv } from '../repositories/mongodb/data-source-options';
import type { Durability } from '../repositories/file/file-options';
import { FileStorageAdapter } from './file-storage-adapter';
import { MongoDBStorageAdapter } from './mongodb-storage-adapter';
import type { BaseExecution, BaseProgram, RegisteredExecution, RegisteredProgram } from '../types';
import { assertKnownOptionKeys, optionKeys } from '../validation/option-keys';
import { validationModeOf, type ValidationMode } from '../validation/validation-mode';
import type { RepositoryStorageAdapter } from './repository-storage-adapter';
import type { CvmStorage } from './storage-adapter';

export interface StorageOptions {
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
}

export const DEFAULT_DATA_DIR = './cvm-data';

const BACKEND_KEYS = ['dataDir', 'mongoUrl', 'dataSource'] as const;

/** Every key of StorageOptions, checked at run time. */
export const STORAGE_OPTION_KEYS = optionKeys<StorageOptions>({
  dataDir: true,
  mongoUrl: true,
  dataSource: true,
  database: true,
  serverSelectionTimeoutMS: true,
  operationTimeoutMS: true,
  validation: true,
  durability: true,
  cacheBytes: true,
});

/**
 * A connected adapter. MongoDB when `options` give `mongoUrl` or `dataSource`; else the file
 * backend when they give `dataDir`; else MongoDB when `MONGODB_URL` (or `MONGODB_URI`) is set;
 * else the file backend in `CVM_DATA_DIR`, else `./cvm-data`.
 */
export async function createStorageAdapter<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution>(
  options: StorageOptions = {},
): Promise<CvmStorage<P, E>> {
  const adapter = adapterForOptions<P, E>(options) ?? adapterFromEnvironment<P, E>(options);
  await adapter.connect();
  return adapter;
}

/**
 * The (unconnected) adapter for the one backend `options` name, or null when they name none.
 * Checked at run time, since options often come from configuration: naming more than one
 * backend, or a value of the wrong kind, is a ValidationError on `entity`.
 */
export function adapterForOptions<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution>(
  options: StorageOptions,
  entity = 'StorageOptions',
): RepositoryStorageAdapter<P, E> | null {
  assertKnownOptionKeys(options, STORAGE_OPTION_KEYS, entity);
  const chosen = BACKEND_KEYS.filter((key) => options[key] !== undefined);
  if (chosen.length > 1) {
    throw invalid(entity, chosen[1], 'exclusive', `give only one of dataDir, mongoUrl and dataSource, not ${chosen.join(' and ')}`);
  }
  const { dataDir, mongoUrl, dataSource, database, serverSelectionTimeoutMS, operationTimeoutMS, durability, cacheBytes } = options;
  const validation = validationModeOf(options.validation, entity);
  if (dataDir !== undefined) return new FileStorageAdapter(requireText(dataDir, 'dataDir', entity), { validation, durability, cacheBytes });
  if (mongoUrl !== undefined) {
    return new MongoDBStorageAdapter(requireText(mongoUrl, 'mongoUrl', entity), { database, serverSelectionTimeoutMS, operationTimeoutMS, validation });
  }
  if (dataSource === undefined) return null;
  if (!isDataSource(dataSource)) throw invalid(entity, 'dataSource', 'isDataSource', 'dataSource must be a TypeORM DataSource');
  return new MongoDBStorageAdapter(dataSource, { serverSelectionTimeoutMS, operationTimeoutMS, validation });
}

function adapterFromEnvironment<P extends BaseProgram, E extends BaseExecution>(options: StorageOptions): RepositoryStorageAdapter<P, E> {
  const { database, serverSelectionTimeoutMS, operationTimeoutMS, durability, cacheBytes } = options;
  const validation = validationModeOf(options.validation, 'StorageOptions');
  const envUrl = mongoUrlFromEnv();
  if (envUrl !== undefined) return new MongoDBStorageAdapter(envUrl, { database, serverSelectionTimeoutMS, operationTimeoutMS, validation });
  return new FileStorageAdapter(process.env.CVM_DATA_DIR ?? DEFAULT_DATA_DIR, { validation, durability, cacheBytes });
}

/** Duck-typed, since the app's DataSource may come from another copy of typeorm. */
function isDataSource(value: unknown): value is DataSource {
  return typeof value === 'object' && value !== null && typeof (value as DataSource).initialize === 'function';
}

function requireText(value: unknown, path: string, entity: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(entity, path, 'isNotEmpty', `${path} must be a non-empty string`);
  return value;
}

function invalid(entity: string, path: string, constraint: string, message: string): ValidationError {
  return new ValidationError(entity, [{ path, constraints: { [constraint]: message } }]);
}
