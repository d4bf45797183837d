import type { CommandStartedEvent } from 'mongodb';
import { MongoRepository, type ObjectLiteral } from 'typeorm';
import type { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { makeExecution } from '../support/fixtures/records';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { commandNames, commandNamesWithoutIndexChecks, databaseNameOf, useMongoKit, useStandIn } from '../support/fixtures/mongo';

/** The `u` of each statement of the update commands in `events`: a pipeline is an array. */
function updateShapes(events: CommandStartedEvent[]): ('pipeline' | 'document')[] {
  return events
    .filter((event) => event.commandName === 'update')
    .flatMap((event) => (event.command.updates as { u: unknown }[]).map(({ u }) => (Array.isArray(u) ? 'pipeline' : 'document')));
}

/** One CVM step at pc `step`: getExecution, appendOutput of two lines, saveExecution, setCurrentExecutionId. */
async function runStep(adapter: MongoDBStorageAdapter, step: number): Promise<void> {
  const execution = await adapter.getExecution('exec-1');
  await adapter.appendOutput('exec-1', [`step ${step}`, 'and more']);
  await adapter.saveExecution({ ...execution!, pc: step });
  await adapter.setCurrentExecutionId('exec-1');
}

/** An append's commands: one push, or without atomic filtered updates (FerretDB 1.x) a read of the last chunk and an insert of the next. */
function appendCommands(adapter: MongoDBStorageAdapter): string[] {
  return adapter.connection.atomicUpdates ? ['update'] : ['find', 'insert'];
}

/** The commands sent; where appends insert, without the unique-index check such an insert makes at most once a second. */
function sentCommands(adapter: MongoDBStorageAdapter, commands: CommandStartedEvent[]): string[] {
  return adapter.connection.atomicUpdates ? commandNames(commands) : commandNamesWithoutIndexChecks(commands);
}

for (const target of mongoTargets()) {
  describe(`a step's commands on ${target.name}`, () => {
    const kit = useMongoKit(target);

    it('a step (getExecution, appendOutput, saveExecution, setCurrentExecutionId) sends four commands, none a pipeline', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      // The writes that create the documents (and may check their collection's unique indexes,
      // docs/mongodb.md) come before the steps, which only replace, push and update.
      await adapter.saveExecution(makeExecution());
      await adapter.appendOutput('exec-1', ['step 0']);
      await adapter.setCurrentExecutionId('exec-1');
      const before = await adapter.readExecution('exec-1');
      for (let step = 1; step <= 3; step++) {
        commands.length = 0;
        await runStep(adapter, step);
        expect(sentCommands(adapter, commands)).toStrictEqual(['find', ...appendCommands(adapter), 'update', 'update']);
        expect(updateShapes(commands)).toStrictEqual(adapter.connection.atomicUpdates ? ['document', 'document', 'document'] : ['document', 'document']);
      }
      const after = await adapter.readExecution('exec-1');
      expect(after?.revision).toBe(before!.revision + 3);
      expect(after?.execution.pc).toBe(3);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['step 0', 'step 1', 'and more', 'step 2', 'and more', 'step 3', 'and more']);
    });

    it('with history (keep: 10) the step sends one command more, the insert of its entry, and a trim every 10 revisions; each entry holds the output as the step left it', async () => {
      const { adapter, commands } = await kit.monitoredAdapter(undefined, { history: { keep: 10 } });
      await adapter.createExecution(makeExecution());
      // The pointer's first write creates its document (and may check its unique index) before the steps.
      await adapter.setCurrentExecutionId('exec-1');
      const created = (await adapter.readExecution('exec-1'))!.revision;
      let trims = 0;
      for (let step = 1; step <= 10; step++) {
        commands.length = 0;
        await runStep(adapter, step);
        // The first append to a created execution inserts its first chunk.
        const first = step === 1 ? ['insert'] : appendCommands(adapter);
        const names = sentCommands(adapter, commands);
        const trimmed = names.filter((name) => name === 'delete').length;
        trims += trimmed;
        expect(names.filter((name) => name !== 'delete')).toStrictEqual(['find', ...first, 'update', 'insert', 'update']);
      }
      // The revision that is a multiple of 10 trims once.
      expect(trims).toBe(Array.from({ length: 10 }, (_, step) => created + step).filter((revision) => revision % 10 === 0).length);
      const { revisions } = await adapter.listExecutionRevisions('exec-1');
      expect(revisions.map(({ pc, outputLength }) => [pc, outputLength])).toStrictEqual(Array.from({ length: 11 }, (_, index) => [10 - index, 2 * (10 - index)]));
    });

    it('a save whose remembered revision another process moved on still lands and counts every save', async () => {
      const url = kit.databaseUrl();
      const { adapter, commands } = await kit.monitoredAdapter(url);
      const other = kit.adapter(url);
      await other.connect();
      await adapter.saveExecution(makeExecution());
      const read = await adapter.readExecution('exec-1');
      await other.saveExecution({ ...read!.execution, pc: 7 });
      commands.length = 0;
      await adapter.saveExecution({ ...read!.execution, pc: 8 });
      // The replace at the remembered revision matches nothing; the save falls back.
      expect(commands[0].commandName).toBe('update');
      expect(updateShapes(commands)[0]).toBe('document');
      expect(commandNames(commands).length).toBeGreaterThan(1);
      const after = await other.readExecution('exec-1');
      expect(after?.revision).toBe(read!.revision + 2);
      expect(after?.execution.pc).toBe(8);
    });

    it('after a reconnect (perhaps to another server) nothing remembered is used: the save is the pipeline update, the append reads the last chunk', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      await adapter.saveExecution(makeExecution());
      await adapter.appendOutput('exec-1', ['before']);
      const read = await adapter.readExecution('exec-1');
      await adapter.disconnect();
      await adapter.connect();
      commands.length = 0;
      await adapter.saveExecution({ ...read!.execution, pc: 5 });
      // The pipeline update (a server without them refuses it, and the save reads the revision).
      expect(updateShapes(commands)[0]).toBe('pipeline');
      commands.length = 0;
      await adapter.appendOutput('exec-1', ['after']);
      expect(sentCommands(adapter, commands)).toStrictEqual(['find', adapter.connection.atomicUpdates ? 'update' : 'insert']);
      expect((await adapter.readExecution('exec-1'))?.revision).toBe(read!.revision + 1);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['before', 'after']);
    });

    it('a save whose remembered record was deleted elsewhere stores it anew, at a new first revision', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      const other = kit.adapter(url);
      await adapter.connect();
      await other.connect();
      await adapter.saveExecution(makeExecution());
      const read = await adapter.readExecution('exec-1');
      await other.deleteExecution('exec-1');
      await adapter.saveExecution({ ...read!.execution, pc: 9 });
      const after = await other.readExecution('exec-1');
      expect(after?.execution.pc).toBe(9);
      expect(after!.revision).toBeGreaterThan(read!.revision);
      const documents = await kit.client.db(databaseNameOf(url)).collection('executions').countDocuments({ id: 'exec-1' });
      expect(documents).toBe(1);
    });
  });
}

describe('an append whose acknowledgement was lost', () => {
  const kit = useStandIn('replicaSet');

  it('is retried by the driver and its lines land once', async () => {
    const { adapter, commands } = await kit.monitoredAdapter();
    await adapter.appendOutput('exec-1', ['first']);
    kit.standIn.failNext('update', { code: 91, errmsg: 'ack lost', afterExecute: true });
    commands.length = 0;
    await adapter.appendOutput('exec-1', ['second']);
    expect(commandNames(commands)).toStrictEqual(['update', 'update']);
    await adapter.appendOutput('exec-1', ['third']);
    expect(await adapter.getOutput('exec-1')).toStrictEqual(['first', 'second', 'third']);
  });

  it('on a server that applies the retry again, the push matches nothing the second time and its mark tells it landed', async () => {
    const { adapter, commands } = await kit.monitoredAdapter();
    await adapter.appendOutput('exec-1', ['first']);
    const updateOne = MongoRepository.prototype.updateOne;
    // The first attempt lands, its reply is lost, and the retry is applied as a new write.
    jest.spyOn(MongoRepository.prototype, 'updateOne').mockImplementationOnce(async function (this: MongoRepository<ObjectLiteral>, ...args) {
      await updateOne.apply(this, args);
      return updateOne.apply(this, args);
    });
    commands.length = 0;
    await adapter.appendOutput('exec-1', ['second']);
    expect(commandNames(commands)).toStrictEqual(['update', 'update', 'find']);
    await adapter.appendOutput('exec-1', ['third']);
    expect(await adapter.getOutput('exec-1')).toStrictEqual(['first', 'second', 'third']);
  });
});
