import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import type { FileExecutionRepository } from '../../src/repositories/file/execution-repository';
import { makeExecution, useTempDir } from '../support/fixtures';

/** FileRecordRepository.deleteAtRevision, which prunes delete through, raced by another adapter's unfenced saves. */
describe('file backend: delete at a revision', () => {
  const dir = useTempDir();
  const adapters: FileStorageAdapter[] = [];

  async function connected(): Promise<FileStorageAdapter> {
    const adapter = new FileStorageAdapter(dir());
    await adapter.connect();
    adapters.push(adapter);
    return adapter;
  }

  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.disconnect();
  });

  const executionsOf = (adapter: FileStorageAdapter) => adapter.repositories.executions as FileExecutionRepository;
  const revisionOf = async (adapter: FileStorageAdapter) => (await adapter.readExecution('exec-1'))!.revision;
  const leftovers = async () => (await fs.readdir(path.join(dir(), 'executions'))).filter((name) => name.startsWith('.'));

  it('deletes the record at that revision, and what goes with it, once it is sure', async () => {
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    const alongWith = jest.fn(async () => undefined);
    await expect(executionsOf(adapter).deleteAtRevision('exec-1', await revisionOf(adapter), alongWith)).resolves.toBe(true);
    expect(alongWith).toHaveBeenCalledTimes(1);
    expect(await adapter.getExecution('exec-1')).toBeNull();
    expect(await leftovers()).toStrictEqual([]);
  });

  it('keeps a record saved by another process since that revision, and deletes nothing with it', async () => {
    const pruner = await connected();
    const writer = await connected();
    await pruner.saveExecution(makeExecution({ pc: 1 }));
    const judged = await revisionOf(pruner);
    await writer.saveExecution(makeExecution({ pc: 2 }));
    const alongWith = jest.fn(async () => undefined);
    await expect(executionsOf(pruner).deleteAtRevision('exec-1', judged, alongWith)).resolves.toBe(false);
    expect(alongWith).not.toHaveBeenCalled();
    expect(await pruner.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 2 }), revision: judged + 1 });
    expect(await leftovers()).toStrictEqual([]);
  });

  it('an unfenced save of another process that lands while the record is set aside stays', async () => {
    const pruner = await connected();
    const writer = await connected();
    await pruner.saveExecution(makeExecution({ pc: 1 }));
    const deleted = await executionsOf(pruner).deleteAtRevision('exec-1', await revisionOf(pruner), () => writer.saveExecution(makeExecution({ pc: 3 })));
    expect(deleted).toBe(true);
    expect((await writer.getExecution('exec-1'))?.pc).toBe(3);
    expect(await leftovers()).toStrictEqual([]);
  });

  it('when what goes with it fails, the record is put back and the failure surfaces', async () => {
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    const judged = await revisionOf(adapter);
    await expect(executionsOf(adapter).deleteAtRevision('exec-1', judged, () => Promise.reject(new Error('output delete failed')))).rejects.toMatchObject({
      code: 'STORAGE_IO',
      cause: expect.objectContaining({ message: 'output delete failed' }),
    });
    expect(await adapter.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 1 }), revision: judged });
    expect(await leftovers()).toStrictEqual([]);
  });

  it('a missing record is not deleted', async () => {
    const adapter = await connected();
    await expect(executionsOf(adapter).deleteAtRevision('exec-1', 1, async () => undefined)).resolves.toBe(false);
  });
});
