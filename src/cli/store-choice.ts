import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ORIGINAL_DEFAULTS, PACKAGE_DEFAULTS } from '../adapters/resolve-storage-options';
import { UsageError } from './cli-errors';
import { mongoTarget, type StoreTarget } from './store-target';

export interface StoreFlags {
  dataDir?: string;
  mongoUrl?: string;
}

/** The two entry points' default folders, in the order they are named in messages. */
export const DEFAULT_STORE_FOLDERS = [
  { folder: PACKAGE_DEFAULTS.dataDir, owner: "createStorageAdapter's default" },
  { folder: `./${ORIGINAL_DEFAULTS.dataDir}`, owner: "StorageFactory's default" },
] as const;

/**
 * The store a command works on, and why (`source`, for the line every command prints):
 * 1. `--data-dir` or `--mongo-url`;
 * 2. with `CVM_STORAGE_TYPE` set, StorageFactory's choice: `file` is `CVM_DATA_DIR` else `./.cvm`,
 *    `mongodb` is `MONGODB_URI` else its local default;
 * 3. else createStorageAdapter's: `MONGODB_URL`, then `MONGODB_URI`, then `CVM_DATA_DIR`;
 * 4. else the default folder that exists in `cwd`, `./cvm-data` or `./.cvm`; both is a UsageError,
 *    none is `./cvm-data` marked `missing`, which only a command that creates its store accepts.
 */
export function storeFromFlags(flags: StoreFlags, env: NodeJS.ProcessEnv, cwd = process.cwd()): StoreTarget {
  if (flags.dataDir !== undefined && flags.mongoUrl !== undefined) throw new UsageError('give --data-dir or --mongo-url, not both');
  if (flags.mongoUrl !== undefined) return mongoTarget(flags.mongoUrl, 'given by --mongo-url');
  if (flags.dataDir !== undefined) return fileTarget(cwd, flags.dataDir, 'given by --data-dir');
  if (env.CVM_STORAGE_TYPE) return storageFactoryStore(env, cwd);
  if (env.MONGODB_URL) return mongoTarget(env.MONGODB_URL, 'from MONGODB_URL');
  if (env.MONGODB_URI) return mongoTarget(env.MONGODB_URI, 'from MONGODB_URI');
  if (env.CVM_DATA_DIR) return fileTarget(cwd, env.CVM_DATA_DIR, 'from CVM_DATA_DIR');
  return defaultStore(cwd);
}

function storageFactoryStore(env: NodeJS.ProcessEnv, cwd: string): StoreTarget {
  switch (env.CVM_STORAGE_TYPE) {
    case 'file':
      return env.CVM_DATA_DIR
        ? fileTarget(cwd, env.CVM_DATA_DIR, 'from CVM_DATA_DIR, CVM_STORAGE_TYPE=file')
        : fileTarget(cwd, ORIGINAL_DEFAULTS.dataDir, "StorageFactory's default, CVM_STORAGE_TYPE=file");
    case 'mongodb':
      return env.MONGODB_URI
        ? mongoTarget(env.MONGODB_URI, 'from MONGODB_URI, CVM_STORAGE_TYPE=mongodb')
        : mongoTarget(ORIGINAL_DEFAULTS.mongoUrl, "StorageFactory's default, CVM_STORAGE_TYPE=mongodb");
    default:
      throw new UsageError(`CVM_STORAGE_TYPE must be 'file' or 'mongodb', got ${JSON.stringify(env.CVM_STORAGE_TYPE)}`);
  }
}

function defaultStore(cwd: string): StoreTarget {
  const found = DEFAULT_STORE_FOLDERS.filter(({ folder }) => isFolder(path.resolve(cwd, folder)));
  if (found.length > 1) {
    const named = found.map(({ folder, owner }) => `${folder} (${owner})`).join(' and ');
    throw new UsageError(`found two stores here, ${named}: choose one with --data-dir`);
  }
  if (found.length === 1) return fileTarget(cwd, found[0].folder, `${found[0].folder}, ${found[0].owner}`);
  const [first, second] = DEFAULT_STORE_FOLDERS;
  return {
    ...fileTarget(cwd, first.folder, `${first.folder}, ${first.owner}`),
    missing: `no store found in ${cwd}: neither ${first.folder} (${first.owner}) nor ${second.folder} (${second.owner}) exists (give --data-dir or --mongo-url)`,
  };
}

function fileTarget(cwd: string, folder: string, source: string): StoreTarget & { kind: 'file' } {
  return { kind: 'file', dataDir: path.resolve(cwd, folder), source };
}

function isFolder(folder: string): boolean {
  return existsSync(folder) && statSync(folder).isDirectory();
}
