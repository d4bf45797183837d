import { FileStorageAdapter } from '../../src';
import { SECRET_URLS } from '../masking/malformed-urls';
import { leaks } from '../masking/secret-leaks';
import { useTempDir } from '../support/fixtures/temp-folders';
import { runCli } from './run-cli';

describe('cvm-storage never prints the secrets of a connection string it is given', () => {
  const cwd = useTempDir('cli-secret-urls-');

  it.each(SECRET_URLS)('$url as --mongo-url, MONGODB_URL, MONGODB_URI and migrate --to, in text and JSON', async ({ url, secrets }) => {
    const source = new FileStorageAdapter(cwd());
    await source.connect();
    await source.disconnect();
    const runs = [
      await runCli(['inspect', '--mongo-url', url, '--timeout', '200']),
      await runCli(['list', 'programs', '--json', '--mongo-url', url, '--timeout', '200']),
      await runCli(['check', '--timeout', '200'], { env: { MONGODB_URL: url } }),
      await runCli(['export', '-', '--json', '--timeout', '200'], { env: { MONGODB_URI: url } }),
      await runCli(['inspect', '--timeout', '200'], { env: { CVM_STORAGE_TYPE: 'mongodb', MONGODB_URI: url } }),
      await runCli(['migrate', '--dry-run', '--data-dir', cwd(), '--to', url, '--timeout', '200'], { cwd: cwd() }),
    ];
    for (const run of runs) expect(run.code).toBe(2);
    expect(runs.every((run) => run.stderr.includes('****'))).toBe(true);
    expect(leaks(runs.flatMap((run) => [run.stdout, run.stderr]), secrets)).toEqual([]);
  }, 30000);
});
