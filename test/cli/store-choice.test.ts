import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import type { InspectResult } from '../../src/cli/commands/inspect';
import { runCli, runJson } from './run-cli';
import { program } from './seed-store';
import { useTempDir } from '../support/fixtures/temp-folders';

/** A store in `dataDir` holding one program named `name`, so a test can tell which store was read. */
async function seedStore(dataDir: string, name: string): Promise<void> {
  const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
  await storage.connect();
  await storage.saveProgram(program(name, new Date(Date.UTC(2025, 0, 1))));
  await storage.disconnect();
}

async function programIds(cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; ids: string[]; stderr: string }> {
  const run = await runJson<{ items: { id: string }[] }>(['list', 'programs'], { cwd, env });
  return { code: run.code, ids: run.json.items.map((item) => item.id), stderr: run.stderr };
}

describe('cvm-storage finds the store next to a CVM server', () => {
  const cwd = useTempDir('cli-store-choice-');

  it("uses ./.cvm, StorageFactory's default, when it is the only store here, and says so", async () => {
    await seedStore(path.join(cwd(), '.cvm'), 'from-factory');
    const run = await runCli(['inspect'], { cwd: cwd() });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`cvm-storage: using the store at ${path.join(cwd(), '.cvm')} (./.cvm, StorageFactory's default)\n`);
    expect((await programIds(cwd())).ids).toEqual(['from-factory']);
  });

  it("uses ./cvm-data, createStorageAdapter's default, when it is the only store here", async () => {
    await seedStore(path.join(cwd(), 'cvm-data'), 'from-adapter');
    const run = await runCli(['list', 'programs'], { cwd: cwd() });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`cvm-storage: using the store at ${path.join(cwd(), 'cvm-data')} (./cvm-data, createStorageAdapter's default)\n`);
    expect((await programIds(cwd())).ids).toEqual(['from-adapter']);
  });

  it('refuses to guess when both default stores exist, naming both and the flag that chooses', async () => {
    await seedStore(path.join(cwd(), '.cvm'), 'from-factory');
    await seedStore(path.join(cwd(), 'cvm-data'), 'from-adapter');
    for (const command of [['inspect'], ['list', 'programs'], ['check'], ['export', '-'], ['import', '-']]) {
      const run = await runCli(command, { cwd: cwd(), stdin: '' });
      expect({ command, code: run.code, stdout: run.stdout }).toEqual({ command, code: 2, stdout: '' });
      expect(run.stderr).toBe(
        "cvm-storage: found two stores here, ./cvm-data (createStorageAdapter's default) and ./.cvm (StorageFactory's default): choose one with --data-dir\n",
      );
    }
    const chosen = await runJson<{ items: { id: string }[] }>(['list', 'programs', '--data-dir', path.join(cwd(), '.cvm')], { cwd: cwd() });
    expect(chosen.json.items.map((item) => item.id)).toEqual(['from-factory']);
    expect(chosen.stderr).toBe(`${JSON.stringify({ store: { location: path.join(cwd(), '.cvm'), source: 'given by --data-dir' } })}\n`);
  });

  it('with no store here, read commands name both folders looked for, and import creates ./cvm-data as before', async () => {
    for (const command of [['inspect'], ['list', 'programs'], ['show', 'program', 'p'], ['check'], ['export', '-'], ['prune', '--older-than', '1d', '--any-state']]) {
      const run = await runCli(command, { cwd: cwd() });
      expect({ command, code: run.code }).toEqual({ command, code: 2 });
      expect(run.stderr).toBe(
        `cvm-storage: no store found in ${cwd()}: neither ./cvm-data (createStorageAdapter's default) nor ./.cvm (StorageFactory's default) exists (give --data-dir or --mongo-url)\n`,
      );
    }
    expect(existsSync(path.join(cwd(), 'cvm-data'))).toBe(false);
    await seedStore(path.join(cwd(), 'source'), 'imported');
    const exported = (await runCli(['export', '-', '--data-dir', path.join(cwd(), 'source')])).stdout;
    const imported = await runCli(['import', '-'], { cwd: cwd(), stdin: exported });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe(`cvm-storage: using the store at ${path.join(cwd(), 'cvm-data')} (./cvm-data, createStorageAdapter's default)\n`);
    expect((await programIds(cwd())).ids).toEqual(['imported']);
  });

  it('a file named like a default folder is not a store', async () => {
    writeFileSync(path.join(cwd(), 'cvm-data'), 'not a folder');
    await seedStore(path.join(cwd(), '.cvm'), 'from-factory');
    expect(await programIds(cwd())).toMatchObject({ code: 0, ids: ['from-factory'] });
  });

  it('a store named by the environment wins over the default folders, and is named with its variable', async () => {
    await seedStore(path.join(cwd(), '.cvm'), 'from-factory');
    await seedStore(path.join(cwd(), 'cvm-data'), 'from-adapter');
    await seedStore(path.join(cwd(), 'elsewhere'), 'from-env');
    const fromEnv = await programIds(cwd(), { CVM_DATA_DIR: 'elsewhere' });
    expect(fromEnv.ids).toEqual(['from-env']);
    expect(JSON.parse(fromEnv.stderr)).toEqual({ store: { location: path.join(cwd(), 'elsewhere'), source: 'from CVM_DATA_DIR' } });
  });

  it("with CVM_STORAGE_TYPE set, picks the store as StorageFactory does: CVM_DATA_DIR, else ./.cvm; MONGODB_URI, not MONGODB_URL", async () => {
    await seedStore(path.join(cwd(), '.cvm'), 'from-factory');
    await seedStore(path.join(cwd(), 'cvm-data'), 'from-adapter');
    const factory = await programIds(cwd(), { CVM_STORAGE_TYPE: 'file', MONGODB_URL: 'mongodb://127.0.0.1:9/ignored' });
    expect(factory.ids).toEqual(['from-factory']);
    expect(JSON.parse(factory.stderr)).toEqual({ store: { location: path.join(cwd(), '.cvm'), source: "StorageFactory's default, CVM_STORAGE_TYPE=file" } });
    const mongo = await runCli(['inspect', '--timeout', '200'], { cwd: cwd(), env: { CVM_STORAGE_TYPE: 'mongodb', MONGODB_URL: 'mongodb://127.0.0.1:9/url', MONGODB_URI: 'mongodb://127.0.0.1:9/uri' } });
    expect(mongo.code).toBe(2);
    expect(mongo.stderr).toContain('cannot open the store mongodb://127.0.0.1:9/uri');
    const wrong = await runCli(['inspect'], { cwd: cwd(), env: { CVM_STORAGE_TYPE: 'postgres' } });
    expect(wrong).toMatchObject({ code: 2, stderr: `cvm-storage: CVM_STORAGE_TYPE must be 'file' or 'mongodb', got "postgres"\n` });
  });

  it('without CVM_STORAGE_TYPE, MONGODB_URL comes before MONGODB_URI, as createStorageAdapter reads them', async () => {
    const run = await runCli(['inspect', '--timeout', '200'], { cwd: cwd(), env: { MONGODB_URL: 'mongodb://127.0.0.1:9/url', MONGODB_URI: 'mongodb://127.0.0.1:9/uri' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot open the store mongodb://127.0.0.1:9/url');
  });

  it('inspect names the store it opened in its result too', async () => {
    await seedStore(path.join(cwd(), '.cvm'), 'from-factory');
    const { json } = await runJson<InspectResult>(['inspect'], { cwd: cwd() });
    expect(json.store).toBe(path.join(cwd(), '.cvm'));
  });
});

describe('cvm-storage migrate --to', () => {
  const cwd = useTempDir('cli-migrate-to-');

  it('reads a relative target folder from the folder the CLI runs in', async () => {
    await seedStore(path.join(cwd(), '.cvm'), 'moved');
    const run = await runCli(['migrate', '--to', 'copy'], { cwd: cwd() });
    expect(run.code).toBe(0);
    expect((await programIds(cwd(), { CVM_DATA_DIR: path.join(cwd(), 'copy') })).ids).toEqual(['moved']);
  });
});
