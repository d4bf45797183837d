import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { StorageIOError } from '../../src/errors';
import { useDataFolders } from './support/data-folders';
import { recordFigures } from './support/figures';
import { validExecution, validProgram } from '../support/fixtures/records';
import { tempFilesIn } from './support/tree-snapshot';

/**
 * A data folder the file system refuses: StorageIOError (code STORAGE_IO) naming the path, and
 * what is still reachable keeps working. The tests run as root in CI, where chmod alone cannot make a
 * folder read-only, so a refusing folder is made by putting a regular file where a folder must be
 * (ENOTDIR, EEXIST) or a folder where a file must be (EISDIR), or by removing it (ENOENT). Read-only
 * folders are tested in test/file-backend/unwritable-data-folder.test.ts, as an unprivileged user.
 */
const folders = useDataFolders('cvm-unavailable-');
let cases = 0;

afterAll(async () => {
  await recordFigures('unavailableFolders', { cases });
});

async function expectIOError(promise: Promise<unknown>, location: string, causeCodes: string[]): Promise<void> {
  const error = await promise.then(
    () => new Error('expected StorageIOError, but the call succeeded'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StorageIOError);
  expect(error).toMatchObject({ code: 'STORAGE_IO', location });
  expect((error as Error).message).toContain(location);
  expect(causeCodes).toContain(((error as StorageIOError).cause as NodeJS.ErrnoException | undefined)?.code);
}

/** Replaces the folder `name` of the data folder by a regular file. */
async function fileInPlaceOf(dataDir: string, name: string): Promise<void> {
  await fs.rm(path.join(dataDir, name), { recursive: true, force: true });
  await fs.writeFile(path.join(dataDir, name), 'not a folder');
}

describe('a data folder that cannot be created or used', () => {
  it('under a regular file: connect() fails with StorageIOError naming the data folder (ENOTDIR)', async () => {
    const blocker = path.join(await folders.fresh(), 'blocker');
    await fs.writeFile(blocker, 'a file, not a folder');
    const dataDir = path.join(blocker, 'data');
    const adapter = new FileStorageAdapter(dataDir);
    await expectIOError(adapter.connect(), dataDir, ['ENOTDIR']);
    expect(adapter.isConnected()).toBe(false);
    cases += 1;
  });

  it('that is itself a regular file: connect() fails with StorageIOError naming it', async () => {
    const dataDir = path.join(await folders.fresh(), 'data-is-a-file');
    await fs.writeFile(dataDir, 'a file, not a folder');
    await expectIOError(new FileStorageAdapter(dataDir).connect(), dataDir, ['EEXIST', 'ENOTDIR']);
    cases += 1;
  });

  it('whose executions folder is a regular file: connect() fails with StorageIOError naming that subfolder', async () => {
    const dataDir = await folders.fresh();
    await fs.writeFile(path.join(dataDir, 'executions'), 'not a folder');
    await expectIOError(new FileStorageAdapter(dataDir).connect(), path.join(dataDir, 'executions'), ['EEXIST', 'ENOTDIR']);
    cases += 1;
  });
});

describe('a record folder that becomes unusable after connect()', () => {
  it('executions replaced by a file: execution calls fail naming the path; programs and output keep working', async () => {
    const { adapter, dataDir } = await folders.seeded();
    try {
      await fileInPlaceOf(dataDir, 'executions');
      const file = path.join(dataDir, 'executions', 'exec-ok.json');
      await expectIOError(adapter.saveExecution(validExecution('exec-ok', 'prog-ok') as never), file, ['ENOTDIR']);
      await expectIOError(adapter.getExecution('exec-ok'), file, ['ENOTDIR']);
      await expectIOError(adapter.listExecutions(), path.join(dataDir, 'executions'), ['ENOTDIR']);
      expect((await adapter.getProgram('prog-ok'))?.name).toBe('valid');
      await adapter.saveProgram({ ...validProgram('prog-2') } as never);
      expect(await adapter.listPrograms()).toHaveLength(2);
      expect(await adapter.getOutput('exec-ok')).toEqual(['good line']);
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });

  it('outputs replaced by a file: appendOutput and getOutput fail naming the output file', async () => {
    const { adapter, dataDir } = await folders.seeded();
    try {
      await fileInPlaceOf(dataDir, 'outputs');
      const file = path.join(dataDir, 'outputs', 'exec-ok.jsonl');
      await expectIOError(adapter.appendOutput('exec-ok', ['more']), file, ['ENOTDIR']);
      await expectIOError(adapter.getOutput('exec-ok'), file, ['ENOTDIR']);
      expect((await adapter.getExecution('exec-ok'))?.state).toBe('RUNNING');
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });

  it('a folder where a record file must be: get, save and list fail naming it (EISDIR); no temp file is left', async () => {
    const { adapter, dataDir } = await folders.seeded();
    try {
      const file = path.join(dataDir, 'executions', 'exec-dir.json');
      await fs.mkdir(file);
      await fs.writeFile(path.join(file, 'inside'), 'x');
      await expectIOError(adapter.getExecution('exec-dir'), file, ['EISDIR']);
      await expectIOError(adapter.saveExecution(validExecution('exec-dir', 'prog-ok') as never), file, ['EISDIR', 'ENOTEMPTY', 'EEXIST']);
      await expectIOError(adapter.listExecutions(), file, ['EISDIR']);
      expect(await tempFilesIn(dataDir)).toEqual([]);
      expect((await adapter.getExecution('exec-ok'))?.state).toBe('RUNNING');
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });

  it('metadata.json a folder: the current pointer fails naming it; records keep working', async () => {
    const { adapter, dataDir } = await folders.seeded();
    try {
      const file = path.join(dataDir, 'metadata.json');
      await fs.mkdir(file);
      await expectIOError(adapter.getCurrentExecutionId(), file, ['EISDIR']);
      await expectIOError(adapter.setCurrentExecutionId('exec-ok'), file, ['EISDIR']);
      expect((await adapter.getProgram('prog-ok'))?.name).toBe('valid');
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });
});

describe('a missing folder', () => {
  it('executions removed after connect(): saves and list fail naming the path; a new connect() recreates it', async () => {
    const { adapter, dataDir } = await folders.seeded();
    try {
      await fs.rm(path.join(dataDir, 'executions'), { recursive: true });
      const file = path.join(dataDir, 'executions', 'exec-ok.json');
      await expectIOError(adapter.saveExecution(validExecution('exec-ok', 'prog-ok') as never), file, ['ENOENT']);
      await expectIOError(adapter.listExecutions(), path.join(dataDir, 'executions'), ['ENOENT']);
      // A missing record is simply absent.
      expect(await adapter.getExecution('exec-ok')).toBeNull();
      expect((await adapter.getProgram('prog-ok'))?.name).toBe('valid');
    } finally {
      await adapter.disconnect();
    }
    const fresh = new FileStorageAdapter(dataDir);
    await fresh.connect();
    try {
      await fresh.saveExecution(validExecution('exec-ok', 'prog-ok') as never);
      expect(await fresh.listExecutions()).toHaveLength(1);
      cases += 1;
    } finally {
      await fresh.disconnect();
    }
  });

  it('outputs removed after connect(): appendOutput fails naming the file, getOutput reads no output', async () => {
    const { adapter, dataDir } = await folders.seeded();
    try {
      await fs.rm(path.join(dataDir, 'outputs'), { recursive: true });
      await expectIOError(adapter.appendOutput('exec-ok', ['more']), path.join(dataDir, 'outputs', 'exec-ok.jsonl'), ['ENOENT']);
      expect(await adapter.getOutput('exec-ok')).toEqual([]);
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });

  it('the whole data folder removed after connect(): every write fails with StorageIOError, nothing is recreated', async () => {
    const { adapter, dataDir } = await folders.seeded();
    try {
      await fs.rm(dataDir, { recursive: true });
      await expectIOError(adapter.saveProgram(validProgram('prog-ok') as never), path.join(dataDir, 'programs', 'prog-ok.json'), ['ENOENT']);
      await expectIOError(adapter.appendOutput('exec-ok', ['x']), path.join(dataDir, 'outputs', 'exec-ok.jsonl'), ['ENOENT']);
      await expectIOError(adapter.setCurrentExecutionId('exec-ok'), path.join(dataDir, 'metadata.json'), ['ENOENT']);
      await expectIOError(adapter.listPrograms(), path.join(dataDir, 'programs'), ['ENOENT']);
      await expect(fs.stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });
});
