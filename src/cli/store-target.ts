import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../adapters/file-storage-adapter';
import { MongoDBStorageAdapter } from '../adapters/mongodb-storage-adapter';
import { RepositoryStorageAdapter } from '../adapters/repository-storage-adapter';
import { createFileBackend } from '../repositories/file';
import { ConnectionError, StorageIOError } from '../errors';
import { maskUrlPassword, scrubConnectionText } from '../util/mask-url';
import { StoreUnavailableError, UsageError } from './cli-errors';

/**
 * A store a command works on. `source` says how it was chosen (a flag, a variable, a default), for
 * the line every command prints; `missing` is set when no default store exists, so only a command
 * that creates its store may use it.
 */
export type StoreTarget = ({ kind: 'file'; dataDir: string; missing?: string } | { kind: 'mongo'; url: string }) & { source?: string };

const MONGO_SCHEME = /^mongodb(\+srv)?:\/\//;
/** A `--to` that is meant as a connection string, even a mistyped one (`mongodb//`, `MONGODB:/`). */
const MONGO_LIKE = /^\s*mongodb(\+srv)?[:/]/i;

/** `--to`: a MongoDB connection string, else a folder; text shaped like one with credentials is never taken for a folder. */
export function storeFromText(text: string, cwd = process.cwd()): StoreTarget {
  if (text.trim() === '') throw new UsageError('the target store is empty');
  const connectionLike = MONGO_LIKE.test(text) || maskUrlPassword(text) !== text;
  return connectionLike ? mongoTarget(text) : { kind: 'file', dataDir: path.resolve(cwd, text) };
}

export function mongoTarget(url: string, source?: string): StoreTarget {
  if (!MONGO_SCHEME.test(url)) throw new UsageError(`not a MongoDB connection string: ${maskUrlPassword(url)}`);
  return { kind: 'mongo', url, source };
}

/** For messages: the folder, or the URL without its password. */
export function describeStore(target: StoreTarget): string {
  return target.kind === 'file' ? maskUrlPassword(target.dataDir) : scrubConnectionText(target.url, target.url);
}

export function sameStore(a: StoreTarget, b: StoreTarget): boolean {
  return a.kind === 'file' && b.kind === 'file' ? a.dataDir === b.dataDir : a.kind === 'mongo' && b.kind === 'mongo' && a.url === b.url;
}

export interface OpenOptions {
  /** Create the data folder when missing (a migrate or import target); else a missing folder is an error. */
  create?: boolean;
  /** Only read: connect() creates, probes and cleans up nothing (FileStoreOptions.readOnly, MongoConnectionOptions.readOnly). */
  readOnly?: boolean;
  serverSelectionTimeoutMS?: number;
  /** One database call's limit; the library's default (30 s) when not given, so whole-store reads have time. */
  operationTimeoutMS?: number;
}

/** A connected adapter; a store that cannot be opened is a StoreUnavailableError (exit 2). */
export async function openStore(target: StoreTarget, options: OpenOptions = {}): Promise<RepositoryStorageAdapter> {
  if (target.kind === 'file') {
    if (!options.create) assertFolder(target);
    else if (existsSync(target.dataDir)) assertStoreFolder(target);
  }
  const adapter =
    target.kind === 'file'
      ? options.readOnly
        ? new RepositoryStorageAdapter(createFileBackend(target.dataDir, undefined, { readOnly: true }))
        : new FileStorageAdapter(target.dataDir)
      : new MongoDBStorageAdapter(target.url, {
          serverSelectionTimeoutMS: options.serverSelectionTimeoutMS,
          operationTimeoutMS: options.operationTimeoutMS,
          ...(options.readOnly ? { readOnly: true } : {}),
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

/** A folder that exists and is a store (see STORE_ENTRIES); else a StoreUnavailableError (exit 2). */
export function assertFolder(target: StoreTarget & { kind: 'file' }): void {
  const { dataDir } = target;
  if (!existsSync(dataDir)) {
    throw new StoreUnavailableError(target.missing ?? `no store at ${describeStore(target)}: the folder does not exist (give --data-dir or --mongo-url)`);
  }
  assertStoreFolder(target);
}

/**
 * What the file backend keeps in a data folder; `quarantine/` is what `check --repair` adds. A
 * folder is a store when it holds one of them, or nothing but hidden entries (a new, empty store).
 */
export const STORE_ENTRIES = ['programs', 'executions', 'outputs', 'metadata.json', 'quarantine'] as const;

/** Refuses an existing path that is not a store: a file, or a folder holding only other things. */
export function assertStoreFolder(target: StoreTarget & { kind: 'file' }): void {
  if (!statSync(target.dataDir).isDirectory()) throw new StoreUnavailableError(`${describeStore(target)} is not a folder, so not a store`);
  const names = readdirSync(target.dataDir).filter((name) => !name.startsWith('.')).sort();
  if (names.length === 0 || names.some((name) => (STORE_ENTRIES as readonly string[]).includes(name))) return;
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', ...' : '');
  throw new StoreUnavailableError(
    `${describeStore(target)} is not a store: it holds none of ${STORE_ENTRIES.join(', ')} (it holds ${shown}); nothing was changed (give the store's folder with --data-dir)`,
  );
}


