import { readFileSync } from 'node:fs';
import path from 'node:path';
import { announceStore } from '../../src/cli/command-context';
import { packageVersion } from '../../src/cli/package-version';
import { mongoTarget } from '../../src/cli/store-target';
import { captureContext, runCli } from './run-cli';
import { seedFileStore } from './seed-store';
import { useTempDir } from '../support/fixtures/temp-folders';

describe('cvm-storage says which store it opened, and its version', () => {
  const root = useTempDir('cli-store-line-');

  it('--version prints the version in package.json and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([
    ['inspect'],
    ['list', 'programs'],
    ['show', 'execution', 'e0', '--output'],
    ['check'],
    ['check', '--repair'],
    ['export', '-'],
    ['upgrade', '--dry-run'],
    ['upgrade'],
    ['prune', '--older-than', '1d', '--any-state', '--dry-run'],
    ['migrate', '--dry-run', '--to', 'copy'],
  ])('%s names the store on standard error, in text and as JSON, leaving --json output parseable', async (...command) => {
    const store = path.join(root(), 'store');
    seedFileStore(store, { programs: 1, executions: 2, outputLines: (i) => [`line ${i}`] });
    const text = await runCli([...command, '--data-dir', store], { cwd: root() });
    expect(text.code).toBe(0);
    expect(text.stderr).toBe(`cvm-storage: using the store at ${store} (given by --data-dir)\n`);
    const json = await runCli([...command, '--json'], { cwd: root(), env: { CVM_DATA_DIR: store } });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stderr)).toEqual({ store: { location: store, source: 'from CVM_DATA_DIR' } });
    if (command[0] !== 'export') expect(() => JSON.parse(json.stdout)).not.toThrow();
  });

  it('import names the store it fills', async () => {
    const store = path.join(root(), 'store');
    seedFileStore(store, { programs: 1, executions: 1, outputLines: () => [] });
    const exported = (await runCli(['export', '-', '--data-dir', store])).stdout;
    const run = await runCli(['import', '-', '--data-dir', path.join(root(), 'restored')], { stdin: exported });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`cvm-storage: using the store at ${path.join(root(), 'restored')} (given by --data-dir)\n`);
  });

  it('a MongoDB store is named without its password', async () => {
    for (const json of [false, true]) {
      const { ctx, stderr } = captureContext(mongoTarget('mongodb://admin:s3cret-pw@db.example:27017/cvm?authSource=admin', 'given by --mongo-url'), { json });
      await announceStore(ctx);
      expect(stderr()).toContain('mongodb://admin:****@db.example:27017/cvm');
      expect(stderr()).not.toContain('s3cret-pw');
    }
  });
});

describe('packageVersion', () => {
  it('finds the package.json of @cvm/storage above a folder inside the package, and says unknown outside it', () => {
    const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(packageVersion(path.resolve(__dirname, '../../dist/src/cli'))).toBe(version);
    expect(packageVersion('/')).toMatch(/^unknown \(no package.json of @cvm\/storage above \/\)$/);
  });
});
