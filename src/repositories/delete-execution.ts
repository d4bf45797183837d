import { CURRENT_EXECUTION_KEY } from './current-execution-key';
import type { StorageRepositories } from './storage-connection';

/**
 * Deletes an execution in an order that is safe to repeat: clears the current pointer if it names
 * the execution, removes its output, then the record; the record goes last, so a failure part-way
 * leaves it visible and a retry finishes.
 */
export async function deleteExecutionInOrder(repositories: StorageRepositories, executionId: string): Promise<void> {
  await repositories.metadata.compareAndSet(CURRENT_EXECUTION_KEY, executionId, null);
  await repositories.outputs.delete(executionId);
  await repositories.executions.delete(executionId);
}
