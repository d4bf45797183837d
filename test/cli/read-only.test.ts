import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './run-cli';
import { seedFileStore } from './seed-store';
import { useTempDir } from '../support/fixtures/temp-folders';

/** Every path under `root` with its kind, size, content and modification time: any change shows. */
function snapshot(root: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      const stats = lstatSync(file);
      const relative = path.relative(root, file);
      if (stats.isDirectory()) {
        tree[`${relative}/`] = `folder ${stats.mtimeMs}`;
        walk(file);
      } else {
        tree[relative] = `file ${stats.size} ${stats.mtimeMs} ${readFileSync(file).toString('base64')}`;
      }
    }
  };
  walk(root);
  return tree;
}

const READ_ONLY_COMMANDS: string[][] = [
  ['inspect'],
  ['list', 'programs'],
  ['list', 'executions'],
  ['show', 'program', 'p0'],
  ['show', 'execution', 'e0', '--output'],
  ['check'],
  ['export', '-'],
  ['upgrade', '--dry-run'],
  ['prune', '--older-than', '1d', '--any-state', '--dry-run'],
];

describe('cvm-storage read-only commands never create or change anything', () => {
  const root = useTempDir('cli-read-only-');

  it.each(READ_ONLY_COMMANDS)('%s on a folder that is not a store exits 2 with a message and leaves it as it was', async (...command) => {
    const folder = path.join(root(), 'project');
    mkdirSync(path.join(folder, 'src'), { recursive: true });
    writeFileSync(path.join(folder, 'README.md'), 'not a store');
    const before = snapshot(root());
    const run = await runCli([...command, '--data-dir', folder]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `cvm-storage: ${folder} is not a store: it holds none of programs, executions, outputs, metadata.json, quarantine (it holds README.md, src); nothing was changed (give the store's folder with --data-dir)\n`,
    );
    expect(run.stdout).toBe('');
    expect(snapshot(root())).toEqual(before);
  });

  it('migrate --dry-run from, and migrate to, a folder that is not a store exit 2 and change neither', async () => {
    const store = path.join(root(), 'store');
    seedFileStore(store, { programs: 1, executions: 2, outputLines: (i) => [`line ${i}`] });
    const notStore = path.join(root(), 'photos');
    mkdirSync(notStore);
    writeFileSync(path.join(notStore, 'cat.jpg'), 'meow');
    const before = snapshot(root());
    for (const argv of [['migrate', '--dry-run', '--to', path.join(root(), 'new')], ['migrate', '--to', store]].map((a) => [...a, '--data-dir', notStore])) {
      const run = await runCli(argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.stderr).toContain(`${notStore} is not a store`);
    }
    for (const argv of [['migrate', '--to', notStore], ['migrate', '--dry-run', '--to', notStore]].map((a) => [...a, '--data-dir', store])) {
      const run = await runCli(argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.stderr).toContain(`${notStore} is not a store`);
    }
    expect(snapshot(root())).toEqual(before);
  });

  it('a file given as the store is exit 2, not a store', async () => {
    const file = path.join(root(), 'notes.txt');
    writeFileSync(file, 'x');
    const run = await runCli(['inspect', '--data-dir', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file} is not a folder, so not a store`);
  });

  it.each(READ_ONLY_COMMANDS)('%s on an empty folder reads an empty store and creates nothing there', async (...command) => {
    const folder = path.join(root(), 'empty');
    mkdirSync(folder);
    const before = snapshot(root());
    const run = await runCli([...command, '--data-dir', folder]);
    expect(run.code).toBe(command[0] === 'show' ? 1 : 0);
    expect(run.stderr).toContain(`using the store at ${folder}`);
    expect(readdirSync(folder)).toEqual([]);
    expect(snapshot(root())).toEqual(before);
  });

  it.each([...READ_ONLY_COMMANDS, ['migrate', '--to', 'copy'], ['migrate', '--dry-run', '--to', 'copy']])(
    '%s on a store changes nothing in it: no missing folder made, no leftover removed, no probe written',
    async (...command) => {
      const store = path.join(root(), 'store');
      seedFileStore(store, { programs: 2, executions: 3, outputLines: (i) => [`line ${i}`] });
      rmSync(path.join(store, 'programs'), { recursive: true });
      // A dead writer's temp file, old enough for connect() to remove it.
      const leftover = path.join(store, 'executions', '.e0.json.1.1.tmp');
      writeFileSync(leftover, '{"half');
      const old = new Date(Date.now() - 3_600_000);
      utimesSync(leftover, old, old);
      const before = snapshot(store);
      const run = await runCli([...command, '--data-dir', store], { cwd: root() });
      expect({ command, code: run.code, stderr: run.stderr }).toEqual({ command, code: command[0] === 'show' && command[1] === 'program' ? 1 : command[0] === 'check' ? 1 : 0, stderr: expect.any(String) });
      expect(snapshot(store)).toEqual(before);
    },
  );
});
