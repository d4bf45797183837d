import { promises as fs } from 'node:fs';
import { adapterFor, PACKAGE_DEFAULTS, resolveStorageOptions } from '../../src/adapters/resolve-storage-options';
import { FileStorageAdapter, StorageFactory, ValidationError, type CvmStorage } from '../../src';
import { backendOf } from '../../src/adapters/repository-storage-adapter';
import type { FileStore } from '../../src/repositories/file/file-store';
import { openStorage } from '../../src/nest/open-storage';
import { useTempDir } from '../support/fixtures/temp-folders';

function storeOf(adapter: CvmStorage | null): FileStore {
  expect(adapter).toBeInstanceOf(FileStorageAdapter);
  return backendOf(adapter as object)!.connection as FileStore;
}

describe('file backend durability and cache options', () => {
  const dir = useTempDir('cvm-durability-');

  it('reach the file store from every way of making an adapter', () => {
    const options = { durability: 'relaxed', cacheBytes: 0 } as const;
    for (const adapter of [
      new FileStorageAdapter(dir(), options),
      adapterFor(resolveStorageOptions({ dataDir: dir(), ...options }, PACKAGE_DEFAULTS)),
      StorageFactory.create({ type: 'file', dataDir: dir(), ...options }),
      openStorage({ dataDir: dir(), ...options }),
    ]) {
      const store = storeOf(adapter);
      expect([store.durability, store.cache.maxBytes]).toEqual(['relaxed', 0]);
    }
  });

  it('default to strict durability and a 32 MiB cache', () => {
    const store = storeOf(new FileStorageAdapter(dir()));
    expect([store.durability, store.cache.maxBytes]).toEqual(['strict', 32 * 1024 * 1024]);
  });

  it.each([
    [{ durability: 'fast' }, 'durability'],
    [{ cacheBytes: -1 }, 'cacheBytes'],
    [{ cacheBytes: 1.5 }, 'cacheBytes'],
    [{ cacheBytes: '100' }, 'cacheBytes'],
  ])('refuse %j with a ValidationError on %s', (options, property) => {
    const attempt = (): unknown => new FileStorageAdapter(dir(), options as never);
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([property]);
    }
  });
});

describe('what each durability mode syncs', () => {
  const dir = useTempDir('cvm-durability-');
  let syncs: string[];
  let restore: () => void;

  beforeEach(async () => {
    // FileHandle's class is not exported: reach its prototype through a handle.
    const handle = await fs.open(dir(), 'r');
    const prototype = Object.getPrototypeOf(handle) as { sync: () => Promise<void>; datasync: () => Promise<void> };
    await handle.close();
    const { sync, datasync } = prototype;
    syncs = [];
    prototype.sync = function (this: unknown) {
      syncs.push('sync');
      return sync.call(this);
    };
    prototype.datasync = function (this: unknown) {
      syncs.push('datasync');
      return datasync.call(this);
    };
    restore = () => Object.assign(prototype, { sync, datasync });
  });

  afterEach(() => restore());

  async function syncsOfEachCall(durability: 'strict' | 'relaxed'): Promise<Record<string, string[]>> {
    const adapter = new FileStorageAdapter(dir(), { durability });
    await adapter.connect();
    const seen: Record<string, string[]> = {};
    const track = async (name: string, call: () => Promise<unknown>): Promise<void> => {
      syncs = [];
      await call();
      seen[name] = syncs;
    };
    const execution = { id: 'e1', programId: 'p1', state: 'RUNNING' as const, pc: 0, stack: [], variables: {}, created: new Date() };
    await track('saveExecution', () => adapter.saveExecution(execution));
    await track('appendOutput (new file)', () => adapter.appendOutput('e1', ['a']));
    await track('appendOutput', () => adapter.appendOutput('e1', ['b']));
    await track('setCurrentExecutionId', () => adapter.setCurrentExecutionId('e1'));
    await track('deleteExecution', () => adapter.deleteExecution('e1'));
    await adapter.disconnect();
    return seen;
  }

  it('strict fsyncs the data and the folder of every write', async () => {
    expect(await syncsOfEachCall('strict')).toEqual({
      saveExecution: ['datasync', 'sync'],
      'appendOutput (new file)': ['datasync', 'sync'],
      appendOutput: ['datasync'],
      setCurrentExecutionId: ['datasync', 'sync'],
      // The current pointer, the output and the record, each removal made durable.
      deleteExecution: expect.arrayContaining(['sync']),
    });
  });

  it('relaxed syncs nothing, and still writes and reads back the same', async () => {
    expect(await syncsOfEachCall('relaxed')).toEqual({
      saveExecution: [],
      'appendOutput (new file)': [],
      appendOutput: [],
      setCurrentExecutionId: [],
      deleteExecution: [],
    });
    const adapter = new FileStorageAdapter(dir(), { durability: 'relaxed' });
    await adapter.connect();
    await adapter.appendOutput('e2', ['x', 'y']);
    expect(await adapter.getOutput('e2')).toEqual(['x', 'y']);
    await adapter.disconnect();
  });
});
