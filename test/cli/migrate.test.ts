import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrate, type MigrateResult } from '../../src/cli/commands/migrate';
import { OUTPUT_BATCH } from '../../src/cli/output-reader';
import { MongoDBStorageAdapter, FileStorageAdapter, type CvmStorage } from '../../src';
import { useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { useTempRoot } from '../support/fixtures/temp-folders';
import { captureContext, runCli, runJson } from './run-cli';
import { program, seedFileStore } from './seed-store';

// Batches of 50 instead of 500 take the same paths (full batches, then a partial one) with a
// tenth of the records; the stress run keeps the real size.
jest.mock('../../src/cli/output-reader', () => ({
  __esModule: true,
  ...jest.requireActual('../../src/cli/output-reader'),
  ...(process.env.CVM_STRESS === '1' ? {} : { OUTPUT_BATCH: 50 }),
}));

class Interrupted extends Error {}

/**
 * Executions in the large migrate: migrate reads output OUTPUT_BATCH executions at a time, so
 * this is two full batches and a partial one. `npm run test:stress` (CVM_STRESS=1) migrates
 * 10,000, about 2.5 minutes on the stand-in.
 */
const EXECUTIONS = process.env.CVM_STRESS === '1' ? 10_000 : 2 * OUTPUT_BATCH + OUTPUT_BATCH / 5;

describe('cvm-storage migrate', () => {
  /** The server at MONGODB_URL when set (as CI's real-server jobs set it), else the in-process stand-in; each test's databases are dropped after it. */
  const kit = useMongoKit(mongoTargets()[0]);
  const root = useTempRoot('cli-helper-migrate-');
  const folder = (name: string): string => root.fresh(name);

  it(`copies ${EXECUTIONS.toLocaleString('en')} executions with output file -> MongoDB -> file, in ${Math.ceil(EXECUTIONS / OUTPUT_BATCH)} output batches, verifying both ways, and a rerun changes nothing`, async () => {
    const source = folder('migrate-src');
    seedFileStore(source, { programs: 20, executions: EXECUTIONS, outputLines: (i) => (i % 10 === 0 ? [`a${i}`, `b${i}`] : [`o${i}`]) });
    const lines = EXECUTIONS + Math.ceil(EXECUTIONS / 10);
    const url = kit.databaseUrl('cli_migrate_many');
    const toMongo = await runJson<MigrateResult>(['migrate', '--to', url, '--data-dir', source]);
    expect(toMongo.code).toBe(0);
    expect(toMongo.json.copy.executions).toEqual({ created: EXECUTIONS, updated: 0, unchanged: 0 });
    expect(toMongo.json.copy.outputLinesAppended).toBe(lines);
    expect(toMongo.json.verification).toMatchObject({ equal: true, differences: [] });
    expect(toMongo.json.verification?.target.executions.count).toBe(EXECUTIONS);
    expect(toMongo.json.verification?.target.output.lines).toBe(lines);

    const back = folder('migrate-back');
    const toFile = await runJson<MigrateResult>(['migrate', '--to', back, '--mongo-url', url]);
    expect(toFile.code).toBe(0);
    expect(toFile.json.verification?.equal).toBe(true);
    expect(toFile.json.verification?.target).toEqual(toMongo.json.verification?.source);

    const again = await runJson<MigrateResult>(['migrate', '--to', url, '--data-dir', source]);
    expect(again.code).toBe(0);
    expect(again.json.copy.executions).toEqual({ created: 0, updated: 0, unchanged: EXECUTIONS });
    expect(again.json.copy.outputLinesAppended).toBe(0);
  }, 600_000);

  const targets: [string, () => string][] = [
    ['a folder', () => folder('resume-target')],
    ['MongoDB', () => kit.databaseUrl('cli_resume')],
  ];

  it.each(targets)('an interrupted migrate to %s, started again, finishes without duplicating output', async (_, makeTarget) => {
    const source = folder('resume-src');
    seedFileStore(source, { programs: 3, executions: 300, outputLines: (i) => [`x${i}`, `y${i}`] });
    const long = Array.from({ length: 2500 }, (_, i) => `long ${i}`);
    await withAdapter(new FileStorageAdapter(source, { durability: 'relaxed' }), async (storage) => {
      await storage.appendOutput('e299', long);
      await storage.setCurrentExecutionId('e7');
    });
    const target = makeTarget();
    const { ctx } = captureContext({ kind: 'file', dataDir: source }, { json: true });
    const interrupted = migrate(ctx, target, {}, {
      afterRecord: (done) => {
        if (done === 150) throw new Interrupted('killed');
      },
    });
    await expect(interrupted).rejects.toBeInstanceOf(Interrupted);
    // An interruption inside an execution's output: the record and the first of its appends are there.
    const targetAdapter = target.startsWith('mongodb://') ? new MongoDBStorageAdapter(target) : new FileStorageAdapter(target);
    await withAdapter(targetAdapter, async (storage) => {
      expect((await storage.listExecutions()).length).toBeGreaterThanOrEqual(100);
      expect(await storage.getCurrentExecutionId()).toBeNull();
      const sourceStorage = new FileStorageAdapter(source);
      await sourceStorage.connect();
      await storage.saveExecution((await sourceStorage.getExecution('e299'))!);
      await sourceStorage.disconnect();
      await storage.appendOutput('e299', ['x299', 'y299', ...long.slice(0, 1000)]);
    });

    const resumed = await runJson<MigrateResult>(['migrate', '--to', target, '--data-dir', source]);
    expect(resumed.code).toBe(0);
    expect(resumed.json.verification?.equal).toBe(true);
    expect(resumed.json.copy.executions.created).toBeLessThan(300);
    expect(resumed.json.copy.executions.unchanged).toBeGreaterThan(0);
    expect(resumed.json.copy.currentExecutionId).toMatchObject({ from: 'e7', changed: true });
    await withAdapter(target.startsWith('mongodb://') ? new MongoDBStorageAdapter(target) : new FileStorageAdapter(target), async (storage) => {
      expect(await storage.getOutput('e299')).toEqual(['x299', 'y299', ...long]);
      expect(await storage.getOutput('e0')).toEqual(['x0', 'y0']);
      expect(await storage.getCurrentExecutionId()).toBe('e7');
    });
  }, 120_000);

  it('--dry-run writes nothing; output that is not a prefix is a conflict left alone and exits 1', async () => {
    const source = folder('dry-src');
    seedFileStore(source, { programs: 1, executions: 5, outputLines: (i) => [`line ${i}`] });
    const target = path.join(folder('dry-parent'), 'new-store');
    const dry = await runJson<MigrateResult>(['migrate', '--to', target, '--dry-run', '--data-dir', source]);
    expect(dry.code).toBe(0);
    expect(dry.json.copy.executions.created).toBe(5);
    expect(dry.json.copy.outputLinesAppended).toBe(5);
    expect(dry.json.verification).toBeUndefined();
    expect(existsSync(target)).toBe(false);
    mkdirSync(target);

    await withAdapter(new FileStorageAdapter(target), async (storage) => {
      await storage.appendOutput('e3', ['something else']);
      await storage.saveProgram({ ...program('p0'), name: 'an older name' });
    });
    const conflict = await runJson<MigrateResult>(['migrate', '--to', target, '--data-dir', source]);
    expect(conflict.code).toBe(1);
    expect(conflict.json.copy.programs).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(conflict.json.verification?.differences).toEqual(['output differs in content']);
    expect(conflict.json.copy.outputConflicts).toEqual(['e3']);
    expect(conflict.json.verification?.equal).toBe(false);
    await withAdapter(new FileStorageAdapter(target), async (storage) => expect(await storage.getOutput('e3')).toEqual(['something else']));
  });

  it('refuses to migrate a store onto itself (exit 2)', async () => {
    const source = folder('self');
    seedFileStore(source, { programs: 1, executions: 1, outputLines: () => [] });
    const run = await runCli(['migrate', '--to', source, '--data-dir', source]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the source and the target are the same store');
  });

  it('shows a progress bar with records per second and time left on a terminal', async () => {
    const source = folder('progress-src');
    seedFileStore(source, { programs: 2, executions: 50, outputLines: () => ['p'] });
    const { ctx, stderr, stdout } = captureContext({ kind: 'file', dataDir: source }, { tty: true });
    expect(await migrate(ctx, folder('progress-target'), {})).toBe(0);
    expect(stderr()).toMatch(/migrate \[.*\] 100% \| 52\/52 records \| \d+ records\/s \| ETA \d+s/);
    expect(stdout()).toContain('verified: 2 programs, 50 executions, 50 output lines, 0 history entries; content hashes equal');
  });
});

async function withAdapter<T>(adapter: CvmStorage, work: (adapter: CvmStorage) => Promise<T>): Promise<T> {
  await adapter.connect();
  try {
    return await work(adapter);
  } finally {
    await adapter.disconnect();
  }
}
