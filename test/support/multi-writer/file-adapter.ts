import type { OpenOptions } from '../../../src/testing/multi-writer/adapter-module';
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import { setLockStaleMs } from '../../../src/repositories/file/file-lock';
import { LOCK_STALE_MS_VARIABLE } from '../../../src/testing/multi-writer/records';

// The paused-writer tests shorten the locks' lease in the writers they start.
const stale = Number(process.env[LOCK_STALE_MS_VARIABLE]);
if (stale > 0) setLockStaleMs(stale);

/**
 * The multi-writer contract's adapter module for the file backend: the store is the data folder.
 * Relaxed durability: the contract races processes, it does not cut the power (crash-safety does).
 */
export function open(store: string, options: OpenOptions = {}): FileStorageAdapter {
  return new FileStorageAdapter(store, { durability: 'relaxed', ...options });
}
