/**
 * A database dropped under a running adapter (as after a server restarted empty): the adapter
 * goes on saving and listing without a restart, and the unique indexes come back. Runs on the
 * stand-ins, and on real servers through `npm run test:servers -- --suites dropped-database`.
 */
import type { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { AlreadyExistsError, StorageIOError } from '../../src/errors';
import { INDEX_CHECK_INTERVAL_MS } from '../../src/repositories/mongodb/mongodb-connection';
import { makeExecution, makeProgram } from '../support/fixtures/records';
import { databaseNameOf, useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';

const UNIQUE_INDEXES: Record<string, string[]> = {
  programs: ['programs_id_unique'],
  executions: ['executions_id_unique'],
  output_chunks: ['output_chunks_execution_seq_unique'],
  metadata: ['metadata_key_unique'],
};

const HINT_ERROR = { code: 2, errmsg: 'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index' };

/**
 * Moves the clock the adapter reads (Date.now) past its index check interval, as waiting it out
 * would, without the wait: every later reading is that much ahead. Undone after each test.
 */
function pastCheckInterval(): void {
  const realNow = Date.now.bind(Date);
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + INDEX_CHECK_INTERVAL_MS + 100);
}

afterEach(() => jest.restoreAllMocks());

for (const target of mongoTargets()) {
  describe(`a database dropped under a running adapter, on ${target.name}`, () => {
    const kit = useMongoKit(target);

    async function uniqueIndexesOf(url: string, collection: string): Promise<string[]> {
      const indexes = await kit.client.db(databaseNameOf(url)).collection(collection).listIndexes().toArray().catch(() => []);
      return indexes.filter((index) => index.unique === true).map((index) => index.name as string).sort();
    }

    async function dropDatabase(url: string): Promise<void> {
      await kit.client.db(databaseNameOf(url)).dropDatabase();
      expect(await kit.client.db(databaseNameOf(url)).listCollections().toArray()).toStrictEqual([]);
    }

    it('goes on saving and listing, and the unique indexes come back with the first new record', async () => {
      const url = kit.databaseUrl('cvm_drop');
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.saveProgram(makeProgram({ id: 'p-before' }));
      await adapter.createExecution(makeExecution({ id: 'e-before', programId: 'p-before', state: 'RUNNING' }));
      await dropDatabase(url);
      pastCheckInterval();

      await adapter.saveProgram(makeProgram({ id: 'p-after' }));
      await adapter.createExecution(makeExecution({ id: 'e-after', programId: 'p-after', state: 'RUNNING' }));
      await adapter.appendOutput('e-after', ['one', 'two']);
      await adapter.setCurrentExecutionId('e-after');

      expect((await adapter.queryPrograms()).programs.map((program) => program.id)).toStrictEqual(['p-after']);
      expect((await adapter.queryExecutions({ state: 'RUNNING' })).executions.map((execution) => execution.id)).toStrictEqual(['e-after']);
      expect((await adapter.queryExecutions({ programId: 'p-after' })).executions.map((execution) => execution.id)).toStrictEqual(['e-after']);
      expect(await adapter.getOutput('e-after')).toStrictEqual(['one', 'two']);
      expect(await adapter.getCurrentExecutionId()).toBe('e-after');
      for (const [collection, names] of Object.entries(UNIQUE_INDEXES)) expect(await uniqueIndexesOf(url, collection)).toStrictEqual(names);
      await expect(adapter.createExecution(makeExecution({ id: 'e-after', programId: 'p-after' }))).rejects.toBeInstanceOf(AlreadyExistsError);
    });

    it.each([
      ['metadata', 'setCurrentExecutionId', (adapter: MongoDBStorageAdapter) => adapter.setCurrentExecutionId('e-before')],
      ['output_chunks', 'appendOutput', (adapter: MongoDBStorageAdapter) => adapter.appendOutput('e-before', ['after the drop'])],
    ] as const)('%s gets its unique index back with the first write after the drop (%s)', async (collection, _call, firstWrite) => {
      const url = kit.databaseUrl('cvm_drop');
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.createExecution(makeExecution({ id: 'e-before', programId: 'p-before', state: 'RUNNING' }));
      await adapter.appendOutput('e-before', ['before the drop']);
      await adapter.setCurrentExecutionId('e-before');
      await dropDatabase(url);
      pastCheckInterval();

      await firstWrite(adapter);
      expect(await uniqueIndexesOf(url, collection)).toStrictEqual(UNIQUE_INDEXES[collection]);
    });

    it('a list that finds the collection back without its indexes re-creates them and answers', async () => {
      const url = kit.databaseUrl('cvm_drop');
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.saveProgram(makeProgram({ id: 'p-before' }));
      await dropDatabase(url);
      // Another process's insert, or a restore, made the collection again with only its _id index.
      await kit.client.db(databaseNameOf(url)).createCollection('executions');

      expect((await adapter.queryExecutions({ state: 'RUNNING' })).executions).toStrictEqual([]);
      expect((await adapter.queryPrograms()).programs).toStrictEqual([]);
      await adapter.createExecution(makeExecution({ id: 'e-1', programId: 'p-1', state: 'RUNNING' }));
      expect((await adapter.queryExecutions({ state: 'RUNNING' })).executions.map((execution) => execution.id)).toStrictEqual(['e-1']);
      expect(await uniqueIndexesOf(url, 'executions')).toStrictEqual(UNIQUE_INDEXES.executions);
    });

    it('a read-only adapter on an empty database creates no collection or index, and lists', async () => {
      const url = kit.databaseUrl('cvm_readonly');
      const adapter = kit.adapter(url, { readOnly: true });
      await adapter.connect();
      expect((await adapter.queryExecutions({ state: 'RUNNING' })).executions).toStrictEqual([]);
      expect(await adapter.listPrograms()).toStrictEqual([]);
      expect(await adapter.getCurrentExecutionId()).toBeNull();
      expect(await kit.client.db(databaseNameOf(url)).listCollections().toArray()).toStrictEqual([]);
    });

    it('a read-only adapter on a collection without its indexes lists without hints and creates none', async () => {
      const url = kit.databaseUrl('cvm_readonly');
      const writer = kit.adapter(url);
      await writer.connect();
      await writer.createExecution(makeExecution({ id: 'e-1', programId: 'p-1', state: 'RUNNING' }));
      const executions = kit.client.db(databaseNameOf(url)).collection('executions');
      await executions.dropIndexes();
      const reader = kit.adapter(url, { readOnly: true });
      await reader.connect();
      expect((await reader.queryExecutions({ state: 'RUNNING' })).executions.map((execution) => execution.id)).toStrictEqual(['e-1']);
      expect((await executions.listIndexes().toArray()).map((index) => index.name)).toStrictEqual(['_id_']);
    });

    if (target.name.startsWith('stand-in')) {
      it('retries a query refused for a missing index once, never more', async () => {
        const adapter = await kit.connectedAdapter();
        const standIn = kit.standIn!;
        await adapter.createExecution(makeExecution({ id: 'e-1', programId: 'p-1', state: 'RUNNING' }));

        standIn.resetStats();
        standIn.failNext('find', HINT_ERROR, 1);
        expect((await adapter.queryExecutions({ state: 'RUNNING' })).executions.map((execution) => execution.id)).toStrictEqual(['e-1']);
        expect(standIn.stats().byCommand.find).toBe(2);
        expect(standIn.stats().byCommand.listIndexes).toBe(4);

        standIn.resetStats();
        standIn.failNext('find', HINT_ERROR, 3);
        const refused = await adapter.queryExecutions({ state: 'RUNNING' }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(StorageIOError);
        expect(standIn.stats().byCommand.find).toBe(2);
      });
    }
  });
}
