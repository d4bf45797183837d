import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { connectUnprivileged, removeTranspiledLibrary, makeReadOnly } from './connect-unprivileged';
import { useTempDir } from '../support/fixtures/temp-folders';

const SUBFOLDERS = ['programs', 'executions', 'outputs'];

// A regular file where a folder must be is covered in test/reliability/unavailable-folders.test.ts.
describe('file backend: connect() checks that every folder can be written', () => {
  const root = useTempDir('cvm-unwritable-');
  afterAll(removeTranspiledLibrary);

  /** A data folder with its subfolders, all writable. */
  function existingDataFolder(): string {
    const dataDir = path.join(root(), 'data');
    for (const sub of SUBFOLDERS) mkdirSync(path.join(dataDir, sub), { recursive: true });
    return dataDir;
  }

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
