import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { FOREIGN_TEMP_FILE_AGE_MS, HOST_IDENTITY, tempFileOwner, tempPathFor } from '../../src/repositories/file/temp-files';
import { useDataFolders } from './support/data-folders';
import { recordFigures } from './support/figures';
import { validExecution } from '../support/fixtures/records';

/**
 * connect() removes a crashed writer's temp files, and nothing else: not an entry that is not a
 * regular file (a folder named like a temp file used to make every connect() fail with EISDIR),
 * and not a temp file that a live writer in another PID namespace or on another host may still
 * own (two containers sharing a volume lost saves that way). Such a file is removed only once it
 * is older than FOREIGN_TEMP_FILE_AGE_MS (10 minutes).
 */
const folders = useDataFolders('cvm-leftovers-');
let cases = 0;

afterAll(async () => {
  await recordFigures('leftoverCleanup', { cases });
});

/** The pid of a process that has already exited (in this namespace). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

/** An identity that is not this host and namespace's (12 hex digits). */
const OTHER_IDENTITY = HOST_IDENTITY === '0123456789ab' ? 'ba9876543210' : '0123456789ab';

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

/** Writes a temp file named `name` in `executions`, last modified `ageMs` ago; returns its path. */
async function tempFile(dataDir: string, name: string, ageMs = 0): Promise<string> {
  const file = path.join(dataDir, 'executions', name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, '{"half a rec');
  const when = new Date(Date.now() - ageMs);
  await fs.utimes(file, when, when);
  return file;
}

async function connectAndUse(dataDir: string): Promise<void> {
  const adapter = new FileStorageAdapter(dataDir);
  await adapter.connect();
  await adapter.saveExecution(validExecution('exec-1', 'prog') as never);
  expect((await adapter.getExecution('exec-1'))?.id).toBe('exec-1');
  await adapter.disconnect();
}

describe('connect() ignores entries named like temp files that are not regular files', () => {
  it.each([
    ['a folder', 'old-format', (file: string) => fs.mkdir(file).then(() => fs.writeFile(path.join(file, 'inside'), 'x'))],
    ['a folder', 'this host', (file: string) => fs.mkdir(file)],
    ['a symbolic link', 'this host', (file: string) => fs.symlink('/etc/hostname', file)],
    ['a FIFO', 'this host', async (file: string) => execFileSync('mkfifo', [file])],
  ] as const)('%s named like a dead writer’s temp file (%s name): connect() succeeds and leaves it', async (_kind, format, make) => {
    const dataDir = await folders.fresh();
    await fs.mkdir(path.join(dataDir, 'executions'));
    const pid = deadPid();
    const name = format === 'old-format' ? `.x.json.${pid}.1.tmp` : `.x.json.${HOST_IDENTITY}.${pid}.1.tmp`;
    const entry = path.join(dataDir, 'executions', name);
    await make(entry);
    await connectAndUse(dataDir);
    expect(await exists(entry)).toBe(true);
    cases += 1;
  });

  it('a folder named like a temp file with pid 99999999 (the issue’s case)', async () => {
    const dataDir = await folders.fresh();
    const entry = path.join(dataDir, 'executions', '.x.json.99999999.1.tmp');
    await fs.mkdir(entry, { recursive: true });
    await connectAndUse(dataDir);
    expect((await fs.lstat(entry)).isDirectory()).toBe(true);
    cases += 1;
  });
});

describe('connect() never removes a temp file a live writer elsewhere may own', () => {
  it('temp names carry this host and namespace’s identity and the writer’s pid', () => {
    const name = path.basename(tempPathFor('/data/executions/e.json'));
    expect(name).toMatch(/^\.e\.json\.[0-9a-f]{12}\.\d+\.\d+\.tmp$/);
    expect(tempFileOwner(name)).toEqual({ identity: HOST_IDENTITY, pid: process.pid });
    expect(tempFileOwner(`.e.json.${process.pid}.7.tmp`)).toEqual({ identity: null, pid: process.pid });
    cases += 1;
  });

  it('another namespace’s fresh temp file, whose pid is dead here: kept (another container may be writing it)', async () => {
    const dataDir = await folders.fresh();
    const file = await tempFile(dataDir, `.e.json.${OTHER_IDENTITY}.${deadPid()}.1.tmp`);
    await connectAndUse(dataDir);
    expect(await exists(file)).toBe(true);
    cases += 1;
  });

  it('an old-format fresh temp file (no identity), whose pid is dead here: kept', async () => {
    const dataDir = await folders.fresh();
    const file = await tempFile(dataDir, `.e.json.${deadPid()}.1.tmp`);
    await connectAndUse(dataDir);
    expect(await exists(file)).toBe(true);
    cases += 1;
  });

  it.each([
    ['another namespace’s temp file', () => `.e.json.${OTHER_IDENTITY}.${deadPid()}.1.tmp`],
    ['an old-format temp file', () => `.e.json.${deadPid()}.1.tmp`],
    ['a temp file of a live writer of this namespace', () => `.e.json.${HOST_IDENTITY}.${process.ppid}.1.tmp`],
  ] as const)('%s, older than the bound: removed', async (_kind, name) => {
    const dataDir = await folders.fresh();
    const file = await tempFile(dataDir, name(), FOREIGN_TEMP_FILE_AGE_MS + 60_000);
    await connectAndUse(dataDir);
    expect(await exists(file)).toBe(false);
    cases += 1;
  });

  it('this namespace’s temp file whose writer is dead: removed at once, whatever its age', async () => {
    const dataDir = await folders.fresh();
    const file = await tempFile(dataDir, `.e.json.${HOST_IDENTITY}.${deadPid()}.1.tmp`);
    await connectAndUse(dataDir);
    expect(await exists(file)).toBe(false);
    cases += 1;
  });

  it('this namespace’s fresh temp file whose writer lives: kept', async () => {
    const dataDir = await folders.fresh();
    const file = await tempFile(dataDir, `.e.json.${HOST_IDENTITY}.${process.ppid}.1.tmp`);
    await connectAndUse(dataDir);
    expect(await exists(file)).toBe(true);
    cases += 1;
  });
});
