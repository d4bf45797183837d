import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import type { CheckResult } from '../../src/cli/commands/check';
import type { InspectResult } from '../../src/cli/commands/inspect';
import type { ForkResult } from '../../src/cli/commands/fork';
import type { HistoryResult } from '../../src/cli/commands/history';
import type { ShowRevisionResult } from '../../src/cli/commands/show-revision';
import { stageFileLosable } from '../../src/repositories/file/durable-fs';
import { historyFileOf } from '../../src/repositories/file/history/history-files';
import { runCli, runJson } from './run-cli';
import { awkwardExecution } from './seed-store';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

describe('cvm-storage history, show --revision and fork on the file backend', () => {
  let dataDir: string;
  const revisions: number[] = [];

  beforeAll(async () => {
    dataDir = makeTempDir('cli-history-');
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed', history: { keep: 'all' } });
    await storage.connect();
    await storage.createExecution({ ...awkwardExecution('run-1', 'alpha'), pc: 0 });
    revisions.push((await storage.readExecution('run-1'))!.revision);
    for (let pc = 1; pc <= 2; pc++) {
      await storage.appendOutput('run-1', [`line ${pc}`]);
      await storage.saveExecution({ ...awkwardExecution('run-1', 'alpha'), pc });
      revisions.push((await storage.readExecution('run-1'))!.revision);
    }
    await storage.disconnect();
  });

  afterAll(() => removeTempDir(dataDir));

  it('history lists the revisions newest first, a page at a time; a missing execution exits 1', async () => {
    const listed = await runJson<HistoryResult>(['history', 'run-1', '--data-dir', dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.json.revisions.map(({ revision, pc, outputLength }) => ({ revision, pc, outputLength }))).toStrictEqual([
      { revision: revisions[2], pc: 2, outputLength: 2 },
      { revision: revisions[1], pc: 1, outputLength: 1 },
      { revision: revisions[0], pc: 0, outputLength: 0 },
    ]);
    const page = await runJson<HistoryResult>(['history', 'run-1', '--limit', '1', '--before', String(revisions[2]), '--data-dir', dataDir]);
    expect(page.json).toMatchObject({ revisions: [{ revision: revisions[1] }], next: revisions[1] });
    const text = await runCli(['history', 'run-1', '--data-dir', dataDir]);
    expect(text.stdout).toContain(`${revisions[1]}`);
    expect(text.stdout).toContain('pc 1, 1 output lines');
    expect((await runCli(['history', 'nope', '--data-dir', dataDir])).code).toBe(1);
    expect((await runCli(['history', 'run-1', '--limit', '0', '--data-dir', dataDir])).code).toBe(2);
  });

  it('show --revision prints the execution as saved then, with --output the output as it stood', async () => {
    const shown = await runJson<ShowRevisionResult>(['show', 'execution', 'run-1', '--revision', String(revisions[1]), '--output', '--data-dir', dataDir]);
    expect(shown.code).toBe(0);
    expect(shown.json).toMatchObject({ found: true, revision: revisions[1], record: expect.objectContaining({ pc: 1 }), output: ['line 1'] });
    expect((await runCli(['show', 'execution', 'run-1', '--revision', '1', '--data-dir', dataDir])).code).toBe(1);
    expect((await runCli(['show', 'program', 'run-1', '--revision', '1', '--data-dir', dataDir])).code).toBe(2);
  });

  it('fork creates the copy from that revision and leaves the source alone', async () => {
    const forked = await runJson<ForkResult>(['fork', 'run-1', '--revision', String(revisions[1]), '--id', 'run-1-retry', '--data-dir', dataDir]);
    expect(forked.code).toBe(0);
    expect(forked.json).toMatchObject({ forked: true, newId: 'run-1-retry' });
    const storage = new FileStorageAdapter(dataDir);
    await storage.connect();
    try {
      expect(await storage.getExecution('run-1-retry')).toStrictEqual({ ...awkwardExecution('run-1', 'alpha'), pc: 1, id: 'run-1-retry' });
      expect(await storage.getOutput('run-1-retry')).toStrictEqual(['line 1']);
      expect((await storage.getExecution('run-1'))?.pc).toBe(2);
    } finally {
      await storage.disconnect();
    }
  });

  it('fork onto an id the store holds exits 1 with a message naming it, and changes nothing', async () => {
    const before = await runJson<unknown>(['show', 'execution', 'run-1-retry', '--data-dir', dataDir]);
    const refused = await runCli(['fork', 'run-1', '--revision', String(revisions[0]), '--id', 'run-1-retry', '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('execution "run-1-retry" already exists');
    expect(refused.stderr).not.toContain('run cvm-storage check');
    const json = await runCli(['fork', 'run-1', '--revision', String(revisions[0]), '--id', 'run-1-retry', '--data-dir', dataDir, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr.trim().split('\n').pop()!)).toMatchObject({ error: { code: 'CLI_TARGET_EXISTS' } });
    expect(await runJson<unknown>(['show', 'execution', 'run-1-retry', '--data-dir', dataDir])).toStrictEqual(before);
  });

  it('inspect counts the history records of each execution and their bytes as stored', async () => {
    const folder = path.join(dataDir, 'history');
    const files = readdirSync(folder).flatMap((execution) => readdirSync(path.join(folder, execution)).map((name) => path.join(folder, execution, name)));
    const inspected = await runJson<InspectResult>(['inspect', '--data-dir', dataDir]);
    expect(inspected.code).toBe(0);
    expect(inspected.json.history).toStrictEqual({ records: revisions.length, bytes: files.reduce((sum, file) => sum + statSync(file).size, 0), executions: 1 });
    expect(files).toHaveLength(revisions.length);
  });

  it('fork without --revision is a usage error', async () => {
    expect((await runCli(['fork', 'run-1', '--id', 'x', '--data-dir', dataDir])).code).toBe(2);
  });
});

describe('cvm-storage check and history on the file backend', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = makeTempDir('cli-history-check-');
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed', history: { keep: 'all' } });
    await storage.connect();
    for (const id of ['kept', 'gone']) {
      await storage.createExecution({ ...awkwardExecution(id, 'alpha'), pc: 0 });
      await storage.saveExecution({ ...awkwardExecution(id, 'alpha'), pc: 1 });
    }
    await storage.disconnect();
    // A delete removes the history too: an execution record lost some other way leaves it orphan.
    rmSync(path.join(dataDir, 'executions', 'gone.json'));
  });

  afterEach(() => removeTempDir(dataDir));

  const historyFolder = (id: string) => path.join(dataDir, 'history', id);

  it('reports orphan history and a damaged entry; --repair removes the orphan, quarantines the damaged entry, and a second check is clean', async () => {
    const [damaged] = readdirSync(historyFolder('kept')).sort();
    writeFileSync(path.join(historyFolder('kept'), damaged), '{"format":2,"revision":');
    const checked = await runJson<CheckResult>(['check', '--data-dir', dataDir]);
    expect(checked.code).toBe(1);
    expect(checked.json.problems.map((problem) => [problem.kind, problem.location])).toStrictEqual([
      ['orphan-history', historyFolder('gone')],
      ['damaged-history', path.join(historyFolder('kept'), damaged)],
    ]);
    const repaired = await runJson<CheckResult>(['check', '--repair', '--data-dir', dataDir]);
    expect(repaired.code).toBe(0);
    expect(repaired.json.remaining).toStrictEqual([]);
    expect(existsSync(historyFolder('gone'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'quarantine', 'history', 'kept', damaged))).toBe(true);
    expect(readdirSync(historyFolder('kept'))).toHaveLength(1);
    expect((await runCli(['check', '--data-dir', dataDir])).code).toBe(0);
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
    await storage.connect();
    try {
      expect((await storage.listExecutionRevisions('kept')).revisions.map((entry) => entry.pc)).toStrictEqual([1]);
    } finally {
      await storage.disconnect();
    }
  });

  it('reports the temp file of an entry whose writer crashed before placing it; --repair quarantines it and leaves a live writer\'s', async () => {
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
    // A writer's entry as a temp file not yet linked into place: what a crash leaves behind.
    const stageEntry = (revision: number): Promise<unknown> => stageFileLosable(historyFileOf(dataDir, 'kept', revision), JSON.stringify({ revision }), 'relaxed');
    await stageEntry(1);
    const [crashed] = readdirSync(historyFolder('kept')).filter((name) => name.endsWith('.tmp'));
    const leftover = path.join(historyFolder('kept'), crashed);
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(leftover, hourAgo, hourAgo);
    const live = await storage.connect().then(async () => {
      await stageEntry(2);
      return readdirSync(historyFolder('kept')).find((name) => name.endsWith('.tmp') && name !== crashed)!;
    });
    rmSync(path.join(historyFolder('gone')), { recursive: true });

    const checked = await runJson<CheckResult>(['check', '--data-dir', dataDir]);
    expect(checked.code).toBe(1);
    expect(checked.json.problems.map((problem) => [problem.kind, problem.location])).toStrictEqual([['temp-leftover', leftover]]);
    const repaired = await runCli(['check', '--repair', '--data-dir', dataDir]);
    expect(repaired.code).toBe(0);
    const quarantined = path.join(dataDir, 'quarantine', 'history', 'kept', crashed);
    expect(repaired.stdout).toContain(`repair: moved ${leftover} to ${quarantined}`);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(quarantined)).toBe(true);
    expect(existsSync(path.join(historyFolder('kept'), live))).toBe(true);
    expect((await runCli(['check', '--data-dir', dataDir])).code).toBe(0);
    try {
      expect((await storage.listExecutionRevisions('kept')).revisions.map((entry) => entry.pc)).toStrictEqual([1, 0]);
    } finally {
      await storage.disconnect();
    }
  });

  it('knows the history folder of the id ".." (its dots escaped): kept while the execution is there, an orphan once it is gone', async () => {
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed', history: { keep: 'all' } });
    await storage.connect();
    await storage.createExecution({ ...awkwardExecution('..', 'alpha'), pc: 0 });
    await storage.disconnect();
    rmSync(historyFolder('gone'), { recursive: true });
    const folder = path.join(dataDir, 'history', '%2E%2E');
    expect(readdirSync(folder)).toHaveLength(1);
    expect((await runJson<CheckResult>(['check', '--data-dir', dataDir])).json.problems).toStrictEqual([]);
    rmSync(path.join(dataDir, 'executions', '...json'));
    const checked = await runJson<CheckResult>(['check', '--data-dir', dataDir]);
    expect(checked.json.problems.map((problem) => [problem.kind, problem.location, problem.detail])).toStrictEqual([['orphan-history', folder, 'history of no readable execution ..']]);
    expect((await runCli(['check', '--repair', '--data-dir', dataDir])).code).toBe(0);
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(historyFolder('kept'))).toBe(true);
  });

  it('--repair leaves history whose execution is there again', async () => {
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
    await storage.connect();
    const checked = await runJson<CheckResult>(['check', '--data-dir', dataDir]);
    expect(checked.json.problems.map((problem) => problem.kind)).toStrictEqual(['orphan-history']);
    await storage.createExecution({ ...awkwardExecution('gone', 'alpha'), pc: 5 });
    await storage.disconnect();
    const repaired = await runJson<CheckResult>(['check', '--repair', '--data-dir', dataDir]);
    expect(repaired.json.problems).toStrictEqual([]);
    expect(existsSync(historyFolder('gone'))).toBe(true);
  });
});
