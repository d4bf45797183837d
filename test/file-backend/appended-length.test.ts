import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { backendOf } from '../../src/adapters/repository-storage-adapter';
import { makeFullExecution, useTempDir } from '../support/fixtures';

/**
 * The length an append leaves, known without reading the log when the append started at a size
 * whose length this process counted (known-lengths.ts): what a history save records as the output
 * length after the step's append.
 */
describe('file backend: the output length an append leaves', () => {
  const dir = useTempDir('cvm-appended-length-');
  const log = () => path.join(dir(), 'outputs', 'exec-1.jsonl');
  const adapters: FileStorageAdapter[] = [];
  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((adapter) => adapter.disconnect()));
  });
  async function open(options: ConstructorParameters<typeof FileStorageAdapter>[1] = {}) {
    const adapter = new FileStorageAdapter(dir(), { durability: 'relaxed', ...options });
    adapters.push(adapter);
    await adapter.connect();
    const outputs = backendOf(adapter)!.outputs;
    return { adapter, outputs };
  }

  it('is known after a length read, carried by each append, and handed out once', async () => {
    const { adapter, outputs } = await open();
    await adapter.appendOutput('exec-1', ['a']);
    expect(outputs.takeAppendedLength('exec-1')).toBeUndefined();
    expect(await outputs.length('exec-1')).toBe(1);
    await adapter.appendOutput('exec-1', ['b', 'c']);
    await adapter.appendOutput('exec-1', ['d']);
    expect(outputs.takeAppendedLength('exec-1')).toBe(4);
    expect(outputs.takeAppendedLength('exec-1')).toBeUndefined();
    expect(await adapter.getOutput('exec-1')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('is not known when another writer appended in between, nor after a delete, nor with the read cache off', async () => {
    const { adapter, outputs } = await open();
    const other = await open();
    await adapter.appendOutput('exec-1', ['a']);
    expect(await outputs.length('exec-1')).toBe(1);
    await other.adapter.appendOutput('exec-1', ['b']);
    await adapter.appendOutput('exec-1', ['c']);
    expect(outputs.takeAppendedLength('exec-1')).toBeUndefined();
    expect(await outputs.length('exec-1')).toBe(3);
    await outputs.delete('exec-1');
    await adapter.appendOutput('exec-1', ['d']);
    expect(outputs.takeAppendedLength('exec-1')).toBeUndefined();

    const uncached = await open({ cacheBytes: 0 });
    expect(await uncached.outputs.length('exec-1')).toBe(1);
    await uncached.adapter.appendOutput('exec-1', ['e']);
    expect(uncached.outputs.takeAppendedLength('exec-1')).toBeUndefined();
  });

  it('is not learnt from a log whose last record is not as this library writes it', async () => {
    const { adapter, outputs } = await open();
    await adapter.appendOutput('exec-1', ['a']);
    appendFileSync(log(), '\n{"format":2, "lines":["b"]}');
    expect(await outputs.length('exec-1')).toBe(2);
    await adapter.appendOutput('exec-1', ['c']);
    expect(outputs.takeAppendedLength('exec-1')).toBeUndefined();
    expect(await adapter.getOutput('exec-1')).toEqual(['a', 'b', 'c']);
  });

  it('gives each history entry the output length its step left, with another writer appending between steps', async () => {
    const { adapter } = await open({ history: { keep: 'all' } });
    const other = await open();
    await adapter.createExecution(makeFullExecution({ id: 'exec-1', pc: 0 }));
    for (let pc = 1; pc <= 4; pc++) {
      if (pc === 3) await other.adapter.appendOutput('exec-1', ['other']);
      await adapter.appendOutput('exec-1', [`line ${pc}`]);
      await adapter.saveExecution(makeFullExecution({ id: 'exec-1', pc }));
    }
    const listed = (await adapter.listExecutionRevisions('exec-1')).revisions.map(({ pc, outputLength }) => [pc, outputLength]);
    expect(listed).toStrictEqual([[4, 5], [3, 4], [2, 2], [1, 1], [0, 0]]);
  });
});
