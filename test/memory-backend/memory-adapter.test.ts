import { readdirSync } from 'node:fs';
import os from 'node:os';
import { createStorageAdapter, NotConnectedError, StorageFactory, ValidationError } from '../../src';
import { MemoryStorageAdapter } from '../../src/memory';
import { createTestStorage, MemoryTestStorage } from '../../src/testing';
import { makeExecution, makeProgram } from '../support/fixtures/records';

describe('the memory backend', () => {
  it('createStorageAdapter({ memory: true }) is a connected MemoryStorageAdapter over the environment\'s MongoDB URL and data folder', async () => {
    const saved = { ...process.env };
    process.env.MONGODB_URL = 'mongodb://127.0.0.1:1/never';
    process.env.CVM_DATA_DIR = '/proc/never';
    try {
      const adapter = await createStorageAdapter({ memory: true });
      expect(adapter).toBeInstanceOf(MemoryStorageAdapter);
      expect(adapter.isConnected()).toBe(true);
      await adapter.saveProgram(makeProgram());
      expect(await adapter.listPrograms()).toHaveLength(1);
      await adapter.disconnect();
    } finally {
      process.env = saved;
    }
  });

  it('refuses memory with another backend, or a memory that is not a boolean, naming the field', async () => {
    await expect(createStorageAdapter({ memory: true, dataDir: '/tmp/x' })).rejects.toMatchObject({ issues: [{ path: 'dataDir' }] });
    await expect(createStorageAdapter({ memory: 'yes' as unknown as boolean })).rejects.toMatchObject({ issues: [{ path: 'memory' }] });
    expect(() => new MemoryStorageAdapter({ store: {} as never })).toThrow(ValidationError);
  });

  it('StorageFactory opens it with type memory and with CVM_STORAGE_TYPE=memory', () => {
    expect(StorageFactory.create({ type: 'memory' })).toBeInstanceOf(MemoryStorageAdapter);
    const saved = process.env.CVM_STORAGE_TYPE;
    process.env.CVM_STORAGE_TYPE = 'memory';
    try {
      expect(StorageFactory.create()).toBeInstanceOf(MemoryStorageAdapter);
    } finally {
      if (saved === undefined) delete process.env.CVM_STORAGE_TYPE;
      else process.env.CVM_STORAGE_TYPE = saved;
    }
  });

  it('a record read back is a copy: changing what was saved or read changes nothing stored', async () => {
    const adapter = new MemoryStorageAdapter();
    await adapter.connect();
    const execution = makeExecution({ variables: { n: 1 } } as never);
    await adapter.saveExecution(execution);
    (execution.variables as Record<string, unknown>).n = 2;
    const first = await adapter.getExecution(execution.id);
    expect(first?.variables).toEqual({ n: 1 });
    (first!.variables as Record<string, unknown>).n = 3;
    expect((await adapter.getExecution(execution.id))?.variables).toEqual({ n: 1 });
    const lines = ['a'];
    await adapter.appendOutput(execution.id, lines);
    lines.push('b');
    (await adapter.getOutput(execution.id)).push('c');
    expect(await adapter.getOutput(execution.id)).toEqual(['a']);
    await adapter.disconnect();
  });

  it('adapters on one store see each other\'s writes; separate adapters share nothing', async () => {
    const first = new MemoryStorageAdapter();
    const same = new MemoryStorageAdapter({ store: first.store });
    const other = new MemoryStorageAdapter();
    await Promise.all([first.connect(), same.connect(), other.connect()]);
    await first.saveProgram(makeProgram());
    expect(await same.listPrograms()).toHaveLength(1);
    expect(await other.listPrograms()).toEqual([]);
    await first.disconnect();
    await expect(first.listPrograms()).rejects.toBeInstanceOf(NotConnectedError);
    expect(await same.listPrograms()).toHaveLength(1);
    await Promise.all([same.disconnect(), other.disconnect()]);
  });

  it('createTestStorage({ backend: "memory" }) writes nothing under the temporary directory, and cleanup() disconnects', async () => {
    const before = readdirSync(os.tmpdir()).filter((name) => name.startsWith('cvm-storage-test-'));
    const storage = await createTestStorage({ backend: 'memory' });
    expect(storage).toBeInstanceOf(MemoryTestStorage);
    await storage.saveProgram(makeProgram());
    expect(readdirSync(os.tmpdir()).filter((name) => name.startsWith('cvm-storage-test-'))).toEqual(before);
    await storage.cleanup();
    await storage.cleanup();
    expect(storage.isConnected()).toBe(false);
    await expect(createTestStorage({ backend: 'disk' as 'memory' })).rejects.toMatchObject({ issues: [{ path: 'backend' }] });
  });
});

describe('operation events of the memory backend', () => {
  it('name the backend memory', async () => {
    const { subscribe, unsubscribe } = await import('node:diagnostics_channel');
    const { OPERATION_CHANNEL } = await import('../../src/backend');
    const seen: string[] = [];
    const listener = (message: unknown) => seen.push((message as { backend: string }).backend);
    subscribe(OPERATION_CHANNEL, listener);
    try {
      const adapter = new MemoryStorageAdapter();
      await adapter.connect();
      await adapter.listPrograms();
      await adapter.disconnect();
    } finally {
      unsubscribe(OPERATION_CHANNEL, listener);
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['memory']));
  });
});
