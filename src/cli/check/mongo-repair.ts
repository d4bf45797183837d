import type { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import { OutputChunk } from '../../entities';
import { databaseFromUrl } from '../../repositories/mongo/data-source-options';
import type { Problem } from './problems';

export const QUARANTINE_COLLECTION = 'quarantine';

/**
 * Moves each damaged document into the `quarantine` collection as `{ collection, document,
 * quarantined }` (inserted first, removed from its own collection after, so a failure in between
 * leaves a copy, never a loss), returning one sentence per action.
 */
export async function repairDocuments(adapter: MongoDBStorageAdapter, url: string, problems: readonly Problem[]): Promise<string[]> {
  const actions: string[] = [];
  const client = adapter.connection.repository(OutputChunk).manager.mongoQueryRunner.databaseConnection;
  const database = client.db(databaseFromUrl(url));
  for (const { repair, location } of problems) {
    if (repair.action !== 'quarantine-document') continue;
    const from = database.collection(repair.collection);
    const document = await from.findOne({ _id: repair.documentId as never });
    if (document === null) continue;
    await database.collection(QUARANTINE_COLLECTION).insertOne({ collection: repair.collection, document, quarantined: new Date() });
    await from.deleteOne({ _id: repair.documentId as never });
    actions.push(`moved ${location} to collection ${QUARANTINE_COLLECTION}`);
  }
  return actions;
}
