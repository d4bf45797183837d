import { createStorageAdapter, MongoDBStorageAdapter } from '../../src';
import { openStorage } from '../../src/nest/open-storage';
import { mongoTargets, useMongoKit } from '../support/fixtures';
import { makeExecution } from '../support/fixtures/records';

function databaseOf(url: string): string {
  return new URL(url).pathname.slice(1);
}

for (const target of mongoTargets()) {
  describe(`createStorageAdapter({ mongoUrl, readOnly }) on ${target.name}`, () => {
    const kit = useMongoKit(target);

    const collections = async (url: string): Promise<string[]> =>
      (await kit.client.db(databaseOf(url)).listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name).sort();

    it('passes it on: connect() creates no collection or index in an empty database; without it the same call does', async () => {
      const url = kit.databaseUrl('read_only');
      const reader = await createStorageAdapter({ mongoUrl: url, readOnly: true });
      expect(reader).toBeInstanceOf(MongoDBStorageAdapter);
      expect(await reader.listExecutions()).toEqual([]);
      expect(await reader.queryExecutions({ state: 'RUNNING' })).toEqual({ executions: [], next: null });
      await reader.disconnect();
      expect(await collections(url)).toEqual([]);

      const writer = await createStorageAdapter({ mongoUrl: url, readOnly: false });
      await writer.disconnect();
      expect((await collections(url)).length).toBeGreaterThan(0);
    });

    it('reads what another adapter wrote; the Nest module\'s options take it the same way', async () => {
      const url = kit.databaseUrl('read_only');
      const writer = await createStorageAdapter({ mongoUrl: url });
      const execution = makeExecution();
      await writer.saveExecution(execution);
      await writer.appendOutput(execution.id, ['a line']);
      await writer.disconnect();

      const reader = await createStorageAdapter({ mongoUrl: url, readOnly: true });
      expect(await reader.getExecution(execution.id)).toEqual(execution);
      expect(await reader.getOutput(execution.id)).toEqual(['a line']);
      await reader.disconnect();

      const empty = kit.databaseUrl('read_only');
      const nest = openStorage({ mongoUrl: empty, readOnly: true });
      await nest.connect();
      await nest.disconnect();
      expect(await collections(empty)).toEqual([]);
    });
  });
}
