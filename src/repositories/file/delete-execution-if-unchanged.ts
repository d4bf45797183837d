import { CURRENT_EXECUTION_KEY } from '../current-execution-key';
import type { PruneCondition } from '../prune-execution';
import type { Execution } from '../../types';
import type { FileRecordRepository } from './file-record-repository';
import type { FileMetadataRepository } from './metadata-repository';
import type { FileOutputRepository } from './output-repository';

interface FileRepositories {
  executions: FileRecordRepository<Execution>;
  outputs: FileOutputRepository;
  metadata: FileMetadataRepository;
}

/**
 * The file backend's conditional delete for prunes: holding metadata.json's lock (which every
 * setCurrentExecutionId of any process takes), it checks the pointer, deletes the record only at
 * `condition.revision` (FileRecordRepository.deleteAtExpectedRevision, under the record's lock) with its
 * output, and clears the pointer if it named the execution.
 */
export async function deleteFileExecutionIfUnchanged(repositories: FileRepositories, executionId: string, condition: PruneCondition): Promise<boolean> {
  let deleted = false;
  await repositories.metadata.whileHolding(CURRENT_EXECUTION_KEY, async (current) => {
    if (condition.keepIfCurrent && current === executionId) return undefined;
    deleted = await repositories.executions.deleteAtExpectedRevision(executionId, condition.revision, () => repositories.outputs.delete(executionId));
    return deleted && current === executionId ? null : undefined;
  });
  return deleted;
}
