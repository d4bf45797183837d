import { FileStorageAdapter, MongoDBStorageAdapter, type CvmStorage } from '../../src';
import { newExecution } from '../../src/testing';
import { parseOlderThan, type PruneCommandResult } from '../../src/cli/commands/prune';
import { useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';
import { runCli, runJson } from './run-cli';

const DAY = 86_400_000;

/** Five executions with output: three last changed 40 days ago (one current), two 1 day ago. */
async function seed(storage: CvmStorage): Promise<void> {
  const now = Date.now();
  const executions = [
    { id: 'old-done', state: 'COMPLETED', age: 40 },
    { id: 'old-error', state: 'ERROR', age: 41 },
    { id: 'old-current', state: 'RUNNING', age: 42 },
    { id: 'new-done', state: 'COMPLETED', age: 1 },
    { id: 'new-ready', state: 'READY', age: 1 },
  ] as const;
  for (const { id, state, age } of executions) {
    await storage.saveExecution({ ...newExecution(id, 'p1', new Date(now - age * DAY)), state });
    await storage.appendOutput(id, [`line of ${id}`]);
  }
  await storage.setCurrentExecutionId('old-current');
}

describe('cvm-storage prune on the file backend', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = makeTempDir('cli-prune-');
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
    await storage.connect();
    await seed(storage);
    await storage.disconnect();
  });

  afterEach(() => removeTempDir(dataDir));

  async function remaining(): Promise<{ ids: string[]; current: string | null; output: string[] }> {
    const storage = new FileStorageAdapter(dataDir);
    await storage.connect();
    try {
      return { ids: (await storage.listExecutions()).map((e) => e.id).sort(), current: await storage.getCurrentExecutionId(), output: await storage.getOutput('old-done') };
    } finally {
      await storage.disconnect();
    }
  }

  it('--dry-run counts what would go (ids with --ids) and deletes nothing', async () => {
    const { code, json } = await runJson<PruneCommandResult>(['prune', '--older-than', '30d', '--any-state', '--dry-run', '--ids', '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(json).toEqual({ dryRun: true, olderThan: expect.any(String), states: null, includeCurrent: false, count: 2, ids: ['old-error', 'old-done'] });
    const counted = await runJson<PruneCommandResult>(['prune', '--older-than', '30d', '--any-state', '--dry-run', '--data-dir', dataDir]);
    expect(counted.json.count).toBe(2);
    expect(counted.json).not.toHaveProperty('ids');
    expect((await remaining()).ids).toHaveLength(5);
    expect((await remaining()).output).toEqual(['line of old-done']);
  });

  it('deletes executions older than a duration with their output, keeping the current one, and prints a count', async () => {
    const { code, stdout } = await runCli(['prune', '--older-than', '30d', '--any-state', '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^pruned 2 executions last changed before \d{4}-/);
    expect(stdout).not.toContain('old-done');
    expect(await remaining()).toEqual({ ids: ['new-done', 'new-ready', 'old-current'], current: 'old-current', output: [] });
  });

  it('--ids prints the ids too', async () => {
    const { code, stdout } = await runCli(['prune', '--older-than', '30d', '--state', 'COMPLETED,ERROR', '--ids', '--dry-run', '--data-dir', dataDir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^would prune 2 COMPLETED\/ERROR executions/);
    expect(stdout).toContain('\n  old-error\n  old-done\n');
  });

  it('--quiet prints nothing on success, in text and JSON, and still prunes', async () => {
    for (const argv of [['--quiet', '--state', 'ERROR'], ['--quiet', '--json', '--state', 'COMPLETED']]) {
      const run = await runCli(['prune', '--older-than', '30d', ...argv, '--data-dir', dataDir]);
      expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    expect((await remaining()).ids).toEqual(['new-done', 'new-ready', 'old-current']);
    const failed = await runCli(['prune', '--older-than', 'soon', '--quiet', '--any-state', '--data-dir', dataDir]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('--older-than');
  });

  it('without --state or --any-state exits 2 naming both, deleting nothing (a paused execution is never pruned by default)', async () => {
    const run = await runCli(['prune', '--older-than', '30d', '--include-current', '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--state');
    expect(run.stderr).toContain('--any-state');
    expect(run.stderr).toContain('AWAITING_COGNITIVE_RESULT');
    const both = await runCli(['prune', '--older-than', '30d', '--state', 'ERROR', '--any-state', '--data-dir', dataDir]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    expect((await remaining()).ids).toHaveLength(5);
  });

  it('--state and --include-current narrow and widen it; the pointer is cleared', async () => {
    const errors = await runJson<PruneCommandResult>(['prune', '--older-than', '30d', '--state', 'ERROR', '--ids', '--data-dir', dataDir]);
    expect(errors.json.ids).toEqual(['old-error']);
    const all = await runJson<PruneCommandResult>(['prune', '--older-than', new Date(Date.now() - 10 * DAY).toISOString(), '--include-current', '--state', 'RUNNING,COMPLETED', '--ids', '--batch-size', '1', '--data-dir', dataDir]);
    expect(all.json).toMatchObject({ includeCurrent: true, states: ['RUNNING', 'COMPLETED'], ids: ['old-current', 'old-done'] });
    expect(await remaining()).toEqual({ ids: ['new-done', 'new-ready'], current: null, output: [] });
  });

  it.each([
    [['prune', '--data-dir'], 'no --older-than'],
    [['prune', '--older-than', 'last week', '--any-state', '--data-dir'], 'a cut-off that is neither date nor duration'],
    [['prune', '--older-than', '30d', '--state', 'DONE', '--data-dir'], 'an unknown state'],
    [['prune', '--older-than', '30d', '--any-state', '--batch-size', '0', '--data-dir'], 'a batch size of 0'],
  ])('exits 2 on usage errors: %j (%s), deleting nothing', async (argv) => {
    const run = await runCli([...argv, dataDir]);
    expect(run.code).toBe(2);
    expect((await remaining()).ids).toHaveLength(5);
  });

  it('parses ISO dates and durations', () => {
    const now = new Date('2026-03-01T00:00:00.000Z');
    expect(parseOlderThan('30d', now).toISOString()).toBe('2026-01-30T00:00:00.000Z');
    expect(parseOlderThan('12h', now).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(parseOlderThan('2w', now).toISOString()).toBe('2026-02-15T00:00:00.000Z');
    expect(parseOlderThan('2026-01-31', now).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseOlderThan('2026-01-31T12:30:00+02:00', now).toISOString()).toBe('2026-01-31T10:30:00.000Z');
    expect(() => parseOlderThan('yesterday', now)).toThrow(/--older-than/);
  });
});

describe('cvm-storage prune on MongoDB (MONGODB_URL, else the stand-in)', () => {
  const kit = useMongoKit(mongoTargets()[0]);

  it('prunes with --dry-run first, then for real, keeping the current execution', async () => {
    const url = kit.databaseUrl('cli_prune');
    const storage = new MongoDBStorageAdapter(url);
    await storage.connect();
    try {
      await seed(storage);
      const dry = await runJson<PruneCommandResult>(['prune', '--older-than', '30d', '--any-state', '--ids', '--dry-run', '--mongo-url', url]);
      expect(dry.json.ids).toEqual(['old-error', 'old-done']);
      expect(await storage.listExecutions()).toHaveLength(5);
      const real = await runJson<PruneCommandResult>(['prune', '--older-than', '30d', '--any-state', '--ids', '--mongo-url', url]);
      expect(real).toMatchObject({ code: 0, json: { count: 2, ids: ['old-error', 'old-done'] } });
      expect((await storage.listExecutions()).map((e) => e.id).sort()).toEqual(['new-done', 'new-ready', 'old-current']);
      expect(await storage.getOutput('old-done')).toEqual([]);
      expect(await storage.getCurrentExecutionId()).toBe('old-current');
    } finally {
      await storage.disconnect();
    }
  });
});
