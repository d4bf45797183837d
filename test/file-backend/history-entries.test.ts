import diagnosticsChannel from 'node:diagnostics_channel';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { FENCED_SAVE_CHANNEL } from '../../src/repositories/fenced-save-events';
import { recordText } from '../../src/repositories/file/stored-revision';
import { executionCodec } from '../../src/repositories/record-format';
import { makeFullExecution, useTempDir } from '../support/fixtures';

/** How a history save on files keeps its entry: the record file it wrote, hard-linked (file-history-repository.ts). */
describe('file backend: history entries', () => {
  const dir = useTempDir('cvm-history-entries-');
  const recordFile = () => path.join(dir(), 'executions', 'exec-1.json');
  const entryFile = (revision: number) => path.join(dir(), 'history', 'exec-1', `${revision}.json`);

  async function steps(adapter: FileStorageAdapter, count: number): Promise<number> {
    await adapter.createExecution(makeFullExecution({ id: 'exec-1', pc: 0 }));
    for (let pc = 1; pc <= count; pc++) {
      await adapter.appendOutput('exec-1', [`line ${pc}`]);
      await adapter.saveExecution(makeFullExecution({ id: 'exec-1', pc }));
    }
    return (await adapter.readExecution('exec-1'))!.revision;
  }

  it.each([
    ['the read cache on', {}],
    ['the read cache off', { cacheBytes: 0 }],
  ])('with %s, the entry of a save is the record file it wrote, holding the output length, and reads back as saved after reopening', async (_name, options) => {
    const adapter = new FileStorageAdapter(dir(), { durability: 'relaxed', history: { keep: 'all' }, ...options });
    await adapter.connect();
    const revision = await steps(adapter, 3);
    await adapter.disconnect();
    expect(statSync(entryFile(revision)).ino).toBe(statSync(recordFile()).ino);
    expect(JSON.parse(readFileSync(recordFile(), 'utf8'))).toMatchObject({ revision, outputLength: 3 });
    const reopened = new FileStorageAdapter(dir(), { history: { keep: 'all' }, ...options });
    await reopened.connect();
    for (let pc = 0; pc <= 3; pc++) {
      expect(await reopened.readExecution('exec-1', { revision: revision - 3 + pc })).toStrictEqual({ execution: makeFullExecution({ id: 'exec-1', pc }), revision: revision - 3 + pc });
    }
    expect((await reopened.listExecutionRevisions('exec-1')).revisions.map(({ pc, outputLength }) => [pc, outputLength])).toStrictEqual([3, 2, 1, 0].map((pc) => [pc, pc]));
    await reopened.disconnect();
  });

  it('when another writer’s file takes the record’s path between the write and the link, the entry is written from the state this save wrote', async () => {
    const adapter = new FileStorageAdapter(dir(), { durability: 'relaxed', history: { keep: 'all' } });
    await adapter.connect();
    const before = await steps(adapter, 1);
    const foreign = makeFullExecution({ id: 'exec-1', pc: 99 });
    let armed = true;
    // Runs synchronously right after the record is written, before its link: an unfenced save of another process, by rename.
    const replace = (message: unknown): void => {
      if (!armed || (message as { phase?: unknown }).phase !== 'written') return;
      armed = false;
      const temp = `${recordFile()}.foreign`;
      writeFileSync(temp, recordText(executionCodec.toDocument(foreign), before + 1));
      renameSync(temp, recordFile());
    };
    diagnosticsChannel.subscribe(FENCED_SAVE_CHANNEL, replace);
    try {
      await adapter.saveExecution(makeFullExecution({ id: 'exec-1', pc: 2 }));
    } finally {
      diagnosticsChannel.unsubscribe(FENCED_SAVE_CHANNEL, replace);
    }
    expect(armed).toBe(false);
    expect(statSync(entryFile(before + 1)).ino).not.toBe(statSync(recordFile()).ino);
    expect(JSON.parse(readFileSync(entryFile(before + 1), 'utf8'))).toMatchObject({ revision: before + 1, outputLength: 1, execution: { pc: 2 } });
    expect(await adapter.readExecution('exec-1', { revision: before + 1 })).toStrictEqual({ execution: makeFullExecution({ id: 'exec-1', pc: 2 }), revision: before + 1 });
    expect((await adapter.readExecution('exec-1'))?.execution).toStrictEqual(foreign);
    await adapter.disconnect();
  });
});
