import type { DataSource } from 'typeorm';
import { ValidationError } from '../errors';
import { DEFAULT_DATA_DIR, type Durability } from '../repositories/file/file-options';
import { validationModeOf, type ValidationMode } from '../validation/validation-mode';
import { FileStorageAdapter } from './file-storage-adapter';
import type * as MemoryAdapterModule from './memory-storage-adapter';
import { MongoDBStorageAdapter } from './mongodb-storage-adapter';
import type { StorageOptions } from './create-storage-adapter';
import type { RepositoryStorageAdapter } from './repository-storage-adapter';
import type { StorageFactoryConfig } from './storage-factory';
import type { BaseExecution, BaseProgram, HistoryOptions, RegisteredExecution, RegisteredProgram } from '../types';
import { historyOptionsOf, historyOptionsOfEnv } from './history-options';

/** `memory` keeps records in this process only (MemoryStorageAdapter). */
export type StorageType = 'file' | 'mongodb' | 'memory';

/** Every option either entry point takes. */
export type EveryStorageOption = StorageOptions & StorageFactoryConfig;

/**
 * What an entry point reads when an option is not given: which option names the URL, which
 * environment variables it reads, and its defaults. The only difference between the entry points.
 */
export interface StorageDefaults {
  /** The options type named in errors. */
  readonly entity: string;
  /** The option holding a MongoDB connection string. */
  readonly urlOption: 'mongoUrl' | 'mongoUri';
  /** Whether giving `dataDir`, the URL option or `dataSource` selects the backend (else only `type` does). */
  readonly backendFromOptions: boolean;
  /** An environment variable that names the backend, when the entry point reads one. */
  readonly typeEnv?: string;
  /** The environment variables holding a MongoDB URL, read in order; empty values count as unset. */
  readonly mongoUrlEnv: readonly string[];
  /** Whether a URL in the environment selects MongoDB. */
  readonly mongoUrlEnvSelects: boolean;
  readonly type: StorageType;
  readonly dataDir: string;
  readonly mongoUrl: string;
}

/** createStorageAdapter's: the backend follows the options, else a MongoDB URL in the environment. */
export const PACKAGE_DEFAULTS: StorageDefaults = {
  entity: 'StorageOptions',
  urlOption: 'mongoUrl',
  backendFromOptions: true,
  mongoUrlEnv: ['MONGODB_URL', 'MONGODB_URI'],
  mongoUrlEnvSelects: true,
  type: 'file',
  dataDir: DEFAULT_DATA_DIR,
  mongoUrl: 'mongodb://127.0.0.1:27017/cvm',
};

/** StorageFactory's, the original CVM storage's: `type`, else CVM_STORAGE_TYPE, else the file backend in `.cvm`. */
export const ORIGINAL_DEFAULTS: StorageDefaults = {
  entity: 'StorageFactoryConfig',
  urlOption: 'mongoUri',
  backendFromOptions: false,
  typeEnv: 'CVM_STORAGE_TYPE',
  mongoUrlEnv: ['MONGODB_URI'],
  mongoUrlEnvSelects: false,
  type: 'file',
  dataDir: '.cvm',
  mongoUrl: 'mongodb://localhost:27017/cvm',
};

export type ResolvedStorageOptions =
  | { type: 'memory'; validation: ValidationMode; history?: HistoryOptions }
  | { type: 'file'; dataDir: string; validation: ValidationMode; durability?: Durability; cacheBytes?: number; history?: HistoryOptions; readOnly?: boolean }
  | {
      type: 'mongodb';
      urlOrDataSource: string | DataSource;
      database?: string;
      serverSelectionTimeoutMS?: number;
      operationTimeoutMS?: number;
      validation: ValidationMode;
      history?: HistoryOptions;
      readOnly?: boolean;
    };

/** The backend and its options: each from `options`, else the environment, else `defaults`. */
export function resolveStorageOptions(options: EveryStorageOption, defaults: StorageDefaults, env: NodeJS.ProcessEnv = process.env): ResolvedStorageOptions {
  return optionsOfType(typeFromOptions(options, defaults) ?? typeFromEnvironment(defaults, env), options, defaults, env);
}

/** As resolveStorageOptions from `options` alone, with no environment; null when they select no backend. */
export function resolveGivenStorageOptions(options: EveryStorageOption, defaults: StorageDefaults): ResolvedStorageOptions | null {
  const type = typeFromOptions(options, defaults);
  return type === null ? null : optionsOfType(type, options, defaults, {});
}

function typeFromOptions(options: EveryStorageOption, defaults: StorageDefaults): StorageType | null {
  const { entity, urlOption } = defaults;
  if (options.type !== undefined) return checkType(options.type, 'type', entity);
  if (!defaults.backendFromOptions) return null;
  const { memory } = options as StorageOptions;
  if (memory !== undefined && typeof memory !== 'boolean') throw invalid(entity, 'memory', 'isBoolean', 'memory must be true or false');
  const chosen = (['memory', 'dataDir', urlOption, 'dataSource'] as const).filter((key) => (key === 'memory' ? memory === true : options[key] !== undefined));
  if (chosen.length > 1) throw invalid(entity, chosen[1], 'exclusive', `give only one of memory, dataDir, ${urlOption} and dataSource, not ${chosen.join(' and ')}`);
  if (chosen.length === 0) return null;
  if (chosen[0] === 'memory') return 'memory';
  return chosen[0] === 'dataDir' ? 'file' : 'mongodb';
}

function typeFromEnvironment(defaults: StorageDefaults, env: NodeJS.ProcessEnv): StorageType {
  const named = defaults.typeEnv === undefined ? undefined : env[defaults.typeEnv];
  if (defaults.typeEnv !== undefined && named) return checkType(named, defaults.typeEnv, defaults.entity);
  return defaults.mongoUrlEnvSelects && mongoUrlOfEnv(defaults, env) !== undefined ? 'mongodb' : defaults.type;
}

function optionsOfType(type: StorageType, options: EveryStorageOption, defaults: StorageDefaults, env: NodeJS.ProcessEnv): ResolvedStorageOptions {
  const { entity, urlOption } = defaults;
  const validation = validationModeOf(options.validation, entity);
  const given = options.history === undefined ? historyOptionsOfEnv(env, entity) : historyOptionsOf(options.history, entity);
  const history = given === undefined ? {} : { history: given };
  const readOnly = readOnlyOf(options, type, entity);
  if (type === 'memory') return { type, validation, ...history };
  if (type === 'file') {
    const dataDir = options.dataDir === undefined ? env.CVM_DATA_DIR || defaults.dataDir : requireText(options.dataDir, 'dataDir', entity);
    return { type, dataDir, validation, durability: options.durability, cacheBytes: options.cacheBytes, ...history, ...readOnly };
  }
  const { database, serverSelectionTimeoutMS, operationTimeoutMS, dataSource } = options;
  const url = options[urlOption];
  if (url === undefined && dataSource !== undefined) {
    if (!isDataSource(dataSource)) throw invalid(entity, 'dataSource', 'isDataSource', 'dataSource must be a TypeORM DataSource');
    // The DataSource names its own database.
    return { type, urlOrDataSource: dataSource, serverSelectionTimeoutMS, operationTimeoutMS, validation, ...history, ...readOnly };
  }
  const urlOrDataSource = url === undefined ? (mongoUrlOfEnv(defaults, env) ?? defaults.mongoUrl) : requireText(url, urlOption, entity);
  return { type, urlOrDataSource, database, serverSelectionTimeoutMS, operationTimeoutMS, validation, ...history, ...readOnly };
}

/**
 * `readOnly` as given (only createStorageAdapter and the Nest module take it), checked; refused
 * as true for the memory backend, whose new store is empty: a read-only adapter on it could never
 * read anything.
 */
function readOnlyOf(options: EveryStorageOption, type: StorageType, entity: string): { readOnly?: boolean } {
  const { readOnly } = options as StorageOptions;
  if (readOnly === undefined) return {};
  if (typeof readOnly !== 'boolean') throw invalid(entity, 'readOnly', 'isBoolean', 'readOnly must be true or false');
  if (readOnly && type === 'memory') throw invalid(entity, 'readOnly', 'isSupported', 'readOnly is for the file and MongoDB backends: a new memory store is empty, so a read-only one could never hold anything');
  return { readOnly };
}

/** The (unconnected) adapter for resolved options. */
export function adapterFor<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution>(resolved: ResolvedStorageOptions): RepositoryStorageAdapter<P, E> {
  if (resolved.type === 'memory') {
    // Loaded by the first memory adapter built here, not by the package root.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MemoryStorageAdapter } = require('./memory-storage-adapter') as typeof MemoryAdapterModule;
    return new MemoryStorageAdapter<P, E>({ validation: resolved.validation });
  }
  if (resolved.type === 'file') {
    const { dataDir, validation, durability, cacheBytes, history, readOnly } = resolved;
    return new FileStorageAdapter<P, E>(dataDir, { validation, durability, cacheBytes, ...(history === undefined ? {} : { history }), ...(readOnly === undefined ? {} : { readOnly }) });
  }
  const { urlOrDataSource, database, serverSelectionTimeoutMS, operationTimeoutMS, validation, history, readOnly } = resolved;
  return new MongoDBStorageAdapter<P, E>(urlOrDataSource, {
    database,
    serverSelectionTimeoutMS,
    operationTimeoutMS,
    validation,
    ...(history === undefined ? {} : { history }),
    ...(readOnly === undefined ? {} : { readOnly }),
  });
}

function mongoUrlOfEnv(defaults: StorageDefaults, env: NodeJS.ProcessEnv): string | undefined {
  return defaults.mongoUrlEnv.map((name) => env[name]).find((value) => value !== undefined && value !== '');
}

function checkType(type: unknown, source: string, entity: string): StorageType {
  if (type === 'file' || type === 'mongodb' || type === 'memory') return type;
  // The message is the original CVM storage's, which its specs match.
  throw new ValidationError(
    entity,
    [{ path: source, constraints: { isIn: `${source} must be 'file', 'mongodb' or 'memory', got ${JSON.stringify(String(type))}` } }],
    `Unsupported storage type: ${String(type)}`,
  );
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
