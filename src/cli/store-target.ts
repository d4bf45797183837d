import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATA_DIR } from '../adapters/create-storage-adapter';
import { FileStorageAdapter } from '../adapters/file-storage-adapter';
import { MongoDBStorageAdapter } from '../adapters/mongodb-storage-adapter';
import type { RepositoryStorageAdapter } from '../adapters/repository-storage-adapter';
import { ConnectionError, StorageIOError } from '../errors';
import { mongoUrlFromEnv } from '../repositories/mongo/data-source-options';
import { maskUrlPassword } from '../util/mask-url';
import { StoreUnavailableError, UsageError } from './cli-errors';

export type StoreTarget = { kind: 'file'; dataDir: string } | { kind: 'mongo'; url: string };

export interface StoreFlags {
  dataDir?: string;
  mongoUrl?: string;
}

const MONGO_SCHEME = /^mongodb(\+srv)?:\/\//;

/** The store the flags name, else the one createStorageAdapter would pick from the environment. */
export function storeFromFlags(flags: StoreFlags, env: NodeJS.ProcessEnv): StoreTarget {
  if (flags.dataDir !== undefined && flags.mongoUrl !== undefined) throw new UsageError('give --data-dir or --mongo-url, not both');
  if (flags.mongoUrl !== undefined) return mongoTarget(flags.mongoUrl);
  if (flags.dataDir !== undefined) return { kind: 'file', dataDir: path.resolve(flags.dataDir) };
  const envUrl = mongoUrlFromEnv(env);
  if (envUrl !== undefined) return mongoTarget(envUrl);
  return { kind: 'file', dataDir: path.resolve(env.CVM_DATA_DIR ?? DEFAULT_DATA_DIR) };
}

/** `--to`: a MongoDB connection string, else a folder. */
export function storeFromText(text: string): StoreTarget {
  if (text.trim() === '') throw new UsageError('the target store is empty');
  return MONGO_SCHEME.test(text) ? mongoTarget(text) : { kind: 'file', dataDir: path.resolve(text) };
}

function mongoTarget(url: string): StoreTarget {
  if (!MONGO_SCHEME.test(url)) throw new UsageError(`not a MongoDB connection string: ${maskUrlPassword(url)}`);
  return { kind: 'mongo', url };
}

/** For messages: the folder, or the URL without its password. */
export function describeStore(target: StoreTarget): string {
  return target.kind === 'file' ? target.dataDir : maskUrlPassword(target.url);
}

export function sameStore(a: StoreTarget, b: StoreTarget): boolean {
  return a.kind === 'file' && b.kind === 'file' ? a.dataDir === b.dataDir : a.kind === 'mongo' && b.kind === 'mongo' && a.url === b.url;
}

export interface OpenOptions {
  /** Create the data folder when missing (a migrate or import target); else a missing folder is an error. */
  create?: boolean;
  serverSelectionTimeoutMS?: number;
}

/** A connected adapter; a store that cannot be opened is a StoreUnavailableError (exit 2). */
export async function openStore(target: StoreTarget, options: OpenOptions = {}): Promise<RepositoryStorageAdapter> {
  if (target.kind === 'file' && !options.create) assertFolder(target.dataDir);
  const adapter =
    target.kind === 'file'
      ? new FileStorageAdapter(target.dataDir)
      : new MongoDBStorageAdapter(target.url, {
          serverSelectionTimeoutMS: options.serverSelectionTimeoutMS,
          operationTimeoutMS: options.serverSelectionTimeoutMS,
        });
  try {
    await adapter.connect();
  } catch (error) {
    if (error instanceof ConnectionError || error instanceof StorageIOError) {
      throw new StoreUnavailableError(`cannot open the store ${describeStore(target)}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  return adapter;
}

export function assertFolder(dataDir: string): void {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new StoreUnavailableError(`no store at ${dataDir}: the folder does not exist (give --data-dir or --mongo-url)`);
  }
}
