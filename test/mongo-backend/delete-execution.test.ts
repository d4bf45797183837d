import type { CommandStartedEvent } from 'mongodb';
import { MongoRepository } from 'typeorm';
import { StorageIOError } from '../../src/errors';
import type { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { makeExecution } from '../support/fixtures/records';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { commandNames, useMongoKit, type MongoKit } from '../support/fixtures/mongo';

async function seed(adapter: MongoDBStorageAdapter): Promise<void> {
  await adapter.saveExecution(makeExecution());
  await adapter.saveExecution(makeExecution({ id: 'exec-2' }));
  await adapter.appendOutput('exec-1', ['one']);
  await adapter.appendOutput('exec-1', ['two']);
  await adapter.appendOutput('exec-2', ['kept']);
  await adapter.setCurrentExecutionId('exec-1');
}

/** Whether the server is a replica set or mongos, asked of the server itself. */
async function serverTakesTransactions(kit: MongoKit): Promise<boolean> {
  if (kit.standIn) return kit.standIn.mode === 'replicaSet';
  const hello = await kit.client.db('admin').command({ hello: 1 });
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}

/**
 * Makes the next output delete fail: the stand-in refuses the next `delete` command; on a real
 * server the driver call is made to reject instead.
 */
function failNextOutputDelete(kit: MongoKit): void {
  if (kit.standIn) {
    kit.standIn.failNext('delete', { code: 2, errmsg: 'injected delete failure' });
  } else {
    jest.spyOn(MongoRepository.prototype, 'deleteMany').mockRejectedValueOnce(new Error('injected delete failure'));
  }
}

function writes(events: CommandStartedEvent[]): CommandStartedEvent[] {
  return events.filter((event) => ['update', 'delete', 'commitTransaction', 'abortTransaction'].includes(event.commandName));
}

for (const target of mongoTargets()) {
  describe(`MongoDB deleteExecution on ${target.name}`, () => {
    const kit = useMongoKit(target);

    afterEach(() => {
      jest.restoreAllMocks();
    });

    it('knows whether the server takes transactions', async () => {
      const adapter = await kit.connectedAdapter();
      expect(adapter.connection.supportsTransactions).toBe(await serverTakesTransactions(kit));
    });

    it('deletes the record, its chunks and the pointer in one transaction when it can, else in the repeat-safe order', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      await seed(adapter);
      commands.length = 0;
      kit.standIn?.resetStats();
      await adapter.deleteExecution('exec-1');

      const sent = writes(commands);
      if (await serverTakesTransactions(kit)) {
        // The record first: a prune's conditional delete goes on only when it removed it (delete-execution-documents.ts).
        expect(sent.map((event) => [event.commandName, event.command.update ?? event.command.delete])).toStrictEqual([
          ['delete', 'executions'],
          ['update', 'metadata'],
          ['delete', 'output_chunks'],
          ['commitTransaction', undefined],
          // After the record, outside the transaction, whatever the history option (execution-history.ts).
          ['delete', 'execution_history'],
        ]);
        const [first, ...rest] = sent.slice(0, -1).map((event) => event.command);
        expect(sent[sent.length - 1].command.txnNumber).toBeUndefined();
        expect(first.startTransaction).toBe(true);
        for (const command of rest) expect(command.txnNumber).toStrictEqual(first.txnNumber);
        if (kit.standIn) expect(kit.standIn.stats().byCommand.commitTransaction).toBe(1);
      } else {
        expect(sent.map((event) => event.commandName)).toStrictEqual(['update', 'delete', 'delete', 'delete']);
        expect(sent.map((event) => [event.command.update ?? event.command.delete, event.command.txnNumber])).toStrictEqual([
          ['metadata', undefined],
          ['output_chunks', undefined],
          ['executions', undefined],
          ['execution_history', undefined],
        ]);
        expect(commandNames(commands)).not.toContain('commitTransaction');
        if (kit.standIn) expect(kit.standIn.stats().byCommand.commitTransaction).toBeUndefined();
      }
      expect(await adapter.getExecution('exec-1')).toBeNull();
      expect(await adapter.getOutput('exec-1')).toStrictEqual([]);
      expect(await adapter.getCurrentExecutionId()).toBeNull();
      expect(await adapter.getExecution('exec-2')).not.toBeNull();
      expect(await adapter.getOutput('exec-2')).toStrictEqual(['kept']);
    });

    it('after a failure part-way, the execution is still there and a repeat call completes the delete', async () => {
      const adapter = await kit.connectedAdapter();
      await seed(adapter);
      failNextOutputDelete(kit);
      await expect(adapter.deleteExecution('exec-1')).rejects.toBeInstanceOf(StorageIOError);

      expect(await adapter.getExecution('exec-1')).not.toBeNull();
      if (await serverTakesTransactions(kit)) {
        // The transaction was aborted: the pointer and the output are as they were.
        expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
        expect(await adapter.getOutput('exec-1')).toStrictEqual(['one', 'two']);
      } else {
        // The pointer went first, the output delete failed, the record (last) was kept.
        expect(await adapter.getCurrentExecutionId()).toBeNull();
        expect(await adapter.getOutput('exec-1')).toStrictEqual(['one', 'two']);
      }

      await adapter.deleteExecution('exec-1');
      expect(await adapter.getExecution('exec-1')).toBeNull();
      expect(await adapter.getOutput('exec-1')).toStrictEqual([]);
      expect(await adapter.getCurrentExecutionId()).toBeNull();
      expect(await adapter.getOutput('exec-2')).toStrictEqual(['kept']);
    });

    it('appends after a delete start a fresh output', async () => {
      const adapter = await kit.connectedAdapter();
      await seed(adapter);
      await adapter.deleteExecution('exec-1');
      await adapter.appendOutput('exec-1', ['again']);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['again']);
    });
  });
}
