import { mongoTargets } from '../support/fixtures/mongo-target';
import type { CommandSucceededEvent } from 'mongodb';
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
        { format: 2, executionId: 'exec-1', seq: 0, first: 0, end: 2, lines: ['a', 'b'] },
        { format: 2, executionId: 'exec-1', seq: 1, first: 2, end: 3, lines: ['c'] },
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

    it('first and end count on across appends from two adapters, also after a seq conflict and a delete', async () => {
      const url = kit.databaseUrl();
      const first = kit.adapter(url);
      const second = kit.adapter(url);
      await first.connect();
      await second.connect();
      await first.saveExecution({ id: 'exec-1', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {}, created: new Date(0) });
      await first.appendOutput('exec-1', ['f1', 'f2']); // seq 0 unasked
      await second.appendOutput('exec-1', ['s1']);
      await first.appendOutput('exec-1', ['f3', 'f4', 'f5']);
      await Promise.all([first.appendOutput('exec-1', ['a']), second.appendOutput('exec-1', ['b', 'c'])]); // one retries
      const bounds = async () =>
        (await kit.client.db(databaseNameOf(url)).collection('output_chunks').find({ executionId: 'exec-1' }).sort({ seq: 1 }).toArray()).map(
          ({ seq, first: from, end, lines }) => [seq, from, end, (lines as string[]).length],
        );
      const chunks = await bounds();
      let next = 0;
      for (const [, from, end, count] of chunks) {
        expect([from, end]).toStrictEqual([next, next + (count as number)]);
        next = end as number;
      }
      expect(next).toBe(9);
      expect(await second.getOutputLength('exec-1')).toBe(9);
      expect(await second.getOutput('exec-1', { from: 2, limit: 5 })).toStrictEqual((await first.getOutput('exec-1')).slice(2, 7));
      await second.deleteExecution('exec-1');
      await first.appendOutput('exec-1', ['again']);
      expect(await bounds()).toStrictEqual([[0, 0, 1, 1]]);
    });

    it('a range read fetches only the chunks that overlap the range, in one query; a length is one query', async () => {
      const { adapter, dataSource, commands } = await kit.monitoredAdapter();
      const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
      for (let i = 0; i < lines.length; i += 10) await adapter.appendOutput('exec-1', lines.slice(i, i + 10));
      const returned: number[] = [];
      dataSource.mongoManager.mongoQueryRunner.databaseConnection.on('commandSucceeded', (event: CommandSucceededEvent) => {
        const cursor = (event.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } }).cursor;
        if (cursor !== undefined) returned.push((cursor.firstBatch ?? cursor.nextBatch ?? []).length);
      });
      commands.length = 0;
      expect(await adapter.getOutputLength('exec-1')).toBe(1000);
      expect(commandNames(commands)).toStrictEqual(['find']);
      expect(returned).toStrictEqual([1]);

      commands.length = 0;
      returned.length = 0;
      expect(await adapter.getOutput('exec-1', { from: 900 })).toStrictEqual(lines.slice(900));
      expect(commandNames(commands)).toStrictEqual(['find']);
      expect(returned).toStrictEqual([10]);

      commands.length = 0;
      returned.length = 0;
      expect(await adapter.getOutput('exec-1', { from: 455, limit: 12 })).toStrictEqual(lines.slice(455, 467));
      expect(commandNames(commands)).toStrictEqual(['find']);
      expect(returned).toStrictEqual([2]); // lines 450-459 and 460-469

      commands.length = 0;
      expect(await adapter.getOutput('exec-1', { from: 5, limit: 0 })).toStrictEqual([]);
      expect(commandNames(commands)).toStrictEqual([]);
    });

    it('an execution whose output began in format 1 (chunks without first and end) keeps reading every chunk for ranges and lengths', async () => {
      const url = kit.databaseUrl();
      const chunks = kit.client.db(databaseNameOf(url)).collection('output_chunks');
      const created = new Date(0);
      await chunks.insertMany([
        { executionId: 'old', seq: 0, lines: ['a', 'b'], created },
        { executionId: 'old', seq: 1, lines: ['c'], created },
      ]);
      const adapter = kit.adapter(url);
      await adapter.connect();
      expect(await adapter.getOutputLength('old')).toBe(3);
      expect(await adapter.getOutput('old', { from: 1, limit: 1 })).toStrictEqual(['b']);
      await adapter.appendOutput('old', ['d', 'e']);
      const added = await chunks.findOne({ executionId: 'old', seq: 2 }, { projection: { _id: 0, created: 0 } });
      expect(added).toStrictEqual({ format: 2, executionId: 'old', seq: 2, lines: ['d', 'e'] });
      expect(await adapter.getOutputLength('old')).toBe(5);
      expect(await adapter.getOutput('old', { from: 2 })).toStrictEqual(['c', 'd', 'e']);
      expect(await adapter.getOutput('old', { from: 5 })).toStrictEqual([]);
      expect(await adapter.getOutput('old')).toStrictEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('a chunk whose end does not match its lines is a CorruptRecordError', async () => {
      const url = kit.databaseUrl();
      const chunks = kit.client.db(databaseNameOf(url)).collection('output_chunks');
      await chunks.insertOne({ format: 2, executionId: 'bad', seq: 0, first: 0, end: 5, lines: ['a'], created: new Date(0) });
      const adapter = kit.adapter(url);
      await adapter.connect();
      await expect(adapter.getOutput('bad', { from: 0 })).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
      await chunks.updateOne({ executionId: 'bad' }, { $set: { end: 'x' } });
      await expect(adapter.getOutputLength('bad')).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    });
  });
}
