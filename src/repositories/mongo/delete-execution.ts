import { Execution } from '../../entities/execution.entity';
import { CURRENT_EXECUTION_KEY, Metadata } from '../../entities/metadata.entity';
import { OutputChunk } from '../../entities/output-chunk.entity';
import { deleteExecutionInOrder } from '../delete-execution';
import type { StorageRepositories } from '../storage-connection';
import type { MongoConnection } from './mongo-connection';
import { adoptOriginalCurrent, deleteOriginalOutput } from './original-store';
import type { MongoOutputRepository } from './output-repository';
import { isDuplicateKeyError } from './mongo-errors';
import { FORMAT_VERSION } from '../../codec/format-version';

/**
 * On a replica set or sharded cluster: one transaction clears the current pointer if it names the
 * execution, deletes its output chunks (and the original package's output) and its record, so a failure leaves all three as they were.
 * On a standalone server: the repeat-safe order every backend has.
 */
export async function deleteMongoExecution(
  connection: MongoConnection,
  repositories: StorageRepositories & { outputs: MongoOutputRepository },
  executionId: string,
): Promise<void> {
  if (!connection.supportsTransactions) return deleteExecutionInOrder(repositories, executionId);
  await connection.operate(() =>
    repositories.outputs.deleting(executionId, () =>
      connection.io(`collection executions, id ${JSON.stringify(executionId)}`, 'delete', async () => {
        // Outside the transaction: a refused adoption (the setting exists already) would abort it.
        if (connection.original.current) await adoptOriginalCurrent(connection.source, CURRENT_EXECUTION_KEY, FORMAT_VERSION, isDuplicateKeyError);
        await connection.withTransaction(async (session) => {
          await connection.repository(Metadata).updateOne({ key: CURRENT_EXECUTION_KEY, value: executionId }, { $set: { value: null } }, { session });
          await connection.repository(OutputChunk).deleteMany({ executionId }, { session });
          if (connection.original.outputs) await deleteOriginalOutput(connection.source, executionId, session);
          await connection.repository(Execution).deleteOne({ id: executionId }, { session });
        });
      }),
    ),
  );
}
