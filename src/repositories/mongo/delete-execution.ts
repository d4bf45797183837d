import { Execution } from '../../entities/execution.entity';
import { CURRENT_EXECUTION_KEY, Metadata } from '../../entities/metadata.entity';
import { OutputChunk } from '../../entities/output-chunk.entity';
import type { MongoConnection } from './mongo-connection';

/**
 * Clears the current pointer if it names the execution, deletes its output chunks and its record,
 * all in one transaction: a failure leaves all three as they were. Needs a replica set or mongos.
 */
export async function deleteExecutionInTransaction(connection: MongoConnection, executionId: string): Promise<void> {
  await connection.withTransaction(async (session) => {
    await connection
      .repository(Metadata)
      .updateOne({ key: CURRENT_EXECUTION_KEY, value: executionId }, { $set: { value: null } }, { session });
    await connection.repository(OutputChunk).deleteMany({ executionId }, { session });
    await connection.repository(Execution).deleteOne({ id: executionId }, { session });
  });
}
