import type { RepositoryStorageAdapter } from '../../adapters/repository-storage-adapter';
import { CURRENT_EXECUTION_KEY } from '../../repositories/current-execution-key';

/**
 * Clears the current pointer only if the execution it named at the scan is still missing now and
 * the pointer still names it (the metadata compare-and-set), so a pointer a live writer moved, or
 * one naming an execution saved since the scan, is left alone.
 */
export async function clearDanglingCurrent(adapter: RepositoryStorageAdapter, executionId: string, present: (id: string) => Promise<boolean>): Promise<string> {
  if (await present(executionId)) return `left the current execution pointer: execution ${executionId} exists now`;
  const cleared = await adapter.repositories.metadata.compareAndSet(CURRENT_EXECUTION_KEY, executionId, null);
  return cleared ? `cleared the current execution pointer (it named ${executionId})` : `left the current execution pointer: it no longer names ${executionId}`;
}
