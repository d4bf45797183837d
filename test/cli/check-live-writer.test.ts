import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckResult } from '../../src/cli/commands/check';
import { FileStorageAdapter } from '../../src';
import { newExecution } from '../../src/testing';
import { captureStderr, exitOf, waitForLine, WorkerBuild } from '../reliability/support/worker-build';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';
import { runJson } from './run-cli';

const STEPS = 150;

/**
 * `check --repair` run over and over while another process writes as a CVM server does (new
 * executions, their output, the current pointer, a long-running log with a torn tail left by an
 * earlier crash): nothing the writer wrote is moved, cut or cleared.
 */
describe('cvm-storage check --repair while another process writes (file)', () => {
  let build: WorkerBuild;
  let dataDir: string;

  beforeAll(async () => {
    build = await WorkerBuild.create();
  }, 60_000);

  afterAll(() => build.dispose());

  beforeEach(() => {
    dataDir = makeTempDir('cli-helper-writer-');
  });

  afterEach(() => removeTempDir(dataDir));

  it('moves no live output, cuts no acknowledged line, clears no live pointer', async () => {
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
    await storage.connect();
    await storage.saveExecution(newExecution('steady', 'p0'));
    await storage.appendOutput('steady', ['before the crash']);
    await storage.disconnect();
    writeFileSync(path.join(dataDir, 'outputs', 'steady.jsonl'), '\n["torn by a crash', { flag: 'a' });

    const writer = build.start('live-server', [dataDir, String(STEPS)]);
    captureStderr(writer);
    await waitForLine(writer, 'ready');
    const done = waitForLine(writer, 'done');
    let finished = false;
    void done.then(() => (finished = true), () => undefined);
    writer.stdin.write('go\n');
    const runs: CheckResult[] = [];
    while (!finished) runs.push((await runJson<CheckResult>(['check', '--repair', '--data-dir', dataDir])).json);
    await done;
    expect((await exitOf(writer)).code).toBe(0);

    const reread = new FileStorageAdapter(dataDir);
    await reread.connect();
    for (let step = 0; step < STEPS; step++) expect(await reread.getOutput(`live-${step}`)).toEqual([`first line of live-${step}`]);
    expect(await reread.getOutput('steady')).toEqual(['before the crash', ...Array.from({ length: STEPS }, (_, step) => `steady ${step}`)]);
    expect(await reread.getCurrentExecutionId()).toBe(`live-${STEPS - 1}`);
    await reread.disconnect();
    const quarantined = path.join(dataDir, 'quarantine', 'outputs');
    expect(existsSync(quarantined) ? readdirSync(quarantined).filter((name) => !name.endsWith('.torn-tail')) : []).toEqual([]);
    expect(runs.length).toBeGreaterThan(1);
    process.stdout.write(`check --repair ran ${runs.length} times beside the writer; problems seen: ${runs.map((r) => r.problems.length).join(',')}\n`);
  }, 120_000);
});
