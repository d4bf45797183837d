import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import type { InspectResult } from '../../src/cli/commands/inspect';
import type { ShowResult } from '../../src/cli/commands/show';
import { runCli, runJson } from './run-cli';
import { awkwardExecution, program } from './seed-store';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

describe('cvm-storage inspect, list and show on the file backend', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = makeTempDir('cli-helper-read-');
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
    await storage.connect();
    await storage.saveProgram(program('alpha', new Date(Date.UTC(2025, 0, 1))));
    await storage.saveProgram(program('beta', new Date(Date.UTC(2025, 0, 2))));
    await storage.saveExecution(awkwardExecution('run-1', 'alpha'));
    for (let i = 2; i <= 5; i++) {
      await storage.saveExecution({ ...awkwardExecution(`run-${i}`, 'beta'), state: i % 2 === 0 ? 'COMPLETED' : 'READY', created: new Date(Date.UTC(2026, 0, 2 + i)) });
    }
    await storage.appendOutput('run-1', ['hello', 'wörld']);
    await storage.appendOutput('run-1', ['again']);
    await storage.setCurrentExecutionId('run-1');
    await storage.disconnect();
  });

  afterAll(() => removeTempDir(dataDir));

  it('inspect counts programs, executions by state and output lines, and names the current execution', async () => {
    const { code, json } = await runJson<InspectResult>(['inspect', '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(json.programs.count).toBe(2);
    expect(json.executions.count).toBe(5);
    expect(json.executions.byState).toMatchObject({ AWAITING_COGNITIVE_RESULT: 1, COMPLETED: 2, READY: 2, RUNNING: 0 });
    expect(json.output).toMatchObject({ lines: 3, bytes: 'hello\n'.length + 'wörld\n'.length + 1 + 'again\n'.length, largest: { id: 'run-1' } });
    expect(json.oldest).toBe('2025-01-01T00:00:00.000Z');
    expect(json.newest).toBe('2026-01-07T00:00:00.000Z');
    expect(json.currentExecutionId).toBe('run-1');
    expect(json.formatVersion).toBe(2);
  });

  it('inspect prints a table for people without --json', async () => {
    const { code, stdout } = await runCli(['inspect', '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^programs: +2 /m);
    expect(stdout).toMatch(/^current execution: +run-1$/m);
  });

  it('list pages through executions in API order with --limit and --after, and filters by --state', async () => {
    const first = await runJson<{ items: { id: string }[]; next: string | null }>(['list', 'executions', '--limit', '2', '--data-dir', dataDir]);
    expect(first.json.items.map((i) => i.id)).toEqual(['run-1', 'run-2']);
    expect(first.json.next).toBe('run-2');
    const second = await runJson<{ items: { id: string }[]; next: string | null }>(['list', 'executions', '--limit', '2', '--after', 'run-2', '--data-dir', dataDir]);
    expect(second.json.items.map((i) => i.id)).toEqual(['run-3', 'run-4']);
    const last = await runJson<{ items: { id: string }[]; next: string | null }>(['list', 'executions', '--limit', '2', '--after', 'run-4', '--data-dir', dataDir]);
    expect(last.json).toMatchObject({ items: [{ id: 'run-5' }], next: null });
    const completed = await runJson<{ items: { id: string }[] }>(['list', 'executions', '--state', 'COMPLETED', '--data-dir', dataDir]);
    expect(completed.json.items.map((i) => i.id)).toEqual(['run-2', 'run-4']);
    const programs = await runCli(['list', 'programs', '--data-dir', dataDir]);
    expect(programs.stdout.split('\n')[0]).toMatch(/^id +name/);
    expect(programs.stdout).toContain('beta');
  });

  it('show --json prints the record as the API returns it, with its revision and output, and exits 1 for a missing one', async () => {
    const shown = await runJson<ShowResult>(['show', 'execution', 'run-1', '--output', '--data-dir', dataDir]);
    expect(shown.code).toBe(0);
    const record = shown.json.record as Record<string, unknown>;
    expect(record.stack).toEqual(['NaN', '-0', 'Infinity', 'half \uD83D', null]);
    expect(record.status).toBe('waiting_cc');
    expect(record.variables).toEqual({ 'a.b': 1, $dollar: [[1, 2], [3]], nested: { type: 'object', properties: { x: '-Infinity' } } });
    expect(record.created).toBe('2026-01-02T03:04:05.678Z');
    expect(JSON.stringify(record)).not.toMatch(/"~|"num"/);
    const storage = new FileStorageAdapter(dataDir);
    await storage.connect();
    const read = await storage.readExecution('run-1');
    await storage.disconnect();
    expect(shown.json.revision).toBe(read?.revision);
    expect(typeof shown.json.revision).toBe('number');
    expect(shown.json.output).toEqual(['hello', 'wörld', 'again']);
    const programShown = await runJson<ShowResult>(['show', 'program', 'alpha', '--data-dir', dataDir]);
    expect(programShown.json.record).toMatchObject({ id: 'alpha', created: '2025-01-01T00:00:00.000Z' });
    const missing = await runJson(['show', 'program', 'nope', '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.json).toMatchObject({ found: false });
  });

  it('show of an invalid id is a usage error (exit 2) naming the id, in text and JSON', async () => {
    const long = 'x'.repeat(1100);
    const text = await runCli(['show', 'execution', long, '--data-dir', dataDir]);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain(`"${long}" is not a valid execution id`);
    expect(text.stderr).not.toContain('cvm-storage check');
    const json = await runCli(['show', 'program', '', '--json', '--data-dir', dataDir]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr.trim().split('\n').pop() as string)).toEqual({ error: { code: 'CLI_USAGE', message: expect.stringContaining('"" is not a valid program id') } });
  });

  it('show prints the record for people as the API returns it, with its revision and output', async () => {
    const { code, stdout } = await runCli(['show', 'execution', 'run-1', '--output', '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^revision: \d+$/m);
    expect(stdout).toContain("status: 'waiting_cc'");
    expect(stdout).toContain('stack: [ NaN, -0, Infinity');
    expect(stdout).toContain('output (3 lines):\nhello\nwörld\nagain\n');
  });

  it('exits 2 on usage errors and on a store that does not exist', async () => {
    expect((await runCli(['list', 'things', '--data-dir', dataDir])).code).toBe(2);
    expect((await runCli(['list', 'programs', '--state', 'READY', '--data-dir', dataDir])).code).toBe(2);
    expect((await runCli(['list', 'executions', '--limit', '0', '--data-dir', dataDir])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['inspect', '--data-dir', dataDir, '--mongo-url', 'mongodb://127.0.0.1:1/x'])).code).toBe(2);
    const missing = await runCli(['inspect', '--data-dir', path.join(dataDir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  it('with --json reports a failure as JSON on standard error', async () => {
    const run = await runCli(['inspect', '--json', '--data-dir', path.join(dataDir, 'nope')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({ error: { code: 'CLI_STORE_UNAVAILABLE', message: expect.stringContaining('does not exist') } });
  });

  it('exits 2 when the MongoDB server does not answer', async () => {
    const run = await runCli(['inspect', '--mongo-url', 'mongodb://127.0.0.1:9/cli', '--timeout', '300']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot open the store');
  });

  it('takes the store from CVM_DATA_DIR when no flag names one', async () => {
    const { code, json } = await runJson<InspectResult>(['inspect'], { env: { CVM_DATA_DIR: dataDir } });
    expect(code).toBe(0);
    expect(json.store).toBe(dataDir);
  });

  it('--help lists the exit codes and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exit codes:');
  });
});
