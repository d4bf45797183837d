import { DataSource } from 'typeorm';
import { MongoDBAdapter, NotConnectedError } from '../../src';
import { mongoDataSourceOptions } from '../../src/repositories/mongodb';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { useMongoKit } from '../support/fixtures/mongo';

const CVM_COLLECTIONS = ['executions', 'metadata', 'output_chunks', 'programs'];

for (const target of mongoTargets()) {
  describe(`MongoDBStorageAdapter.getCollections on ${target.name}`, () => {
    const kit = useMongoKit(target);

    it('rejects with NotConnectedError before connect(), and after disconnect()', async () => {
      const adapter = kit.adapter(kit.databaseUrl());
      await expect(adapter.getCollections()).rejects.toBeInstanceOf(NotConnectedError);
      await adapter.connect();
      await adapter.disconnect();
      await expect(adapter.getCollections()).rejects.toThrow(/^Not connected/);
    });

    it("names the collections of the adapter's own database, sorted, and none of another database's", async () => {
      const url = kit.databaseUrl();
      const other = new URL(kit.databaseUrl());
      await kit.client.db(other.pathname.slice(1)).createCollection('elsewhere');
      const adapter = kit.adapter(url);
      await adapter.connect();
      await kit.client.db(new URL(url).pathname.slice(1)).createCollection('app_notes');
      expect(await adapter.getCollections()).toStrictEqual(['app_notes', ...CVM_COLLECTIONS]);
    });

    it("over an app DataSource with its own database option, names that database's collections", async () => {
      const database = new URL(kit.databaseUrl()).pathname.slice(1);
      const dataSource = new DataSource(mongoDataSourceOptions({ url: kit.url, database }));
      const adapter = new MongoDBAdapter(dataSource);
      try {
        await adapter.connect();
        await kit.client.db(database).createCollection('app_notes');
        expect(await adapter.getCollections()).toStrictEqual(['app_notes', ...CVM_COLLECTIONS]);
      } finally {
        await adapter.disconnect();
        await dataSource.destroy();
      }
    });
  });
}
