import { MongoDBStorageAdapter } from '../../../src/adapters/mongodb-storage-adapter';

/** The multi-writer contract's adapter module for MongoDB: the store is a database URL. */
export function open(store: string): MongoDBStorageAdapter {
  return new MongoDBStorageAdapter(store);
}
