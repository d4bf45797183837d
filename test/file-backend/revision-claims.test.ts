import { spawnSync } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import { existsSync, lstatSync, promises as fs, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConflictError, FileStorageAdapter } from '../../src';
import { backendOf } from '../../src/adapters/repository-storage-adapter';
import type { FileRecordRepository } from '../../src/repositories/file/file-record-repository';
import type { Execution } from '../../src/types';
import { HOST_IDENTITY } from '../../src/repositories/file/temp-files';
import { FENCED_SAVE_CHANNEL } from '../../src/repositories/fenced-save-events';
import { makeExecution, useConnectedFileAdapters, useTempDir } from '../support/fixtures';

/** The pid of a process that has already exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

/** A claim as this version makes it (a symbolic link naming its owner) or as a file (where links cannot be made, and older versions). */
const CLAIM_FORMS = {
  link: (file: string, pid: number) => symlinkSync(`${path.basename(file)}/owner.${HOST_IDENTITY}.${pid}.unknown`, file),
  file: (file: string, pid: number) => writeFileSync(file, JSON.stringify({ identity: HOST_IDENTITY, pid, start: null })),
};

describe('file backend: the claim a fenced save makes', () => {
  const dir = useTempDir();
  const connected = useConnectedFileAdapters(dir);

  it('is one symbolic link whose target names this process and cannot be opened', async () => {
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    const revision = (await adapter.readExecution('exec-1'))!.revision;
    const claim = path.join(dir(), 'executions', `exec-1.json.r${revision + 1}`);
    const seen: Array<{ link: boolean; target: string; open: string }> = [];
    const onPhase = (message: unknown) => {
      if ((message as { phase: string }).phase !== 'write') return;
      let open = 'opened';
      try {
        readFileSync(claim);
      } catch (error) {
        open = (error as NodeJS.ErrnoException).code ?? 'unknown';
      }
      seen.push({ link: lstatSync(claim).isSymbolicLink(), target: readlinkSync(claim), open });
    };
    diagnosticsChannel.subscribe(FENCED_SAVE_CHANNEL, onPhase);
    try {
      await adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: revision });
    } finally {
      diagnosticsChannel.unsubscribe(FENCED_SAVE_CHANNEL, onPhase);
    }
    expect(seen).toEqual([{ link: true, target: expect.stringMatching(new RegExp(`^exec-1\\.json\\.r${revision + 1}/owner\\.${HOST_IDENTITY}\\.${process.pid}\\.(\\d+|unknown)$`)), open: 'ELOOP' }]);
    expect(existsSync(claim)).toBe(false);
  });
});

/** The claims of revisions (revision-claims.ts) a fenced save takes; the multi-writer contract races them across processes. */
describe.each(Object.entries(CLAIM_FORMS))('file backend: claims of revisions (claims as %s)', (_form, make) => {
  const dir = useTempDir();
  const connected = useConnectedFileAdapters(dir);

  const executions = () => path.join(dir(), 'executions');
  const names = async () => (await fs.readdir(executions())).sort();
  const claim = (name: string, pid: number) => {
    const file = path.join(executions(), name);
    make(file, pid);
    return file;
  };
  const existsSync = (file: string) => lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  const revisionOf = async (adapter: FileStorageAdapter) => (await adapter.readExecution('exec-1'))!.revision;

  it('a fenced save, a fenced append and a delete at a revision leave no claim behind', async () => {
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    await adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: await revisionOf(adapter), output: ['a'] });
    await adapter.appendOutput('exec-1', ['b'], { expectedRevision: await revisionOf(adapter) });
    expect(await names()).toEqual(['exec-1.json']);
    const along = jest.fn(async () => undefined);
    await expect((backendOf(adapter)!.executions as FileRecordRepository<Execution>).deleteAtExpectedRevision('exec-1', await revisionOf(adapter), along)).resolves.toBe(true);
    expect(await names()).toEqual([]);
  });

  it('a live writer\'s claim of the next revision makes a fenced save, a fenced append and a delete at the revision lose, changing nothing', async () => {
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    const revision = await revisionOf(adapter);
    const live = claim(`exec-1.json.r${revision + 1}`, process.ppid);
    // The refusal names the revision the record is at, and why: not the claimed one.
    const refused = { expectedRevision: revision, actualRevision: revision, message: expect.stringContaining('another live writer is writing its next revision') };
    const save = adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: revision });
    await expect(save).rejects.toBeInstanceOf(ConflictError);
    await expect(save).rejects.toMatchObject(refused);
    const append = adapter.appendOutput('exec-1', ['b'], { expectedRevision: revision });
    await expect(append).rejects.toBeInstanceOf(ConflictError);
    await expect(append).rejects.toMatchObject(refused);
    const along = jest.fn(async () => undefined);
    await expect((backendOf(adapter)!.executions as FileRecordRepository<Execution>).deleteAtExpectedRevision('exec-1', revision, along)).resolves.toBe(false);
    expect(along).not.toHaveBeenCalled();
    expect(await adapter.readExecution('exec-1')).toEqual({ execution: makeExecution({ pc: 1 }), revision });
    expect(await adapter.getOutput('exec-1')).toEqual([]);
    expect(existsSync(live)).toBe(true);
  });

  it('a dead writer\'s claim is taken over by the next fenced save, which removes it', async () => {
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    const revision = await revisionOf(adapter);
    claim(`exec-1.json.r${revision + 1}`, deadPid());
    claim(`exec-1.json.r${revision + 1}.1`, deadPid());
    await adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: revision });
    expect(await adapter.readExecution('exec-1')).toEqual({ execution: makeExecution({ pc: 2 }), revision: revision + 1 });
    expect(await names()).toEqual(['exec-1.json']);
  });

  it('deleteExecution removes the claims of the next revision', async () => {
    const adapter = await connected();
    await adapter.saveExecution(makeExecution({ pc: 1 }));
    claim(`exec-1.json.r${(await revisionOf(adapter)) + 1}`, deadPid());
    await adapter.deleteExecution('exec-1');
    expect(await names()).toEqual([]);
  });

  it('connect() removes the claims of revisions already written and of records gone, and keeps a claim of the next revision', async () => {
    const first = await connected();
    await first.saveExecution(makeExecution({ pc: 1 }));
    const revision = await revisionOf(first);
    const dead = deadPid();
    const written = claim(`exec-1.json.r${revision}`, dead);
    const gone = claim('exec-9.json.r5.1', dead);
    const next = claim(`exec-1.json.r${revision + 1}`, dead);
    await connected();
    expect([existsSync(written), existsSync(gone), existsSync(next)]).toEqual([false, false, true]);
  });
});
