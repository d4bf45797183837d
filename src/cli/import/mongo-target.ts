import type { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import { CURRENT_EXECUTION_KEY } from '../../repositories/current-execution-key';
import { HISTORY_COLLECTION } from '../../repositories/mongodb/history-repository';
import { UsageError } from '../cli-errors';
import { rawDatabase } from '../mongo-database';
import { applyItem } from './apply-item';
import type { ExportSummary, ImportItem } from './export-stream';

/** Set while an import writes into a MongoDB store; a store that holds it holds only that import's writes. */
export const IMPORT_MARKER = 'cvm-storage.import';

const DATA_COLLECTIONS = ['programs', 'executions', 'output_chunks', HISTORY_COLLECTION] as const;

/** What makes the store not empty, for the refusal; null when it holds no record, output chunk or pointer. */
export async function mongoContent(adapter: MongoDBStorageAdapter, url: string): Promise<string | null> {
  const database = rawDatabase(adapter, url);
  for (const name of DATA_COLLECTIONS) {
    if ((await database.collection(name).countDocuments({}, { limit: 1 })) > 0) return `collection ${name} holds documents`;
  }
  return (await adapter.getCurrentExecutionId()) === null ? null : 'it holds a current execution pointer';
}

/**
 * Imports into the store itself (MongoDB has no cheap way to make five collections visible at
 * once; see docs/reliability.md), marked by IMPORT_MARKER while it runs. A failure removes
 * everything written (the store was empty before) and the mark; an import that could not clean up
 * (its process killed, the server gone) leaves the mark, and the next import into the store
 * removes what it left before it starts.
 */
export async function importIntoMongo(
  adapter: MongoDBStorageAdapter,
  url: string,
  read: (apply: (item: ImportItem) => Promise<void>) => Promise<ExportSummary>,
  note: (text: string) => Promise<void>,
): Promise<ExportSummary> {
  const metadata = adapter.repositories.metadata;
  const unfinished = await metadata.get(IMPORT_MARKER);
  const held = await mongoContent(adapter, url);
  if (unfinished !== null) {
    await wipe(adapter, url);
    await note(`removed what an unfinished import (${unfinished}) left in the store`);
  } else if (held !== null) {
    throw new UsageError(`the store is not empty (${held}): import into an empty store`);
  }
  await metadata.set(IMPORT_MARKER, JSON.stringify({ pid: process.pid, started: new Date().toISOString() }));
  let summary: ExportSummary;
  try {
    summary = await read(applyItem(adapter));
  } catch (error) {
    // If this fails too, the mark stays for the next import to find.
    await wipe(adapter, url)
      .then(() => metadata.set(IMPORT_MARKER, null))
      .catch(() => undefined);
    throw error;
  }
  await metadata.set(IMPORT_MARKER, null);
  return summary;
}

async function wipe(adapter: MongoDBStorageAdapter, url: string): Promise<void> {
  const database = rawDatabase(adapter, url);
  for (const name of DATA_COLLECTIONS) await database.collection(name).deleteMany({});
  await adapter.repositories.metadata.set(CURRENT_EXECUTION_KEY, null);
}
