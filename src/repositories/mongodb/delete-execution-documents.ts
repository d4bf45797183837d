import { FORMAT_VERSION } from '../../codec/format-version';
import { Execution } from '../../entities/execution.entity';
import { CURRENT_EXECUTION_KEY, Metadata } from '../../entities/metadata.entity';
import { OutputChunk } from '../../entities/output-chunk.entity';
import type { ClientSession } from './driver-types';
import type { MongoConnection } from './mongodb-connection';
import { isDuplicateKeyError } from './mongodb-errors';
import { adoptOriginalCurrent, deleteOriginalOutput } from './original-store';
import { atExpectedRevision } from './revision-filter';

/**
 * Before a delete: the original package's current-execution document becomes this package's
 * setting, so the delete reads and changes the pointer the original left. Outside any
 * transaction: a refused adoption (the setting exists already) would abort it.
 */
export async function adoptOriginalPointer(connection: MongoConnection): Promise<void> {
  if (connection.original.current) await adoptOriginalCurrent(connection.source, CURRENT_EXECUTION_KEY, FORMAT_VERSION, isDuplicateKeyError);
}

/** The execution's output: its chunks and its document in the original package's `outputs`. */
export async function deleteOutputDocuments(connection: MongoConnection, executionId: string, session?: ClientSession): Promise<void> {
  await connection.repository(OutputChunk).deleteMany({ executionId }, session === undefined ? {} : { session });
  if (connection.original.outputs) await deleteOriginalOutput(connection.source, executionId, session);
}

/**
 * In `session`: deletes the execution's record (only at `revision`, when given), and, when it
 * did or no revision was asked for, its output and the current pointer naming it. Returns
 * whether it went on past the record.
 */
export async function deleteExecutionDocuments(connection: MongoConnection, session: ClientSession, executionId: string, revision?: number): Promise<boolean> {
  const filter = revision === undefined ? { id: executionId } : atExpectedRevision(executionId, revision);
  const result = await connection.repository(Execution).deleteOne(filter, { session });
  if (revision !== undefined && result.deletedCount !== 1) return false;
  await connection.repository(Metadata).updateOne({ key: CURRENT_EXECUTION_KEY, value: executionId }, { $set: { value: null } }, { session });
  await deleteOutputDocuments(connection, executionId, session);
  return true;
}
