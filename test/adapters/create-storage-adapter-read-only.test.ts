import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createStorageAdapter, FileStorageAdapter, StorageFactory, ValidationError } from '../../src';
import { MemoryStorageAdapter } from '../../src/adapters/memory-storage-adapter';
import { openStorage } from '../../src/nest/open-storage';
import { useTempDir } from '../support/fixtures';
import { makeExecution } from '../support/fixtures/records';

async function refusedOn(promise: Promise<unknown>, field: string): Promise<ValidationError> {
  const error = await promise.then(
    () => new Error('accepted'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([field]);
  return error as ValidationError;
}

// MongoDB: test/mongo-backend/create-storage-adapter-read-only.test.ts.
describe('createStorageAdapter({ readOnly })', () => {
  const temp = useTempDir('cvm-read-only-');

  it('file backend: passes it on, so connect() creates nothing in a folder that is not a store, which lists as empty', async () => {
    const dataDir = path.join(temp(), 'not-a-store');
    mkdirSync(dataDir);
    const adapter = await createStorageAdapter({ dataDir, readOnly: true });
    expect(adapter).toBeInstanceOf(FileStorageAdapter);
    expect(await adapter.listExecutions()).toEqual([]);
    expect(await adapter.getCurrentExecutionId()).toBeNull();
    await adapter.disconnect();
    expect(readdirSync(dataDir)).toEqual([]);

    const missing = path.join(temp(), 'missing');
    await (await createStorageAdapter({ dataDir: missing, readOnly: true })).disconnect();
    expect(existsSync(missing)).toBe(false);
    // Without it the same call makes the store's folders: the option is what kept them out.
    await (await createStorageAdapter({ dataDir: missing, readOnly: false })).disconnect();
    expect(readdirSync(missing).sort()).toEqual(['executions', 'outputs', 'programs']);
  });

  it('file backend: reads a store another adapter wrote', async () => {
    const dataDir = path.join(temp(), 'store');
    const writer = await createStorageAdapter({ dataDir });
    const execution = makeExecution();
    await writer.saveExecution(execution);
    await writer.appendOutput(execution.id, ['a line']);
    await writer.setCurrentExecutionId(execution.id);
    await writer.disconnect();

    const reader = await createStorageAdapter({ dataDir, readOnly: true });
    expect(await reader.getExecution(execution.id)).toEqual(execution);
    expect(await reader.getOutput(execution.id)).toEqual(['a line']);
    expect(await reader.getCurrentExecutionId()).toBe(execution.id);
    await reader.disconnect();
  });

  it('the Nest module\'s options take it the same way', async () => {
    const dataDir = path.join(temp(), 'nest');
    const adapter = openStorage({ dataDir, readOnly: true });
    await adapter.connect();
    await adapter.disconnect();
    expect(existsSync(dataDir)).toBe(false);
  });

  it('memory backend: readOnly true is refused naming readOnly (a new memory store is empty); false is taken', async () => {
    const error = await refusedOn(createStorageAdapter({ memory: true, readOnly: true }), 'readOnly');
    expect(error.message).toMatch(/file and MongoDB backends/);
    expect(() => openStorage({ memory: true, readOnly: true })).toThrow(ValidationError);
    const adapter = await createStorageAdapter({ memory: true, readOnly: false });
    expect(adapter).toBeInstanceOf(MemoryStorageAdapter);
    await adapter.disconnect();
  });

  it.each(['yes', 1, null])('refuses readOnly %p naming it, before anything is created', async (value) => {
    const dataDir = path.join(temp(), 'refused');
    await refusedOn(createStorageAdapter({ dataDir, readOnly: value as unknown as boolean }), 'readOnly');
    expect(() => new FileStorageAdapter(dataDir, { readOnly: value as unknown as boolean })).toThrow(/readOnly/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('FileStorageAdapter takes it as createStorageAdapter does; StorageFactory, the original\'s config, does not', async () => {
    const dataDir = path.join(temp(), 'adapter');
    const adapter = new FileStorageAdapter(dataDir, { readOnly: true });
    await adapter.connect();
    await adapter.disconnect();
    expect(existsSync(dataDir)).toBe(false);
    expect(() => StorageFactory.create({ dataDir, readOnly: true } as never)).toThrow(/readOnly/);
  });
});
