import type { DataSource } from 'typeorm';
import { FileStorageAdapter } from '../adapters/file-storage-adapter';
import { MongoDBStorageAdapter } from '../adapters/mongodb-storage-adapter';
import { ValidationError } from '../errors';
import type { CvmStorageOptions } from './options';
import type { StorageWithRepositories } from './storage-with-repositories';

const BACKEND_KEYS = ['dataDir', 'mongoUrl', 'dataSource'] as const;

interface GivenOptions {
  dataDir?: unknown;
  mongoUrl?: unknown;
  dataSource?: unknown;
  database?: string;
  serverSelectionTimeoutMS?: number;
}

/**
 * The adapter (not yet connected) and its repositories for the backend the options select. The
 * options are checked here because forRootAsync's factory can return anything at run time.
 */
export function openStorage(options: CvmStorageOptions): StorageWithRepositories {
  const given: GivenOptions = typeof options === 'object' && options !== null ? options : {};
  const chosen = BACKEND_KEYS.filter((key) => given[key] !== undefined);
  if (chosen.length !== 1) {
    const found = chosen.length === 0 ? 'none was given' : `${chosen.join(' and ')} were given`;
    throw invalid(chosen[1] ?? '', 'exactlyOneBackend', `give exactly one of dataDir, mongoUrl and dataSource; ${found}`);
  }
  if (given.dataDir !== undefined) return new FileStorageAdapter(requireText(given.dataDir, 'dataDir'));
  if (given.mongoUrl !== undefined) {
    const { database, serverSelectionTimeoutMS } = given;
    return new MongoDBStorageAdapter(requireText(given.mongoUrl, 'mongoUrl'), { database, serverSelectionTimeoutMS });
  }
  if (!isDataSource(given.dataSource)) throw invalid('dataSource', 'isDataSource', 'dataSource must be a TypeORM DataSource');
  return new MongoDBStorageAdapter(given.dataSource);
}

/** Duck-typed, since the app's DataSource may come from another copy of typeorm. */
function isDataSource(value: unknown): value is DataSource {
  return typeof value === 'object' && value !== null && typeof (value as DataSource).initialize === 'function';
}

function requireText(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(path, 'isNotEmpty', `${path} must be a non-empty string`);
  return value;
}

function invalid(path: string, constraint: string, message: string): ValidationError {
  return new ValidationError('CvmStorageModuleOptions', [{ path, constraints: { [constraint]: message } }]);
}
