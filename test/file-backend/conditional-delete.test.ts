import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { backendOf } from '../../src/adapters/repository-storage-adapter';
import type { FileRecordRepository } from '../../src/repositories/file/file-record-repository';
import type { Execution } from '../../src/types';
import { HOST_IDENTITY } from '../../src/repositories/file/temp-files';
import { makeExecution, useConnectedFileAdapters, useTempDir } from '../support/fixtures';

/** FileRecordRepository.deleteAtExpectedRevision, which prunes delete through, raced by another adapter's unfenced saves. */
describe('file backend: delete at a revision', () => {
  const dir = useTempDir();
  const connected = useConnectedFileAdapters(dir);

  const executionsOf = (adapter: FileStorageAdapter) => backendOf(adapter)!.executions as FileRecordRepository<Execution>;
  const revisionOf = async (adapter: FileStorageAdapter) => (await adapter.readExecution('exec-1'))!.revision;
  const leftovers = async () => (await fs.readdir(path.join(dir(), 'executions'))).filter((name) => name.startsWith('.'));

  it('deletes the record at that revision, and what goes with it, once it is sure', async () => {
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    const alongWith = jest.fn(async () => undefined);
    await expect(executionsOf(adapter).deleteAtExpectedRevision('exec-1', await revisionOf(adapter), alongWith)).resolves.toBe(true);
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
    await expect(executionsOf(pruner).deleteAtExpectedRevision('exec-1', judged, alongWith)).resolves.toBe(false);
    expect(alongWith).not.toHaveBeenCalled();
    expect(await pruner.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 2 }), revision: judged + 1 });
    expect(await leftovers()).toStrictEqual([]);
  });

  it('a prune that declines on the revision read under the lock never moves the record aside', async () => {
    const pruner = await connected();
    await pruner.saveExecution(makeExecution({ pc: 1 }));
    const judged = await revisionOf(pruner);
    await pruner.saveExecution(makeExecution({ pc: 2 }));
    const rename = jest.spyOn(fs, 'rename');
    try {
      await expect(executionsOf(pruner).deleteAtExpectedRevision('exec-1', judged, async () => undefined)).resolves.toBe(false);
      expect(rename).not.toHaveBeenCalled();
    } finally {
      rename.mockRestore();
    }
    expect((await pruner.getExecution('exec-1'))?.pc).toBe(2);
  });

  it('a prune that dies with the record set aside leaves it for connect() to put back', async () => {
    const pruner = await connected();
    await pruner.saveExecution(makeExecution({ pc: 1 }));
    const judged = await revisionOf(pruner);
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
    let aside = '';
    // The crash: the record is set aside, then the process is gone before it decides.
    await expect(
      executionsOf(pruner).deleteAtExpectedRevision('exec-1', judged, async () => {
        const [name] = await leftovers();
        aside = path.join(dir(), 'executions', name.replace(`.${process.pid}.`, `.${deadPid}.`));
        await fs.link(path.join(dir(), 'executions', name), aside);
        throw new Error('crash');
      }),
    ).rejects.toThrow();
    await fs.unlink(path.join(dir(), 'executions', 'exec-1.json'));
    expect(await leftovers()).toStrictEqual([path.basename(aside)]);

    const reconnected = await connected();
    expect(await reconnected.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 1 }), revision: judged });
    expect(await leftovers()).toStrictEqual([]);
  });

  it("on connect, a dead prune's set-aside record gives way to a record saved since, and a live prune's stays", async () => {
    const writer = await connected();
    await writer.saveExecution(makeExecution({ pc: 2 }));
    const folder = path.join(dir(), 'executions');
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
    const dead = `.exec-1.json.${HOST_IDENTITY}.${deadPid}.1.aside`;
    const live = `.exec-2.json.${HOST_IDENTITY}.${process.ppid}.1.aside`;
    await fs.writeFile(path.join(folder, dead), '{"revision":1,"stale":true}');
    await fs.writeFile(path.join(folder, live), '{"revision":1,"stale":true}');
    await connected();
    expect((await writer.getExecution('exec-1'))?.pc).toBe(2);
    expect(await leftovers()).toStrictEqual([live]);
    expect(await fs.readdir(folder)).not.toContain('exec-2.json');
  });

  it('an unfenced save of another process that lands while the record is set aside stays', async () => {
    const pruner = await connected();
    const writer = await connected();
    await pruner.saveExecution(makeExecution({ pc: 1 }));
    const deleted = await executionsOf(pruner).deleteAtExpectedRevision('exec-1', await revisionOf(pruner), () => writer.saveExecution(makeExecution({ pc: 3 })));
    expect(deleted).toBe(true);
    expect((await writer.getExecution('exec-1'))?.pc).toBe(3);
    expect(await leftovers()).toStrictEqual([]);
  });

  it('when what goes with it fails, the record is put back and the failure surfaces', async () => {
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    const judged = await revisionOf(adapter);
    await expect(executionsOf(adapter).deleteAtExpectedRevision('exec-1', judged, () => Promise.reject(new Error('output delete failed')))).rejects.toMatchObject({
      code: 'STORAGE_IO',
      cause: expect.objectContaining({ message: 'output delete failed' }),
    });
    expect(await adapter.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 1 }), revision: judged });
    expect(await leftovers()).toStrictEqual([]);
  });

  it('a missing record is not deleted', async () => {
    const adapter = await connected();
    await expect(executionsOf(adapter).deleteAtExpectedRevision('exec-1', 1, async () => undefined)).resolves.toBe(false);
  });
});
