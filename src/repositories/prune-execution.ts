import { CURRENT_EXECUTION_KEY } from './current-execution-key';
import { deleteExecutionInOrder } from './delete-execution';
import type { StorageRepositories } from './storage-connection';

/** What must still hold when a prune deletes an execution it judged old enough. */
export interface PruneCondition {
  /** The revision the prune read and judged: any save since then keeps the execution. */
  revision: number;
  /** Keep the execution if the current pointer names it (a prune without `includeCurrent`). */
  keepIfCurrent: boolean;
}

/**
 * For a backend without a `deleteExecutionIfUnchanged` hook: the condition is checked, then the
 * execution deleted in the repeat-safe order. Not atomic: a save or a pointer change between the
 * check and the delete is lost. Both built-in backends have the hook.
 */
export async function deleteExecutionIfUnchangedInOrder(repositories: StorageRepositories, executionId: string, condition: PruneCondition): Promise<boolean> {
  if (condition.keepIfCurrent && (await repositories.metadata.get(CURRENT_EXECUTION_KEY)) === executionId) return false;
  if ((await repositories.executions.read(executionId))?.revision !== condition.revision) return false;
  await deleteExecutionInOrder(repositories, executionId);
  return true;
}
