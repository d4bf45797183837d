import { existsSync, promises as fs, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, type CvmStorage } from '../../src';
import { useTempDir } from '../support/fixtures';
import { describeOriginalStore } from '../support/original-store-suite';
import { copyOriginalFileStore, expectedReads, originalReads, OWN_STORE, ownStoreReads, readLikeTheOriginal } from '../support/original-stores';

describe('file backend', () => {
  const dir = useTempDir('cvm-original-');
  let opened: CvmStorage[] = [];

  beforeEach(() => copyOriginalFileStore(dir()));
  afterEach(async () => {
    for (const storage of opened) if (storage.isConnected()) await storage.disconnect();
    opened = [];
  });

  describeOriginalStore(
    'file backend',
    {
      async open() {
        const storage = new FileStorageAdapter(dir());
        opened.push(storage);
        await storage.connect();
        return storage;
      },
    },
    () => originalReads('file'),
  );

  it("reads an original output file only when connect found it: one written later, by an old writer, is read after the next connect", async () => {
    const storage = new FileStorageAdapter(dir());
    opened.push(storage);
    await storage.connect();
    writeFileSync(path.join(dir(), 'outputs', 'hand-ready.output'), 'from an old writer\n');
    expect(await storage.getOutput('hand-ready')).toStrictEqual([]);
    expect(await storage.getOutputLength('hand-ready')).toBe(0);
    const reopened = new FileStorageAdapter(dir());
    opened.push(reopened);
    await reopened.connect();
    expect(await reopened.getOutput('hand-ready')).toStrictEqual(['from an old writer']);
    expect(await reopened.getOutputLength('hand-ready')).toBe(1);
  });

  it('a delete in another process leaves the original output gone for a process that found it on connect', async () => {
    const reader = new FileStorageAdapter(dir());
    const deleter = new FileStorageAdapter(dir());
    opened.push(reader, deleter);
    await reader.connect();
    await deleter.connect();
    expect(await reader.getOutputLength('hand-error')).toBe(1);
    await deleter.deleteExecution('hand-error');
    expect(await reader.getOutput('hand-error')).toStrictEqual([]);
    expect(await reader.getOutputLength('hand-error')).toBe(0);
    expect(await reader.getOutput('hand-error', { from: 0, limit: 5 })).toStrictEqual([]);
  });

  it('a delete removes an original output file only when connect found one for that id', async () => {
    const storage = new FileStorageAdapter(dir());
    opened.push(storage);
    await storage.connect();
    const unlink = jest.spyOn(fs, 'unlink');
    try {
      await storage.deleteExecution('hand-error');
      await storage.deleteExecution('never-was');
      const originals = unlink.mock.calls.map(([file]) => String(file)).filter((file) => file.endsWith('.output'));
      expect(originals).toStrictEqual([path.join(dir(), 'outputs', 'hand-error.output')]);
    } finally {
      unlink.mockRestore();
    }
    expect(existsSync(path.join(dir(), 'outputs', 'hand-error.output'))).toBe(false);
  });
});

describe('file backend: a store written as the original writes, with the values a real VM saves', () => {
  const dir = useTempDir('cvm-original-own-');
  let storage: FileStorageAdapter;

  beforeEach(async () => {
    copyOriginalFileStore(dir(), OWN_STORE);
    storage = new FileStorageAdapter(dir());
    await storage.connect();
  });
  afterEach(() => storage.disconnect());

  it('reads heaps with $ref stubs, iterators, status and output fields, unicode, and the current execution', async () => {
    const expected = ownStoreReads();
    expect(await readLikeTheOriginal(storage, expected)).toStrictEqual(expectedReads(expected));
    expect((await storage.getExecution('vm-loop-1'))?.heap).toStrictEqual(expected.executions.find((e) => e.id === 'vm-loop-1')?.heap);
  });

  it('keeps what the original lost as the original read it: NaN and Infinity as null, -0 as 0, no undefined, no empty lines', async () => {
    const execution = await storage.getExecution('vm-cc-1');
    expect(execution?.variables).toStrictEqual({ nan: null, negz: 0, inf: null, when: '2025-01-01T00:00:00.000Z' });
    expect(await storage.getOutput('vm-loop-1')).toStrictEqual(['α', 'after an empty line', 'tab\there ✓']);
    expect(await storage.getOutput('vm-cc-0')).toStrictEqual(['Zoë', 'two', 'lines in one', '🎉']);
  });

  it('saves over an original record in the current format, losslessly, and appends after its output', async () => {
    const before = await storage.getExecution('vm-cc-1');
    if (before === null) throw new Error('vm-cc-1 is missing');
    const resumed = { ...before, state: 'RUNNING' as const, variables: { ...before.variables, nan: NaN, negz: -0 }, status: 'running' };
    await storage.saveExecution(resumed);
    await storage.appendOutput('vm-loop-1', ['', 'β']);
    const reopened = new FileStorageAdapter(dir());
    await reopened.connect();
    try {
      expect(await reopened.getExecution('vm-cc-1')).toStrictEqual(resumed);
      expect(await reopened.getOutput('vm-loop-1')).toStrictEqual(['α', 'after an empty line', 'tab\there ✓', '', 'β']);
      expect(await reopened.getOutputLength('vm-loop-1')).toBe(5);
      expect(await reopened.getOutput('vm-loop-1', { from: 2, limit: 2 })).toStrictEqual(['tab\there ✓', '']);
    } finally {
      await reopened.disconnect();
    }
  });
});
