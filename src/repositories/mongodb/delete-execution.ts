import { deleteExecutionInOrder } from '../delete-execution';
import type { StorageRepositories } from '../storage-connection';
import { adoptOriginalPointer, deleteExecutionDocuments } from './delete-execution-documents';
import type { MongoConnection } from './mongodb-connection';
import type { MongoOutputRepository } from './output-repository';

/**
 * On a replica set or sharded cluster: one transaction clears the current pointer if it names the
 * execution, deletes its output (chunks and the original package's output) and its record, so a
 * failure leaves all of them as they were. On a standalone server: the repeat-safe order every
 * backend has.
 */
export async function deleteMongoExecution(
  connection: MongoConnection,
  repositories: StorageRepositories & { outputs: MongoOutputRepository },
  executionId: string,
): Promise<void> {
  if (!connection.supportsTransactions) return deleteExecutionInOrder(repositories, executionId);
  await connection.track(() =>
    repositories.outputs.deleting(executionId, () =>
      connection.io(`collection executions, id ${JSON.stringify(executionId)}`, 'delete', async () => {
        await adoptOriginalPointer(connection);
        await connection.withTransaction(async (session) => {
          await deleteExecutionDocuments(connection, session, executionId);
        });
      }),
    ),
  );
}
