import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';

/** The multi-writer contract's adapter module for the file backend: the store is the data folder. */
export function open(store: string): FileStorageAdapter {
  return new FileStorageAdapter(store);
}
