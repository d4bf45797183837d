import { promises as fs } from 'node:fs';
import { withFileLock } from '../../src/repositories/file/file-lock';
import { HELD_APPENDERS, HELD_WRITTEN } from '../../src/repositories/file/open-files';
import type { Execution } from '../../src/types';
import { useConnectedFileBackends } from '../support/fixtures/file-adapters';
import { useTempDir } from '../support/fixtures/temp-folders';

/*
 * The step path's shortcuts (a set of the value held takes no lock, output files stay open, a file
 * this process wrote is known by its identity) never change an answer. A second store on the same
 * folder stands for another process: it shares nothing in memory with the first.
 */

function execution(id: string, word: string): Execution {
  return { id, programId: 'p1', state: 'RUNNING', pc: 3, stack: [word], variables: { word }, created: new Date('2024-01-01T00:00:00Z') };
}

describe('file backend step path', () => {
  const dir = useTempDir('cvm-step-');
  const open = useConnectedFileBackends(dir);

  it('sets the current execution to the id it holds without waiting for the lock, and waits for it to change it', async () => {
    const { adapter, store } = await open();
    await adapter.setCurrentExecutionId('e1');
    let releaseLock = (): void => undefined;
    const held = new Promise<void>((resolve) => (releaseLock = resolve));
    let locked = (): void => undefined;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = withFileLock(store.metadataPath, async () => {
      locked();
      await held;
    });
    await lockTaken;
    await adapter.setCurrentExecutionId('e1');
    let changed = false;
    const change = adapter.setCurrentExecutionId('e2').then(() => (changed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changed).toBe(false);
    releaseLock();
    await holder;
    await change;
    expect(await adapter.getCurrentExecutionId()).toBe('e2');
  });

  it('keeps a set of the held value after a pending change in call order', async () => {
    const { adapter } = await open();
    await adapter.setCurrentExecutionId('e1');
    await Promise.all([adapter.setCurrentExecutionId('e2'), adapter.setCurrentExecutionId('e1')]);
    expect(await adapter.getCurrentExecutionId()).toBe('e1');
  });

  it('reads a current execution another store changed, though this one wrote the file last', async () => {
    const one = await open();
    const other = await open();
    await one.adapter.setCurrentExecutionId('e1');
    await other.adapter.setCurrentExecutionId('e2');
    expect(await one.adapter.getCurrentExecutionId()).toBe('e2');
    await one.adapter.setCurrentExecutionId('e2');
    expect(await other.adapter.getCurrentExecutionId()).toBe('e2');
  });

  it('appends to the output file the path names now, after another store deleted or replaced it', async () => {
    const one = await open();
    const other = await open();
    await one.adapter.appendOutput('e1', ['a']);
    expect(one.store.appenders.size).toBe(1);
    await other.adapter.repositories.outputs.delete('e1');
    await one.adapter.appendOutput('e1', ['b']);
    expect(await other.adapter.getOutput('e1')).toEqual(['b']);

    const file = one.store.recordPath('outputs', 'e1', '.jsonl');
    const replacement = `${file}.new`;
    await fs.writeFile(replacement, '\n{"format":2,"lines":["x"]}');
    await fs.rename(replacement, file);
    await one.adapter.appendOutput('e1', ['c']);
    expect(await other.adapter.getOutput('e1')).toEqual(['x', 'c']);
  });

  it('refuses to append through a held descriptor once the file has another hard link', async () => {
    const { adapter, store } = await open();
    await adapter.appendOutput('e1', ['a']);
    const file = store.recordPath('outputs', 'e1', '.jsonl');
    await fs.link(file, `${file}.elsewhere`);
    await expect(adapter.appendOutput('e1', ['b'])).rejects.toThrow(/hard links/);
    expect(await adapter.getOutput('e1')).toEqual(['a']);
  });

  it(`holds at most ${HELD_APPENDERS} output files and ${HELD_WRITTEN} written files open across stores, and none once disconnected`, async () => {
    const one = await open();
    const other = await open();
    const ids = Array.from({ length: HELD_APPENDERS + 4 }, (_, index) => `e${index}`);
    for (const [index, id] of ids.entries()) {
      const { adapter } = index % 2 === 0 ? one : other;
      await adapter.appendOutput(id, ['line']);
      await adapter.saveExecution(execution(id, 'alpha'));
    }
    expect(one.store.appenders.size + other.store.appenders.size).toBe(HELD_APPENDERS);
    expect(one.store.written.size + other.store.written.size).toBe(HELD_WRITTEN);
    for (const id of ids) expect(await one.adapter.getOutput(id)).toEqual(['line']);
    await one.adapter.disconnect();
    expect(one.store.appenders.size + one.store.written.size).toBe(0);
  });

  it('reads and revises a record another store saved right after this one, with the same size', async () => {
    const one = await open();
    const other = await open();
    await one.adapter.saveExecution(execution('e1', 'alpha'));
    expect((await one.adapter.getExecution('e1'))?.variables.word).toBe('alpha');
    await other.adapter.saveExecution(execution('e1', 'omega'));
    await other.adapter.saveExecution(execution('e1', 'gamma'));
    expect((await one.adapter.getExecution('e1'))?.variables.word).toBe('gamma');
    const { revision } = (await other.adapter.readExecution('e1'))!;
    // The unfenced save counts from the revision on disk, not the one this store wrote.
    await one.adapter.saveExecution(execution('e1', 'delta'));
    expect(await other.adapter.readExecution('e1')).toMatchObject({ revision: revision + 1, execution: { variables: { word: 'delta' } } });
  });

  it('answers a record this store wrote from what it wrote, and reads the file again when it is gone', async () => {
    const { adapter, store } = await open();
    await adapter.saveExecution(execution('e1', 'alpha'));
    const hits = store.cache.hits;
    expect((await adapter.getExecution('e1'))?.variables.word).toBe('alpha');
    expect(store.cache.hits).toBe(hits + 1);
    await fs.rm(store.recordPath('executions', 'e1'));
    expect(await adapter.getExecution('e1')).toBeNull();
    expect(store.written.size).toBe(0);
  });

  it('reads the disk every time with the cache off', async () => {
    const { adapter, store } = await open({ cacheBytes: 0 });
    await adapter.saveExecution(execution('e1', 'alpha'));
    await adapter.setCurrentExecutionId('e1');
    expect(store.written.size).toBe(0);
    expect((await adapter.getExecution('e1'))?.variables.word).toBe('alpha');
    expect(store.cache.hits).toBe(0);
  });
});
