import { ValidationError } from '../../errors';

/** The data folder createStorageAdapter() uses when neither its options nor CVM_DATA_DIR name one. */
export const DEFAULT_DATA_DIR = './cvm-data';

/**
 * How the file backend makes its writes last. `strict` (the default) fsyncs the data and the folder
 * before a call resolves: an acknowledged write survives a power loss. `relaxed` keeps the same
 * atomic temp-file-and-rename saves and single-write appends but skips every fsync: a crashed
 * process never leaves a torn record, a power loss or kernel crash may lose the latest writes.
 */
export type Durability = 'strict' | 'relaxed';

export const DURABILITIES: readonly Durability[] = ['strict', 'relaxed'];

/**
 * The default bound of the read cache: 32 MiB of stored file bytes per data folder. A cached
 * record's parsed form takes a few times its file size on the heap (see docs/performance.md).
 */
export const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024;

/** The file backend's options besides validation, checked at run time (they often come from configuration). */
export interface FileBackendOptions {
  durability: Durability;
  cacheBytes: number;
  readOnly?: boolean;
}

export function fileBackendOptionsOf(options: { durability?: unknown; cacheBytes?: unknown; readOnly?: unknown }, entity: string): FileBackendOptions {
  const { durability = 'strict', cacheBytes = DEFAULT_CACHE_BYTES, readOnly } = options;
  if (!(DURABILITIES as readonly unknown[]).includes(durability)) {
    throw invalid(entity, 'durability', 'isIn', `durability must be one of ${DURABILITIES.join(', ')}, got ${JSON.stringify(String(durability))}`);
  }
  if (typeof cacheBytes !== 'number' || !Number.isSafeInteger(cacheBytes) || cacheBytes < 0) {
    throw invalid(entity, 'cacheBytes', 'min', `cacheBytes must be a whole number of bytes, 0 or more (0 turns the cache off), got ${JSON.stringify(String(cacheBytes))}`);
  }
  if (readOnly !== undefined && typeof readOnly !== 'boolean') throw invalid(entity, 'readOnly', 'isBoolean', 'readOnly must be true or false');
  return { durability: durability as Durability, cacheBytes, ...(readOnly === true ? { readOnly } : {}) };
}

function invalid(entity: string, path: string, constraint: string, message: string): ValidationError {
  return new ValidationError(entity, [{ path, constraints: { [constraint]: message } }]);
}
