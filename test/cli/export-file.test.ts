import diagnosticsChannel from 'node:diagnostics_channel';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OPERATION_CHANNEL, type OperationEvent } from '../../src/adapters/operation-events';
import { runCli } from './run-cli';
import { seedFileStore } from './seed-store';
import { useTempDir } from '../support/fixtures/temp-folders';

describe('cvm-storage export into a file, and the progress of export and import', () => {
  const root = useTempDir('cli-export-file-');
  const store = () => path.join(root(), 'store');

  beforeEach(() => seedFileStore(store(), { programs: 2, executions: 30, outputLines: (i) => [`line ${i}`] }));

  it('refuses a file that exists (exit 2, naming it), writing nothing; --force replaces it', async () => {
    const file = path.join(root(), 'backup.jsonl');
    writeFileSync(file, 'yesterday');
    const refused = await runCli(['export', file, '--data-dir', store()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`cvm-storage: ${file} exists: nothing was written (give --force to replace it)\n`);
    expect(refused.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('yesterday');
    expect(readdirSync(root()).sort()).toEqual(['backup.jsonl', 'store']);

    const forced = await runCli(['export', file, '--force', '--data-dir', store()]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe(`exported 2 programs, 30 executions, 30 output lines, 0 history entries to ${file}\n`);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toContain('"kind":"header"');
    expect(readdirSync(root()).sort()).toEqual(['backup.jsonl', 'store']);
  });

  it('writes a new file, and refuses it the second time', async () => {
    const file = path.join(root(), 'new.jsonl');
    expect((await runCli(['export', file, '--data-dir', store()])).code).toBe(0);
    const bytes = readFileSync(file, 'utf8');
    const again = await runCli(['export', file, '--data-dir', store()]);
    expect(again.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(bytes);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('refuses a file made while it exported, keeping that file and removing its own', async () => {
    const file = path.join(root(), 'raced.jsonl');
    const makeFile = (message: unknown) => {
      if ((message as OperationEvent).method === 'getCurrentExecutionId' && !existsSync(file)) writeFileSync(file, 'made meanwhile');
    };
    diagnosticsChannel.subscribe(OPERATION_CHANNEL, makeFile);
    let run;
    try {
      run = await runCli(['export', file, '--data-dir', store()]);
    } finally {
      diagnosticsChannel.unsubscribe(OPERATION_CHANNEL, makeFile);
    }
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file} exists: nothing was written`);
    expect(readFileSync(file, 'utf8')).toBe('made meanwhile');
    expect(readdirSync(root()).sort()).toEqual(['raced.jsonl', 'store']);
  });

  it('export and import draw the progress bar on a terminal, and not otherwise', async () => {
    const file = path.join(root(), 'progress.jsonl');
    const exported = await runCli(['export', file, '--data-dir', store()], { tty: true });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/export \[.*\] 100% \| 32\/32 records \| \d+ records\/s \| ETA \d+s/);
    const imported = await runCli(['import', file, '--data-dir', path.join(root(), 'restored')], { tty: true });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/import \[.*\] 100% \| 32\/32 records \| \d+ records\/s \| ETA \d+s/);

    const quiet = [
      await runCli(['export', '-', '--data-dir', store()]),
      await runCli(['export', path.join(root(), 'json.jsonl'), '--json', '--data-dir', store()], { tty: true }),
      await runCli(['import', file, '--data-dir', path.join(root(), 'restored-2')]),
    ];
    for (const run of quiet) {
      expect(run.code).toBe(0);
      expect(run.stderr).not.toMatch(/records\/s/);
    }
  });
});
