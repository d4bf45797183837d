import { FileStorageAdapter } from './file-storage-adapter';
import type { StorageAdapter } from './storage-adapter';

export interface StorageOptions {
  /** File backend: the data folder. Wins over the environment. */
  dataDir?: string;
}

export const DEFAULT_DATA_DIR = './cvm-data';

/**
 * A connected adapter. The file backend uses `options.dataDir`, else `CVM_DATA_DIR`, else
 * `./cvm-data`.
 */
export async function createStorageAdapter(options: StorageOptions = {}): Promise<StorageAdapter> {
  const adapter = new FileStorageAdapter(options.dataDir ?? process.env.CVM_DATA_DIR ?? DEFAULT_DATA_DIR);
  await adapter.connect();
  return adapter;
}
