import type { CommandStartedEvent } from 'mongodb';
import { consistencyOptionsFor } from '../../src/repositories/mongodb/consistency';
import { makeExecution } from '../support/fixtures/records';
import { startMongoStandIn } from '../support/mongo-standin';
import { uniqueDatabaseUrl } from '../support/fixtures/mongo-target';
import { useMongoKit } from '../support/fixtures/mongo';

describe('MongoDB write concern and read preference', () => {
  it.each([
    ['mongodb://h/db', { writeConcern: { w: 'majority' }, readPreference: 'primary' }],
    ['mongodb://h/db?replicaSet=rs0', { writeConcern: { w: 'majority' }, readPreference: 'primary' }],
    ['mongodb://h/db?w=1', { readPreference: 'primary' }],
    ['mongodb://h/db?retryWrites=true&W=2', { readPreference: 'primary' }],
    ['mongodb://h/db?readPreference=secondaryPreferred', { writeConcern: { w: 'majority' } }],
    ['mongodb+srv://c.example.net/db?w=majority;readpreference=nearest', {}],
  ])('for %s adds %j', (url, expected) => {
    expect(consistencyOptionsFor(url)).toEqual(expected);
  });

  describe('on a single-node replica set (the stand-in)', () => {
    const kit = useMongoKit({
      name: 'stand-in replica set',
      start: async () => {
        const standIn = await startMongoStandIn({ mode: 'replicaSet' });
        return { url: standIn.url, stop: () => standIn.close(), standIn };
      },
    });

    const writes = (commands: CommandStartedEvent[]) => commands.filter((event) => ['update', 'insert', 'delete'].includes(event.commandName));
    const reads = (commands: CommandStartedEvent[]) => commands.filter((event) => event.commandName === 'find');

    it('sends every write with w: majority and every read to the primary', async () => {
      const { adapter, dataSource, commands } = await kit.monitoredAdapter();
      commands.length = 0;
      await adapter.saveExecution(makeExecution({ id: 'e1' }));
      await adapter.appendOutput('e1', ['a']);
      await adapter.setCurrentExecutionId('e1');
      expect(await adapter.getExecution('e1')).not.toBeNull();
      expect(await adapter.getOutput('e1')).toEqual(['a']);

      expect(writes(commands).length).toBeGreaterThanOrEqual(3);
      for (const event of writes(commands)) expect({ [event.commandName]: event.command.writeConcern }).toEqual({ [event.commandName]: { w: 'majority' } });
      const client = dataSource.mongoManager.mongoQueryRunner.databaseConnection;
      expect(client.readPreference.mode).toBe('primary');
      expect(reads(commands).length).toBeGreaterThanOrEqual(2);
      // The stand-in's one member is the primary: every read went to it, none asked for another.
      const hello = await client.db('admin').command({ hello: 1 });
      expect(hello.isWritablePrimary).toBe(true);
      for (const event of reads(commands)) {
        expect(event.address).toBe(`127.0.0.1:${kit.standIn!.port}`);
        expect(event.command.$readPreference?.mode ?? 'primary').toBe('primary');
      }
    });

    it('keeps the write concern a URL sets', async () => {
      const url = `${uniqueDatabaseUrl(kit.standIn!.url, 'cvm_wc')}&w=1`;
      const { adapter, commands } = await kit.monitoredAdapter(url);
      commands.length = 0;
      await adapter.saveExecution(makeExecution({ id: 'e1' }));
      expect(writes(commands).map((event) => event.command.writeConcern)).toEqual([{ w: 1 }]);
    });
  });
});
