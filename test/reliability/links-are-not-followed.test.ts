import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { StorageIOError } from '../../src/errors';
import { useDataFolders } from './support/data-folders';
import { recordFigures } from './support/figures';
import { validExecution } from '../support/fixtures/records';
import { expectRefused } from './support/refusals';
import { expectListedWithout } from '../support/damaged-records';

/**
 * An attacker who can write to the data folder puts links where records are. The library never
 * reads or writes through a link at a record, output or metadata path (O_NOFOLLOW), never appends
 * to a file with other hard links, and refuses subfolders that are links; the data folder itself
 * may be a link. Each refusal is a CorruptRecordError naming the path, and nothing outside the
 * data folder changes.
 */
const folders = useDataFolders('cvm-links-');
let cases = 0;

afterAll(async () => {
  await recordFigures('linksNotFollowed', { cases });
});

/** A file outside the data folder with known content, and a path beside it that does not exist. */
async function outsideFiles(): Promise<{ file: string; missing: string; content: string }> {
  const outside = await folders.fresh();
  const file = path.join(outside, 'outside.txt');
  const content = `${JSON.stringify(validExecution('exec-out', 'prog'))}`;
  await fs.writeFile(file, content);
  return { file, missing: path.join(outside, 'created-by-append.jsonl'), content };
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

describe('appends never write through a link', () => {
  it('a symbolic link at an output path: appendOutput and getOutput refuse it, its target is unchanged', async () => {
    const { adapter, dataDir } = await folders.seeded();
    const outside = await outsideFiles();
    const link = path.join(dataDir, 'outputs', 'exec-link.jsonl');
    await fs.symlink(outside.file, link);
    await expectRefused(adapter.appendOutput('exec-link', ['escaped']), link, /symbolic link/);
    await expectRefused(adapter.getOutput('exec-link'), link, /symbolic link/);
    expect(await fs.readFile(outside.file, 'utf8')).toBe(outside.content);
    expect(await adapter.getOutput('exec-ok')).toEqual(['good line']);
    await adapter.disconnect();
    cases += 1;
  });

  it('a dangling symbolic link at an output path: appendOutput refuses it and creates nothing outside', async () => {
    const { adapter, dataDir } = await folders.seeded();
    const outside = await outsideFiles();
    const link = path.join(dataDir, 'outputs', 'exec-link.jsonl');
    await fs.symlink(outside.missing, link);
    await expectRefused(adapter.appendOutput('exec-link', ['escaped']), link, /symbolic link/);
    expect(await exists(outside.missing)).toBe(false);
    await adapter.disconnect();
    cases += 1;
  });

  it('a hard link at an output path: appendOutput refuses it, the outside file is unchanged', async () => {
    const { adapter, dataDir } = await folders.seeded();
    const outside = await outsideFiles();
    const link = path.join(dataDir, 'outputs', 'exec-link.jsonl');
    await fs.link(outside.file, link);
    await expectRefused(adapter.appendOutput('exec-link', ['escaped']), link, /2 hard links/);
    expect(await fs.readFile(outside.file, 'utf8')).toBe(outside.content);
    await adapter.disconnect();
    cases += 1;
  });
});

describe('record reads never follow a link, and saves replace the link rather than write through it', () => {
  it.each(['executions', 'programs'] as const)('a symbolic link at %s/<id>.json: get refuses it naming the path, list leaves it out and reports it', async (folder) => {
    const { adapter, dataDir } = await folders.seeded();
    const outside = await outsideFiles();
    const link = path.join(dataDir, folder, 'exec-out.json');
    await fs.symlink(outside.file, link);
    const get = folder === 'executions' ? adapter.getExecution('exec-out') : adapter.getProgram('exec-out');
    await expectRefused(get, link, /symbolic link/);
    await expectListedWithout(() => (folder === 'executions' ? adapter.listExecutions() : adapter.listPrograms()), 'exec-out', link);
    await adapter.disconnect();
    cases += 1;
  });

  it('a symbolic link at metadata.json: the current pointer refuses it naming the path', async () => {
    const { adapter, dataDir } = await folders.seeded();
    const outside = await outsideFiles();
    const link = path.join(dataDir, 'metadata.json');
    await fs.symlink(outside.file, link);
    await expectRefused(adapter.getCurrentExecutionId(), link, /symbolic link/);
    await adapter.disconnect();
    cases += 1;
  });

  it.each(['symlink', 'link'] as const)('saveExecution over a %s replaces the entry; the outside file is unchanged', async (kind) => {
    const { adapter, dataDir } = await folders.seeded();
    const outside = await outsideFiles();
    const entry = path.join(dataDir, 'executions', 'exec-out.json');
    await (kind === 'symlink' ? fs.symlink(outside.file, entry) : fs.link(outside.file, entry));
    await adapter.saveExecution(validExecution('exec-out', 'prog-ok') as never);
    expect(await fs.readFile(outside.file, 'utf8')).toBe(outside.content);
    expect((await fs.lstat(entry)).isFile()).toBe(true);
    expect((await fs.lstat(entry)).nlink).toBe(1);
    expect((await adapter.getExecution('exec-out'))?.id).toBe('exec-out');
    await adapter.disconnect();
    cases += 1;
  });
});

describe('links to folders', () => {
  it('the data folder itself may be a symbolic link', async () => {
    const real = await folders.fresh();
    const link = `${real}-link`;
    await fs.symlink(real, link);
    const adapter = new FileStorageAdapter(link);
    await adapter.connect();
    await adapter.saveExecution(validExecution('exec-1', 'prog') as never);
    await adapter.appendOutput('exec-1', ['a line']);
    expect(await adapter.getOutput('exec-1')).toEqual(['a line']);
    expect(await fs.readdir(path.join(real, 'executions'))).toEqual(['exec-1.json']);
    await adapter.disconnect();
    cases += 1;
  });

  it.each(['programs', 'executions', 'outputs'])('the %s subfolder as a symbolic link: connect() fails with StorageIOError naming it', async (name) => {
    const dataDir = await folders.fresh();
    const outside = await folders.fresh();
    await fs.symlink(outside, path.join(dataDir, name));
    const adapter = new FileStorageAdapter(dataDir);
    const error = await adapter.connect().then(
      () => new Error('connect() accepted a linked subfolder'),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StorageIOError);
    expect(error).toMatchObject({ code: 'STORAGE_IO', location: path.join(dataDir, name) });
    expect((error as Error).message).toMatch(/symbolic link/);
    expect(adapter.isConnected()).toBe(false);
    expect(await fs.readdir(outside)).toEqual([]);
    cases += 1;
  });
});
