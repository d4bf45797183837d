import { StorageError, StorageIOError } from '../errors';

/**
 * Runs one file-system or database call, turning its failure into a StorageIOError naming the
 * operation and what it was about; a StorageError the call throws itself passes unchanged.
 */
export async function storageIo<T>(location: string, operation: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof StorageError) throw error;
    throw new StorageIOError(location, operation, { cause: error });
  }
}
