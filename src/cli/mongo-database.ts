import type { MongoDBStorageAdapter } from '../adapters/mongodb-storage-adapter';
import { OutputChunk } from '../entities';
import { databaseFromUrl } from '../repositories/mongodb/data-source-options';

/** The driver's database under a connected MongoDB adapter, for reading and writing raw documents. */
export function rawDatabase(adapter: MongoDBStorageAdapter, url: string) {
  const client = adapter.connection.repository(OutputChunk).manager.mongoQueryRunner.databaseConnection;
  return client.db(databaseFromUrl(url));
}
