import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, StorageIOError } from '../../src';
import { connectUnprivileged, makeReadOnly } from './connect-unprivileged';
import { useTempDir } from './temp-dir';

const SUBFOLDERS = ['programs', 'executions', 'outputs'];

describe('file backend: connect() checks that every folder can be written', () => {
  const root = useTempDir('cvm-unwritable-');

  /** A data folder with its subfolders, all writable. */
  function existingDataFolder(): string {
    const dataDir = path.join(root(), 'data');
    for (const sub of SUBFOLDERS) mkdirSync(path.join(dataDir, sub), { recursive: true });
    return dataDir;
  }

  it('fails naming the data folder when it lies under a regular file', async () => {
    writeFileSync(path.join(root(), 'file'), '');
    const dataDir = path.join(root(), 'file', 'data');
    const storage = new FileStorageAdapter(dataDir);

    const error = await storage.connect().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StorageIOError);
    expect(error).toMatchObject({ code: 'STORAGE_IO', location: dataDir, operation: 'create folder' });
    expect((error as Error).message).toBe(`Cannot create folder ${dataDir} (ENOTDIR)`);
    expect(storage.isConnected()).toBe(false);
  });

  it('fails naming the subfolder that cannot be created, not the data folder', async () => {
    const dataDir = path.join(root(), 'data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'executions'), 'a file where a folder belongs');

    const error = await new FileStorageAdapter(dataDir).connect().catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'STORAGE_IO', location: path.join(dataDir, 'executions'), operation: 'create folder' });
  });

  it('fails naming the subfolder when the data folder exists but is read-only', async () => {
    const dataDir = path.join(root(), 'data');
    mkdirSync(dataDir);
    makeReadOnly(dataDir);

    const failure = await connectUnprivileged(root(), dataDir);

    expect(failure).toMatchObject({ name: 'StorageIOError', location: path.join(dataDir, 'programs'), operation: 'create folder' });
    expect(failure?.message).toContain('(EACCES)');
  });

  it('fails naming the data folder when it and its subfolders exist but it is read-only', async () => {
    const dataDir = existingDataFolder();
    makeReadOnly(dataDir);

    const failure = await connectUnprivileged(root(), dataDir);

    expect(failure).toMatchObject({ name: 'StorageIOError', location: dataDir, operation: 'create a file in' });
    expect(failure?.message).toBe(`Cannot create a file in ${dataDir} (EACCES)`);
  });

  it.each(SUBFOLDERS)('fails naming %s when only that subfolder is read-only, leaving no probe file behind', async (sub) => {
    const dataDir = existingDataFolder();
    makeReadOnly(path.join(dataDir, sub));

    const failure = await connectUnprivileged(root(), dataDir);

    expect(failure).toMatchObject({ name: 'StorageIOError', location: path.join(dataDir, sub), operation: 'create a file in' });
    expect(readdirSync(dataDir).sort()).toEqual([...SUBFOLDERS].sort());
    for (const other of SUBFOLDERS) expect(readdirSync(path.join(dataDir, other))).toEqual([]);
  });

  it('connects to a writable folder and leaves no probe file behind', async () => {
    const dataDir = existingDataFolder();

    expect(await connectUnprivileged(root(), dataDir)).toBeNull();
    expect(readdirSync(dataDir).sort()).toEqual([...SUBFOLDERS].sort());
    for (const sub of SUBFOLDERS) expect(readdirSync(path.join(dataDir, sub))).toEqual([]);
  });
});
