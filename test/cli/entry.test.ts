import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { seedFileStore } from './seed-store';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';
import { transpileFolders, type TranspiledFolders } from '../support/transpiled-folders';

const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);

let library: TranspiledFolders;
beforeAll(() => {
  library = transpileFolders(['src']);
});
afterAll(() => library?.remove());

/**
 * Runs src/cli/main.ts as its own process, as JavaScript transpiled from it as the build does
 * (once per run: test/support/transpiled-folders.ts), not through ts-node, which compiled the
 * library again in every process.
 */
async function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [library.file('src/cli/main.ts'), ...args], { cwd: root, env: { ...process.env, MONGODB_URL: '', MONGODB_URI: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the cvm-storage entry point', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = makeTempDir('cli-helper-entry-');
    seedFileStore(dataDir, { programs: 2, executions: 3, outputLines: (i) => [`line ${i}`] });
  });

  afterAll(() => removeTempDir(dataDir));

  it('runs as a process, prints JSON and exits 0', async () => {
    const result = await spawnCli(['inspect', '--data-dir', dataDir, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ programs: { count: 2 }, executions: { count: 3 }, output: { lines: 3 } });
  }, 60_000);

  it('sets the process exit code: 2 for a store that does not exist', async () => {
    const result = await spawnCli(['inspect', '--data-dir', path.join(dataDir, 'missing')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not exist');
  }, 60_000);

  it('exits 2 as a process on a folder that is not a store, creating nothing there', async () => {
    const folder = path.join(dataDir, 'programs');
    const before = readdirSync(folder).sort();
    const result = await spawnCli(['inspect', '--data-dir', folder]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${folder} is not a store`);
    expect(readdirSync(folder).sort()).toEqual(before);
  }, 60_000);

  it('is the package bin, built from a source with a node shebang', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ 'cvm-storage': 'dist/src/cli/main.js' });
    expect(readFileSync(path.join(root, 'src/cli/main.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
