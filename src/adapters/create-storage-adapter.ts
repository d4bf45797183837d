import type { DataSource } from 'typeorm';
import { ValidationError } from '../errors';
import { mongoUrlFromEnv } from '../repositories/mongo/data-source-options';
import { FileStorageAdapter } from './file-storage-adapter';
import { MongoDBStorageAdapter } from './mongodb-storage-adapter';
import type { StorageAdapter } from './storage-adapter';

export interface StorageOptions {
  /** File backend: the data folder. Wins over the environment. */
  dataDir?: string;
  /** MongoDB backend: a connection string. Wins over the environment. */
  mongoUrl?: string;
  /** MongoDB backend over an app's own TypeORM DataSource that includes CVM_STORAGE_ENTITIES. */
  dataSource?: DataSource;
  /** MongoDB backend: how long connect() waits for a usable server, in ms (5000 by default). */
  serverSelectionTimeoutMS?: number;
}

export const DEFAULT_DATA_DIR = './cvm-data';

/**
 * A connected adapter. MongoDB when `options` give `mongoUrl` or `dataSource`; else the file
 * backend when they give `dataDir`; else MongoDB when `MONGODB_URL` (or `MONGODB_URI`) is set;
 * else the file backend in `CVM_DATA_DIR`, else `./cvm-data`.
 */
export async function createStorageAdapter(options: StorageOptions = {}): Promise<StorageAdapter> {
  const adapter = chooseAdapter(options);
  await adapter.connect();
  return adapter;
}

function chooseAdapter(options: StorageOptions): StorageAdapter {
  const chosen = (['dataDir', 'mongoUrl', 'dataSource'] as const).filter((key) => options[key] !== undefined);
  if (chosen.length > 1) {
    throw new ValidationError('StorageOptions', [
      { path: chosen[1], constraints: { exclusive: `give only one of dataDir, mongoUrl and dataSource, not ${chosen.join(' and ')}` } },
    ]);
  }
  const timeout = { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS };
  if (options.dataSource !== undefined) return new MongoDBStorageAdapter(options.dataSource, timeout);
  if (options.mongoUrl !== undefined) return new MongoDBStorageAdapter(options.mongoUrl, timeout);
  if (options.dataDir !== undefined) return new FileStorageAdapter(options.dataDir);
  const envUrl = mongoUrlFromEnv();
  if (envUrl !== undefined) return new MongoDBStorageAdapter(envUrl, timeout);
  return new FileStorageAdapter(process.env.CVM_DATA_DIR ?? DEFAULT_DATA_DIR);
}
