import { FORMAT_VERSION } from '../../codec/format-version';
import { Execution } from '../../entities/execution.entity';
import { CURRENT_EXECUTION_KEY, Metadata } from '../../entities/metadata.entity';
import type { PruneCondition } from '../prune-execution';
import type { StorageRepositories } from '../storage-connection';
import { adoptOriginalPointer, deleteExecutionDocuments, deleteOutputDocuments } from './delete-execution-documents';
import type { ClientSession } from './driver-types';
import type { MongoConnection } from './mongodb-connection';
import { isDuplicateKeyError } from './mongodb-errors';
import type { MongoOutputRepository } from './output-repository';
import { atExpectedRevision } from './revision-filter';

type Repositories = StorageRepositories & { outputs: MongoOutputRepository };

/** Stored in the pointer for the length of a prune's transaction only; no reader outside it ever sees it. */
const PRUNING = '\u0000pruning';

/**
 * The MongoDB backend's conditional delete for prunes. With transactions: the original package's
 * current-execution document is adopted first (so the pointer read is the one it left); then one
 * transaction writes the pointer's document first (so a setCurrentExecutionId that commits
 * meanwhile conflicts with it, and the driver runs it again) and puts it back, then, unless it
 * must be kept, deletes the record only at `condition.revision` (a save since the snapshot
 * conflicts too) with its output and the pointer naming it (deleteExecutionDocuments, which
 * deleteExecution uses too). On a standalone server: the
 * conditional `findOneAndDelete`, then the pointer read again: if it names the execution now and
 * must be kept, the record is put back (a save that landed in between stays instead); the output
 * (chunks and the original package's) goes last.
 */
export function deleteMongoExecutionIfUnchanged(connection: MongoConnection, repositories: Repositories, executionId: string, condition: PruneCondition): Promise<boolean> {
  const location = `collection executions, id ${JSON.stringify(executionId)}`;
  return connection.track(async () => {
    let deleted = false;
    await repositories.outputs.deleting(executionId, () =>
      connection.io(location, 'delete', async () => {
        deleted = connection.supportsTransactions
          ? await inTransaction(connection, executionId, condition)
          : await inSteps(connection, repositories, executionId, condition);
      }),
    );
    return deleted;
  });
}

async function inTransaction(connection: MongoConnection, executionId: string, { revision, keepIfCurrent }: PruneCondition): Promise<boolean> {
  await adoptOriginalPointer(connection);
  let deleted = false;
  await connection.withTransaction(async (session: ClientSession) => {
    deleted = false;
    const pointer = connection.repository(Metadata);
    const before = await pointer.findOneAndUpdate(
      { key: CURRENT_EXECUTION_KEY },
      { $set: { value: PRUNING, format: FORMAT_VERSION } },
      { session, upsert: true, returnDocument: 'before' },
    );
    const current = (before as { value?: string | null } | null)?.value ?? null;
    await pointer.updateOne({ key: CURRENT_EXECUTION_KEY }, { $set: { value: current } }, { session });
    if (keepIfCurrent && current === executionId) return;
    deleted = await deleteExecutionDocuments(connection, session, executionId, revision);
  });
  return deleted;
}

async function inSteps(connection: MongoConnection, repositories: Repositories, executionId: string, { revision, keepIfCurrent }: PruneCondition): Promise<boolean> {
  const isCurrent = async () => (await repositories.metadata.get(CURRENT_EXECUTION_KEY)) === executionId;
  if (keepIfCurrent && (await isCurrent())) return false;
  const executions = connection.repository(Execution);
  const removed = await executions.findOneAndDelete(atExpectedRevision(executionId, revision));
  if (removed === null) return false;
  if (keepIfCurrent && (await isCurrent())) {
    await executions.insertOne(removed).catch((error: unknown) => (isDuplicateKeyError(error) ? undefined : Promise.reject(error)));
    return false;
  }
  if (!keepIfCurrent) await repositories.metadata.compareAndSet(CURRENT_EXECUTION_KEY, executionId, null);
  await deleteOutputDocuments(connection, executionId);
  return true;
}
