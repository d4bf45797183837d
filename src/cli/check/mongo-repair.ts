import type { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import { isDuplicateKeyError } from '../../repositories/mongodb/mongodb-errors';
import { ORIGINAL_OUTPUTS } from '../../repositories/mongodb/original-store';
import { rawDatabase } from '../mongo-database';
import { mongoExecutionPresent, stillDamaged } from './mongo-scan';
import type { CheckHooks, Problem } from './problems';

export const QUARANTINE_COLLECTION = 'quarantine';

type RawDocument = Record<string, unknown> & { _id?: unknown };

/**
 * Moves each damaged document into the `quarantine` collection as `{ collection, document,
 * quarantined }` (inserted first, removed from its own collection after, so a failure in between
 * leaves a copy, never a loss), returning one sentence per action. Each move re-checks its
 * condition as it acts: the document is read again and moved only if it is still damaged, and
 * removed only if it is still the document read (same revision: a save replaces it whole); an
 * orphan chunk is moved only while its execution is still missing, and put back if the execution
 * was inserted while it moved.
 */
export async function repairDocuments(adapter: MongoDBStorageAdapter, url: string, problems: readonly Problem[], hooks: CheckHooks = {}): Promise<string[]> {
  const actions: string[] = [];
  const database = rawDatabase(adapter, url);
  const quarantine = database.collection(QUARANTINE_COLLECTION);
  for (const { repair, location } of problems) {
    if (repair.action !== 'quarantine-document') continue;
    await hooks.at?.('act', location);
    const from = database.collection<RawDocument>(repair.collection);
    const byId = { _id: repair.documentId as never };
    const missing = repair.executionId;
    if (missing !== undefined && (await mongoExecutionPresent(adapter, missing))) {
      actions.push(`left ${location}: execution ${missing} exists now`);
      continue;
    }
    const document = await from.findOne(byId);
    if (document === null) {
      actions.push(`left ${location}: it is gone`);
      continue;
    }
    if (missing === undefined && !stillDamaged(repair.collection, document)) {
      actions.push(`left ${location}: it was replaced by a readable document since the scan`);
      continue;
    }
    const copy = await quarantine.insertOne({ collection: repair.collection, document, quarantined: new Date() });
    const removed = await from.deleteOne({ ...byId, ...unchangedFilter(repair.collection, document) });
    if (removed.deletedCount === 0) {
      await quarantine.deleteOne({ _id: copy.insertedId });
      actions.push(`left ${location}: it changed since the scan (run check again)`);
    } else if (missing !== undefined && (await mongoExecutionPresent(adapter, missing))) {
      actions.push(await putBack(from, quarantine, document, copy.insertedId, location, missing));
    } else {
      actions.push(`moved ${location} to collection ${QUARANTINE_COLLECTION}`);
    }
  }
  return actions;
}

/**
 * Matches the document only while it is still the one read: a save replaces a record or chunk
 * whole with a new revision; the original package's output document has none, and grows by
 * appends to its lines, so there the lines must be the ones read.
 */
function unchangedFilter(collection: string, document: RawDocument): Record<string, unknown> {
  const revision = document.revision === undefined ? { $exists: false } : document.revision;
  if (collection !== ORIGINAL_OUTPUTS) return { revision };
  return { revision, lines: document.lines === undefined ? { $exists: false } : document.lines };
}

type Collection = { insertOne(document: never): Promise<unknown>; deleteOne(filter: never): Promise<unknown> };

async function putBack(
  from: Collection,
  quarantine: Collection,
  document: RawDocument,
  copyId: unknown,
  location: string,
  executionId: string,
): Promise<string> {
  try {
    await from.insertOne(document as never);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return `moved ${location} to collection ${QUARANTINE_COLLECTION}, but execution ${executionId} was inserted while it moved and its output took the chunk's place: compare the two`;
  }
  await quarantine.deleteOne({ _id: copyId } as never);
  return `left ${location}: execution ${executionId} was inserted while it moved, so it was put back`;
}
