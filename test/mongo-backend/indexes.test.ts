import { DataSource } from 'typeorm';
import { CVM_STORAGE_ENTITIES } from '../../src/entities';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { databaseNameOf, useMongoKit } from '../support/fixtures/mongo';

const EXPECTED_INDEXES: Record<string, { name: string; key: Record<string, number>; unique: boolean }[]> = {
  programs: [
    { name: 'programs_created_id', key: { created: 1, id: 1 }, unique: false },
    { name: 'programs_id_unique', key: { id: 1 }, unique: true },
  ],
  executions: [
    { name: 'executions_created_id', key: { created: 1, id: 1 }, unique: false },
    { name: 'executions_id_unique', key: { id: 1 }, unique: true },
    { name: 'executions_program_created_id', key: { programId: 1, created: 1, id: 1 }, unique: false },
    { name: 'executions_state_created_id', key: { state: 1, created: 1, id: 1 }, unique: false },
  ],
  output_chunks: [{ name: 'output_chunks_execution_seq_unique', key: { executionId: 1, seq: 1 }, unique: true }],
  metadata: [{ name: 'metadata_key_unique', key: { key: 1 }, unique: true }],
};

for (const target of mongoTargets()) {
  describe(`MongoDB indexes on ${target.name}`, () => {
    const kit = useMongoKit(target);

    async function indexesOf(url: string): Promise<Record<string, { name: string; key: Record<string, number>; unique: boolean }[]>> {
      const db = kit.client.db(databaseNameOf(url));
      const found: Record<string, { name: string; key: Record<string, number>; unique: boolean }[]> = {};
      for (const collection of Object.keys(EXPECTED_INDEXES)) {
        const indexes = await db.collection(collection).listIndexes().toArray();
        found[collection] = indexes
          .filter((index) => index.name !== '_id_')
          .map((index) => ({ name: index.name as string, key: { ...index.key }, unique: index.unique === true }))
          .sort((a, b) => a.name.localeCompare(b.name));
      }
      return found;
    }

    it('connect() creates the four collections with their unique indexes, keys in order', async () => {
      const url = kit.databaseUrl();
      await kit.adapter(url).connect();
      const found = await indexesOf(url);
      expect(found).toStrictEqual(EXPECTED_INDEXES);
      expect(Object.keys(found.output_chunks[0].key)).toStrictEqual(['executionId', 'seq']);
    });

    it('a second connect() and a second adapter leave the indexes as they are', async () => {
      const url = kit.databaseUrl();
      const first = kit.adapter(url);
      await first.connect();
      await first.disconnect();
      await first.connect();
      await kit.adapter(url).connect();
      expect(await indexesOf(url)).toStrictEqual(EXPECTED_INDEXES);
    });

    it.each([
      ['creates the indexes over an app DataSource that never synchronizes', false],
      ['accepts the indexes that TypeORM synchronize made before', true],
    ])('%s', async (_name, synchronize) => {
      const url = kit.databaseUrl();
      const dataSource = new DataSource({ type: 'mongodb', url, entities: CVM_STORAGE_ENTITIES, synchronize });
      if (synchronize) await dataSource.initialize();
      const adapter = new MongoDBStorageAdapter(dataSource);
      try {
        await adapter.connect();
        expect(await indexesOf(url)).toStrictEqual(EXPECTED_INDEXES);
      } finally {
        await adapter.disconnect();
        await dataSource.destroy();
      }
    });

    it('the unique indexes refuse a second document with the same business key', async () => {
      const url = kit.databaseUrl();
      await kit.adapter(url).connect();
      const db = kit.client.db(databaseNameOf(url));
      await db.collection('output_chunks').insertOne({ executionId: 'e', seq: 0, lines: [], created: new Date() });
      await expect(db.collection('output_chunks').insertOne({ executionId: 'e', seq: 0, lines: [], created: new Date() })).rejects.toMatchObject({ code: 11000 });
      await db.collection('metadata').insertOne({ key: 'k', value: null });
      await expect(db.collection('metadata').insertOne({ key: 'k', value: 'x' })).rejects.toMatchObject({ code: 11000 });
      await db.collection('programs').insertOne({ id: 'p' });
      await expect(db.collection('programs').insertOne({ id: 'p' })).rejects.toMatchObject({ code: 11000 });
      await db.collection('executions').insertOne({ id: 'e' });
      await expect(db.collection('executions').insertOne({ id: 'e' })).rejects.toMatchObject({ code: 11000 });
    });
  });
}
