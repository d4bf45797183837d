import { mongoTargets } from '../support/fixtures/mongo-target';
import { commandNames, databaseNameOf, useMongoKit } from '../support/fixtures/mongo';

for (const target of mongoTargets()) {
  describe(`MongoDB output chunks on ${target.name}`, () => {
    const kit = useMongoKit(target);

    it('stores one chunk per non-empty append, numbered in append order', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.appendOutput('exec-1', ['a', 'b']);
      await adapter.appendOutput('exec-1', []);
      await adapter.appendOutput('exec-1', ['c']);
      await adapter.appendOutput('exec-2', ['other']);
      const chunks = await kit.client
        .db(databaseNameOf(url))
        .collection('output_chunks')
        .find({ executionId: 'exec-1' }, { projection: { _id: 0, created: 0 } })
        .sort({ seq: 1 })
        .toArray();
      expect(chunks).toStrictEqual([
        { format: 2, executionId: 'exec-1', seq: 0, lines: ['a', 'b'] },
        { format: 2, executionId: 'exec-1', seq: 1, lines: ['c'] },
      ]);
    });

    it('each append asks for the last seq and inserts the next: two round trips', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      commands.length = 0;
      kit.standIn?.resetStats();
      for (let i = 0; i < 5; i++) await adapter.appendOutput('exec-1', [`line ${i}`]);
      expect(commandNames(commands)).toStrictEqual(Array.from({ length: 5 }, () => ['find', 'insert']).flat());
      if (kit.standIn) {
        expect(kit.standIn.stats().total).toBe(10);
        expect(kit.standIn.stats().byCommand.insert).toBe(5);
      }
      await adapter.appendOutput('exec-1', []);
      expect(commandNames(commands)).toHaveLength(10);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    });

    it('the first append to an execution this process created is one insert at seq 0', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      await adapter.saveExecution({ id: 'fresh', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {}, created: new Date(0) });
      commands.length = 0;
      await adapter.appendOutput('fresh', ['first']);
      expect(commandNames(commands)).toStrictEqual(['insert']);
      expect(await adapter.getOutput('fresh')).toStrictEqual(['first']);
    });

    it('a created execution that already had output still appends after it', async () => {
      const url = kit.databaseUrl();
      const writer = kit.adapter(url);
      await writer.connect();
      await writer.appendOutput('early', ['before the save']);
      const { adapter, commands } = await kit.monitoredAdapter(url);
      await adapter.saveExecution({ id: 'early', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {}, created: new Date(0) });
      commands.length = 0;
      await adapter.appendOutput('early', ['after the save']);
      expect(commandNames(commands)).toStrictEqual(['insert', 'find', 'insert']);
      expect(await adapter.getOutput('early')).toStrictEqual(['before the save', 'after the save']);
    });

    it('concurrent appends from one adapter come back in call order', async () => {
      const adapter = await kit.connectedAdapter();
      const expected = Array.from({ length: 40 }, (_, i) => [`line ${i}a`, `line ${i}b`]);
      await Promise.all(expected.map((lines) => adapter.appendOutput('exec-1', lines)));
      expect(await adapter.getOutput('exec-1')).toStrictEqual(expected.flat());
    });

    it('an append after another process took its seq retries and lands after that process’s lines', async () => {
      const url = kit.databaseUrl();
      const first = kit.adapter(url);
      const second = kit.adapter(url);
      await first.connect();
      await second.connect();
      await first.appendOutput('exec-1', ['first 1']);
      await second.appendOutput('exec-1', ['second 1']);
      await second.appendOutput('exec-1', ['second 2']);
      await first.appendOutput('exec-1', ['first 2']);
      await second.appendOutput('exec-1', ['second 3']);
      expect(await first.getOutput('exec-1')).toStrictEqual(['first 1', 'second 1', 'second 2', 'first 2', 'second 3']);
    });

    it('two adapters appending to one execution at the same time lose nothing and keep each one’s order', async () => {
      const url = kit.databaseUrl();
      const processes = [kit.adapter(url), kit.adapter(url)];
      for (const adapter of processes) await adapter.connect();
      const perProcess = 25;
      await Promise.all(
        processes.map((adapter, p) =>
          Promise.all(Array.from({ length: perProcess }, (_, i) => adapter.appendOutput('exec-1', [`p${p} line ${i}`]))),
        ),
      );
      const lines = await processes[0].getOutput('exec-1');
      expect(lines).toHaveLength(2 * perProcess);
      for (let p = 0; p < processes.length; p++) {
        expect(lines.filter((line) => line.startsWith(`p${p} `))).toStrictEqual(
          Array.from({ length: perProcess }, (_, i) => `p${p} line ${i}`),
        );
      }
    });
  });
}
