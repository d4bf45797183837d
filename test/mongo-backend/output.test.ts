import { mongoTargets } from '../support/fixtures/mongo-target';
import type { CommandSucceededEvent } from 'mongodb';
import { commandNames, commandNamesWithoutIndexChecks, databaseNameOf, useMongoKit, useStandIn } from '../support/fixtures/mongo';
import { BUCKET_BYTES, BUCKET_LINES } from '../../src/repositories/mongodb/output-buckets';

for (const target of mongoTargets()) {
  describe(`MongoDB output chunks on ${target.name}`, () => {
    const kit = useMongoKit(target);

    it('stores appends in one open chunk, numbered from seq 0, counting its lines', async () => {
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
        .find({ executionId: 'exec-1' }, { projection: { _id: 0, created: 0, mark: 0, bytes: 0 } })
        .sort({ seq: 1 })
        .toArray();
      expect(chunks).toStrictEqual(
        adapter.connection.atomicUpdates
          ? [{ format: 2, executionId: 'exec-1', seq: 0, first: 0, end: 3, n: 3, open: true, lines: ['a', 'b', 'c'] }]
          : [
              { format: 2, executionId: 'exec-1', seq: 0, first: 0, end: 2, n: 2, lines: ['a', 'b'] },
              { format: 2, executionId: 'exec-1', seq: 1, first: 2, end: 3, n: 1, lines: ['c'] },
            ],
      );
    });

    it('an append is one update while this process knows the open chunk; the first in a process reads it first', async () => {
      const url = kit.databaseUrl();
      const { adapter, commands } = await kit.monitoredAdapter(url);
      commands.length = 0;
      kit.standIn?.resetStats();
      for (let i = 0; i < 5; i++) await adapter.appendOutput('exec-1', [`line ${i}`]);
      // Without atomic filtered updates every append reads the last chunk and inserts the next.
      const pushes = adapter.connection.atomicUpdates;
      const eachAppend = (...commands: string[]) => (pushes ? commands : ['find', 'insert']);
      expect(commandNamesWithoutIndexChecks(commands)).toStrictEqual(['find', 'insert', ...[1, 2, 3, 4].flatMap(() => eachAppend('update'))]);
      if (kit.standIn) expect(kit.standIn.stats().total - (kit.standIn.stats().byCommand.listIndexes ?? 0)).toBe(6);
      await adapter.appendOutput('exec-1', []);
      expect(commandNamesWithoutIndexChecks(commands)).toHaveLength(pushes ? 6 : 10);
      const other = await kit.monitoredAdapter(url);
      other.commands.length = 0;
      await other.adapter.appendOutput('exec-1', ['elsewhere 1']);
      await other.adapter.appendOutput('exec-1', ['elsewhere 2']);
      expect(commandNamesWithoutIndexChecks(other.commands)).toStrictEqual(pushes ? ['find', 'update', 'update'] : ['find', 'insert', 'find', 'insert']);
      commands.length = 0;
      await adapter.appendOutput('exec-1', ['line 5']);
      // Its open chunk gained lines elsewhere: the update matches nothing, it reads and pushes again.
      expect(commandNamesWithoutIndexChecks(commands)).toStrictEqual(eachAppend('update', 'find', 'update'));
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'elsewhere 1', 'elsewhere 2', 'line 5']);
    });

    it('the first append to an execution this process created is one insert at seq 0', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      await adapter.saveExecution({ id: 'fresh', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {}, created: new Date(0) });
      commands.length = 0;
      await adapter.appendOutput('fresh', ['first']);
      expect(commandNamesWithoutIndexChecks(commands)).toStrictEqual(['insert']);
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
      expect(commandNamesWithoutIndexChecks(commands)).toStrictEqual(['insert', 'find', adapter.connection.atomicUpdates ? 'update' : 'insert']);
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

    it('a full open chunk is closed before the next is inserted: one open chunk, the last, each within the limits', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      const lines = Array.from({ length: 2 * BUCKET_LINES + 500 }, (_, i) => `line ${i}`);
      for (let i = 0; i < lines.length; i += 1000) await adapter.appendOutput('exec-1', lines.slice(i, i + 1000));
      const chunks = await kit.client.db(databaseNameOf(url)).collection('output_chunks').find({ executionId: 'exec-1' }).sort({ seq: 1 }).toArray();
      expect(chunks.map(({ seq, first, end, n, open }) => [seq, first, end, n, open])).toStrictEqual(
        adapter.connection.atomicUpdates
          ? [
              [0, 0, 4000, 4000, undefined],
              [1, 4000, 8000, 4000, undefined],
              [2, 8000, 8692, 692, true],
            ]
          : Array.from({ length: 9 }, (_, seq) => [seq, seq * 1000, Math.min(seq * 1000 + 1000, 8692), Math.min(1000, 8692 - seq * 1000), undefined]),
      );
      for (const chunk of chunks) expect(chunk.lines).toStrictEqual(lines.slice(chunk.first as number, chunk.end as number));
      expect(await adapter.getOutput('exec-1')).toStrictEqual(lines);
    });

    it('lines too many for one chunk go into a closed chunk of their own, and appends after them open the next', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      const many = Array.from({ length: BUCKET_LINES + 1 }, (_, i) => `many ${i}`);
      const long = ['x'.repeat(BUCKET_BYTES / 3 + 1)];
      await adapter.appendOutput('exec-1', ['before']);
      await adapter.appendOutput('exec-1', many);
      await adapter.appendOutput('exec-1', long);
      await adapter.appendOutput('exec-1', ['after']);
      const chunks = await kit.client.db(databaseNameOf(url)).collection('output_chunks').find({ executionId: 'exec-1' }).sort({ seq: 1 }).toArray();
      expect(chunks.map(({ seq, first, n, open }) => [seq, first, n, open])).toStrictEqual([
        [0, 0, 1, undefined],
        [1, 1, BUCKET_LINES + 1, undefined],
        [2, BUCKET_LINES + 2, 1, undefined],
        [3, BUCKET_LINES + 3, 1, adapter.connection.atomicUpdates ? true : undefined],
      ]);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['before', ...many, ...long, 'after']);
    });

    it('appends after chunks of the one-chunk-per-append layout follow them, and mixed chunks read back exactly', async () => {
      const url = kit.databaseUrl();
      const chunks = kit.client.db(databaseNameOf(url)).collection('output_chunks');
      const created = new Date(0);
      await chunks.insertMany([
        { format: 2, executionId: 'mixed', seq: 0, first: 0, end: 2, lines: ['a', 'b'], created },
        { format: 2, executionId: 'mixed', seq: 1, first: 2, end: 3, lines: [{ str: JSON.stringify('\ud800') }], created },
      ]);
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.appendOutput('mixed', ['d']);
      await adapter.appendOutput('mixed', ['e', 'f']);
      const added = await chunks.find({ executionId: 'mixed', seq: { $gte: 2 } }, { projection: { _id: 0, created: 0, mark: 0, bytes: 0 } }).sort({ seq: 1 }).toArray();
      expect(added).toStrictEqual(
        adapter.connection.atomicUpdates
          ? [{ format: 2, executionId: 'mixed', seq: 2, first: 3, end: 6, n: 3, open: true, lines: ['d', 'e', 'f'] }]
          : [
              { format: 2, executionId: 'mixed', seq: 2, first: 3, end: 4, n: 1, lines: ['d'] },
              { format: 2, executionId: 'mixed', seq: 3, first: 4, end: 6, n: 2, lines: ['e', 'f'] },
            ],
      );
      const all = ['a', 'b', '\ud800', 'd', 'e', 'f'];
      expect(await adapter.getOutput('mixed')).toStrictEqual(all);
      expect(await adapter.getOutputLength('mixed')).toBe(6);
      for (let from = 0; from <= 6; from++) {
        for (let limit = 0; limit <= 6 - from; limit++) expect(await adapter.getOutput('mixed', { from, limit })).toStrictEqual(all.slice(from, from + limit));
      }
    });

    it('a range read fetches only the chunks that overlap the range, in one query; a length is one query', async () => {
      const { adapter, dataSource, commands } = await kit.monitoredAdapter();
      const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i}`);
      // Chunks of 4000, 4000 and 2000 lines.
      for (let i = 0; i < lines.length; i += 1000) await adapter.appendOutput('exec-1', lines.slice(i, i + 1000));
      const returned: number[] = [];
      dataSource.mongoManager.mongoQueryRunner.databaseConnection.on('commandSucceeded', (event: CommandSucceededEvent) => {
        const cursor = (event.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } }).cursor;
        if (cursor !== undefined) returned.push((cursor.firstBatch ?? cursor.nextBatch ?? []).length);
      });
      commands.length = 0;
      expect(await adapter.getOutputLength('exec-1')).toBe(10_000);
      expect(commandNames(commands)).toStrictEqual(['find']);
      expect(returned).toStrictEqual([1]);

      commands.length = 0;
      returned.length = 0;
      expect(await adapter.getOutput('exec-1', { from: 9000 })).toStrictEqual(lines.slice(9000));
      expect(commandNames(commands)).toStrictEqual(['find']);
      expect(returned).toStrictEqual([1]);

      commands.length = 0;
      returned.length = 0;
      expect(await adapter.getOutput('exec-1', { from: 3990, limit: 20 })).toStrictEqual(lines.slice(3990, 4010));
      expect(commandNames(commands)).toStrictEqual(['find']);
      expect(returned).toStrictEqual([2]); // lines 0-3999 and 4000-7999

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
      const added = await chunks.findOne({ executionId: 'old', seq: 2 }, { projection: { _id: 0, created: 0, mark: 0, bytes: 0 } });
      const pushes = adapter.connection.atomicUpdates;
      expect(added).toStrictEqual({ format: 2, executionId: 'old', seq: 2, n: 2, ...(pushes ? { open: true } : {}), lines: ['d', 'e'] });
      await adapter.appendOutput('old', ['f']);
      expect(await chunks.countDocuments({ executionId: 'old' })).toBe(pushes ? 3 : 4);
      expect(await adapter.getOutputLength('old')).toBe(6);
      expect(await adapter.getOutput('old', { from: 2 })).toStrictEqual(['c', 'd', 'e', 'f']);
      expect(await adapter.getOutput('old', { from: 6 })).toStrictEqual([]);
      expect(await adapter.getOutput('old')).toStrictEqual(['a', 'b', 'c', 'd', 'e', 'f']);
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

describe('MongoDB output on a server without atomic filtered updates (as FerretDB 1.x), on the stand-in', () => {
  const kit = useStandIn('standalone');

  async function nonAtomic(url: string) {
    const monitored = await kit.monitoredAdapter(url);
    monitored.adapter.connection.atomicUpdates = false;
    return monitored;
  }

  it('each append reads the last chunk and inserts a closed chunk after it, never pushing', async () => {
    const url = kit.databaseUrl();
    const { adapter, commands } = await nonAtomic(url);
    commands.length = 0;
    for (let i = 0; i < 3; i++) await adapter.appendOutput('exec-1', [`line ${i}`]);
    expect(commandNamesWithoutIndexChecks(commands)).toStrictEqual(['find', 'insert', 'find', 'insert', 'find', 'insert']);
    const chunks = await kit.client.db(databaseNameOf(url)).collection('output_chunks').find({ executionId: 'exec-1' }).sort({ seq: 1 }).toArray();
    expect(chunks.map(({ seq, first, n, open }) => [seq, first, n, open])).toStrictEqual([
      [0, 0, 1, undefined],
      [1, 1, 1, undefined],
      [2, 2, 1, undefined],
    ]);
  });

  it('an open chunk another writer left is closed first, and appends follow it', async () => {
    const url = kit.databaseUrl();
    const pushing = kit.adapter(url);
    await pushing.connect();
    await pushing.appendOutput('exec-1', ['pushed 1']);
    await pushing.appendOutput('exec-1', ['pushed 2']);
    const { adapter } = await nonAtomic(url);
    await adapter.appendOutput('exec-1', ['inserted']);
    await pushing.appendOutput('exec-1', ['pushed 3']);
    const chunks = await kit.client.db(databaseNameOf(url)).collection('output_chunks').find({ executionId: 'exec-1' }).sort({ seq: 1 }).toArray();
    expect(chunks.map(({ seq, n, open }) => [seq, n, open])).toStrictEqual([
      [0, 2, undefined],
      [1, 1, undefined],
      [2, 1, true],
    ]);
    expect(await adapter.getOutput('exec-1')).toStrictEqual(['pushed 1', 'pushed 2', 'inserted', 'pushed 3']);
  });

  it('two such adapters appending at the same time lose nothing and keep each one’s order', async () => {
    const url = kit.databaseUrl();
    const processes = [(await nonAtomic(url)).adapter, (await nonAtomic(url)).adapter];
    await Promise.all(processes.map((adapter, p) => Promise.all(Array.from({ length: 20 }, (_, i) => adapter.appendOutput('exec-1', [`p${p} line ${i}`])))));
    const lines = await processes[0].getOutput('exec-1');
    expect(lines).toHaveLength(40);
    for (let p = 0; p < 2; p++) expect(lines.filter((line) => line.startsWith(`p${p} `))).toStrictEqual(Array.from({ length: 20 }, (_, i) => `p${p} line ${i}`));
  });
});
