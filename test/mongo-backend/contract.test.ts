import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { describeStorageContract } from '../../src/testing';
import { useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';

for (const target of mongoTargets()) {
  describe(target.name, () => {
    // One server and client for the target's tests. Each test's database is emptied after it and
    // reused by a later test: the indexes a new database needs are made once, not once a test
    // (indexes.test.ts covers making them).
    const kit = useMongoKit(target);
    let storeUrl: string | undefined;

    describeStorageContract(`MongoDB on ${target.name}`, {
      async create(options) {
        storeUrl = kit.reusedDatabaseUrl('contract');
        return new MongoDBStorageAdapter(storeUrl, options);
      },
      async reopen(options) {
        if (storeUrl === undefined) throw new Error('reopen() before create()');
        return new MongoDBStorageAdapter(storeUrl, options);
      },
      async cleanup() {
        // The kit empties the test's databases after this, once the contract has disconnected its adapters.
        storeUrl = undefined;
      },
    }, { describe, it, beforeEach, afterEach, expect });
  });
}
