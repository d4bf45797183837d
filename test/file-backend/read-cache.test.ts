import { promises as fs } from 'node:fs';
import type { FileStore } from '../../src/repositories/file/file-store';
import type { CVMArray, CVMObject, Execution, Program } from '../../src/types';
import { useConnectedFileBackends } from '../support/fixtures/file-adapters';
import { useTempDir } from '../support/fixtures/temp-folders';

/*
 * The cache is observed through its one visible effect: a file changed in place with its
 * identity (inode, size, modification time) put back is still answered from the cache, while a
 * file with a new identity is read again. Files are given an old, whole-second modification time,
 * which Node can set exactly, so they count as settled.
 */
const OLD = new Date('2020-01-01T00:00:00Z');
const LATER = new Date('2021-01-01T00:00:00Z');

function execution(id: string, word: string): Execution {
  return {
    id,
    programId: 'p1',
    state: 'RUNNING',
    pc: 3,
    stack: [1, { type: 'array', elements: [word] }],
    variables: { word, deep: { type: 'object', properties: { list: { type: 'array', elements: [1, 2, 3] } } } },
    created: new Date('2024-01-01T00:00:00Z'),
  };
}

describe('file backend read cache', () => {
  const dir = useTempDir('cvm-cache-');
  const open = useConnectedFileBackends(dir);

  const fileOf = (store: FileStore, id: string): string => store.recordPath('executions', id);

  /** Replaces `from` by `to` (same length) inside the file, keeping its inode, size and time. */
  async function rewriteInPlace(file: string, from: string, to: string, time = OLD): Promise<void> {
    const text = await fs.readFile(file, 'utf8');
    expect(text.includes(from) && from.length === to.length).toBe(true);
    const { ino } = await fs.stat(file);
    await fs.writeFile(file, text.split(from).join(to), { flag: 'r+' });
    await fs.utimes(file, time, time);
    expect((await fs.stat(file)).ino).toBe(ino);
  }

  it('answers a file whose identity is unchanged from the cache, and reads it again once it changes', async () => {
    const { adapter, store } = await open();
    await adapter.saveExecution(execution('e1', 'alpha'));
    await fs.utimes(fileOf(store, 'e1'), OLD, OLD);
    expect((await adapter.getExecution('e1'))?.variables.word).toBe('alpha');

    await rewriteInPlace(fileOf(store, 'e1'), 'alpha', 'omega');
    expect((await adapter.getExecution('e1'))?.variables.word).toBe('alpha');
    expect(store.cache.hits).toBe(1);

    // Same inode and size, another modification time: read again.
    await fs.utimes(fileOf(store, 'e1'), LATER, LATER);
    expect((await adapter.getExecution('e1'))?.variables.word).toBe('omega');
  });

  it('reads a file again after another store (as another process would) replaced it with one of the same size', async () => {
    const { adapter, store } = await open();
    const other = await open();
    await adapter.saveExecution(execution('e1', 'alpha'));
    await fs.utimes(fileOf(store, 'e1'), OLD, OLD);
    await adapter.getExecution('e1');
    await other.adapter.saveExecution(execution('e1', 'omega'));
    await fs.utimes(fileOf(store, 'e1'), OLD, OLD); // same size and time: only the inode differs
    expect((await adapter.getExecution('e1'))?.variables.word).toBe('omega');
  });

  it('hands out copies: mutating what a get returned changes nothing for the next get', async () => {
    const { adapter, store } = await open();
    const saved = execution('e1', 'alpha');
    const program: Program = { id: 'p1', name: 'n', source: 's', bytecode: [{ op: 'PUSH', arg: { a: [1] } }], created: new Date('2024-01-01T00:00:00Z') };
    await adapter.saveExecution(saved);
    await adapter.saveProgram(program);
    await fs.utimes(fileOf(store, 'e1'), OLD, OLD);
    await fs.utimes(store.recordPath('programs', 'p1'), OLD, OLD);

    for (let round = 0; round < 2; round++) {
      const got = (await adapter.getExecution('e1'))!;
      expect(got).toEqual(saved);
      got.variables.word = 'changed';
      ((got.variables.deep as CVMObject).properties.list as CVMArray).elements.push(4);
      (got.stack[1] as CVMArray).elements[0] = 'changed';
      got.stack.push(99);
      got.created.setUTCFullYear(1999);

      const gotProgram = (await adapter.getProgram('p1'))!;
      expect(gotProgram).toEqual(program);
      (gotProgram.bytecode[0].arg as { a: number[] }).a.push(2);
      gotProgram.bytecode.push({ op: 'HALT' });
    }
    expect(store.cache.hits).toBe(2);
  });

  it('keeps an own "__proto__" key an own key when answering from the cache', async () => {
    const { adapter, store } = await open();
    const record = execution('e1', 'alpha');
    record.variables = JSON.parse('{"__proto__":{"polluted":true},"x":1}') as Execution['variables'];
    await adapter.saveExecution(record);
    await fs.utimes(fileOf(store, 'e1'), OLD, OLD);
    for (let round = 0; round < 2; round++) {
      const { variables } = (await adapter.getExecution('e1'))!;
      expect(Object.hasOwn(variables, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(variables)).toBe(Object.prototype);
      expect(variables.__proto__).toEqual({ polluted: true });
    }
    expect(store.cache.hits).toBe(1);
  });

  it('holds at most cacheBytes of file bytes, dropping the least recently used files first', async () => {
    const ids = ['e1', 'e2', 'e3', 'e4', 'e5'];
    const probe = await open({ cacheBytes: 0 });
    await probe.adapter.saveExecution(execution('e0', 'alpha'));
    const size = (await fs.stat(fileOf(probe.store, 'e0'))).size;
    const { adapter, store } = await open({ cacheBytes: Math.floor(size * 2.5) });

    for (const id of ids) {
      await adapter.saveExecution(execution(id, 'alpha'));
      await fs.utimes(fileOf(store, id), OLD, OLD);
    }
    for (const id of ids) await adapter.getExecution(id);
    expect(store.cache.usage).toEqual({ files: 2, bytes: 2 * size });

    for (const id of ids) await rewriteInPlace(fileOf(store, id), 'alpha', 'omega');
    const words = [];
    for (const id of ['e5', 'e4', 'e1']) words.push((await adapter.getExecution(id))?.variables.word);
    // e4 and e5 were cached; e1 was dropped, so it is read as it is now.
    expect(words).toEqual(['alpha', 'alpha', 'omega']);
    expect(store.cache.usage.bytes).toBeLessThanOrEqual(Math.floor(size * 2.5));
  });

  it('does not keep a file larger than the whole bound', async () => {
    const { adapter, store } = await open({ cacheBytes: 100 });
    await adapter.saveExecution(execution('e1', 'alpha'));
    await fs.utimes(fileOf(store, 'e1'), OLD, OLD);
    await adapter.getExecution('e1');
    expect(store.cache.usage).toEqual({ files: 0, bytes: 0 });
  });

  it('with cacheBytes 0 keeps nothing and reads every time', async () => {
    const { adapter, store } = await open({ cacheBytes: 0 });
    await adapter.saveExecution(execution('e1', 'alpha'));
    await fs.utimes(fileOf(store, 'e1'), OLD, OLD);
    expect((await adapter.getExecution('e1'))?.variables.word).toBe('alpha');
    await rewriteInPlace(fileOf(store, 'e1'), 'alpha', 'omega');
    expect((await adapter.getExecution('e1'))?.variables.word).toBe('omega');
    expect(store.cache.usage).toEqual({ files: 0, bytes: 0 });
    expect(store.cache.hits).toBe(0);
  });

  it('does not keep a file modified within the last SETTLED_AFTER_MS, whose time may not tell versions apart', async () => {
    const { adapter, store } = await open();
    await adapter.saveExecution(execution('e1', 'alpha'));
    await adapter.getExecution('e1');
    expect(store.cache.usage.files).toBe(0);
    await fs.utimes(fileOf(store, 'e1'), OLD, OLD);
    await adapter.getExecution('e1');
    expect(store.cache.usage.files).toBe(1);
  });

  it('lists from the cache, reading again only the files whose identity changed', async () => {
    const { adapter, store } = await open();
    for (const id of ['e1', 'e2', 'e3']) {
      await adapter.saveExecution(execution(id, 'alpha'));
      await fs.utimes(fileOf(store, id), OLD, OLD);
    }
    await adapter.listExecutions();
    for (const id of ['e1', 'e2', 'e3']) await rewriteInPlace(fileOf(store, id), 'alpha', 'omega');
    await fs.utimes(fileOf(store, 'e2'), LATER, LATER);
    const listed = await adapter.listExecutions();
    expect(listed.map((e) => [e.id, e.variables.word])).toEqual([
      ['e1', 'alpha'],
      ['e2', 'omega'],
      ['e3', 'alpha'],
    ]);
    expect(store.cache.hits).toBe(2);
  });

  it('forgets everything on disconnect', async () => {
    const { adapter, store } = await open();
    await adapter.saveExecution(execution('e1', 'alpha'));
    await fs.utimes(fileOf(store, 'e1'), OLD, OLD);
    await adapter.getExecution('e1');
    await adapter.disconnect();
    expect(store.cache.usage).toEqual({ files: 0, bytes: 0 });
  });
});
