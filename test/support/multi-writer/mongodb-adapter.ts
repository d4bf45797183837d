import type { OpenOptions } from '../../../src/testing/multi-writer/adapter-module';
import { MongoDBStorageAdapter } from '../../../src/adapters/mongodb-storage-adapter';

/** The multi-writer contract's adapter module for MongoDB: the store is a database URL. */
export function open(store: string, options: OpenOptions = {}): MongoDBStorageAdapter {
  return new MongoDBStorageAdapter(store, options);
}
