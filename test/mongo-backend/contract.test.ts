import { MongoClient } from 'mongodb';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { describeStorageContract } from '../contract';
import { databaseNameOf } from './mongo-test-kit';
import { mongoTargets, uniqueDatabaseUrl, type MongoTargetHandle } from '../support/mongo-target';

for (const target of mongoTargets()) {
  describe(target.name, () => {
    let handle: MongoTargetHandle;
    let client: MongoClient;
    let storeUrl: string | undefined;
    const stores: string[] = [];

    beforeAll(async () => {
      handle = await target.start();
      client = await MongoClient.connect(handle.url, { serverSelectionTimeoutMS: 5000 });
    });

    afterAll(async () => {
      await client.close();
      await handle.stop();
    });

    describeStorageContract(`MongoDB on ${target.name}`, {
      async create(options) {
        storeUrl = uniqueDatabaseUrl(handle.url, 'contract');
        stores.push(storeUrl);
        return new MongoDBStorageAdapter(storeUrl, options);
      },
      async reopen(options) {
        if (storeUrl === undefined) throw new Error('reopen() before create()');
        return new MongoDBStorageAdapter(storeUrl, options);
      },
      async cleanup() {
        for (const url of stores.splice(0)) await client.db(databaseNameOf(url)).dropDatabase();
        storeUrl = undefined;
      },
    });
  });
}
