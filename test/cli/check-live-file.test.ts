import { existsSync, promises as fs, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { executionToDocument } from '../../src/codec/record-codec';
import { check, type CheckResult } from '../../src/cli/commands/check';
import { repairFiles } from '../../src/cli/check/file-repair';
import { scanFileStore } from '../../src/cli/check/file-scan';
import { FileStorageAdapter } from '../../src';
import { newExecution } from '../../src/testing';
import { captureContext, runJson } from './run-cli';
import { seedFileStore } from './seed-store';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

/**
 * `check --repair` on a store a live writer changes between the scan and each repair action (the
 * scan and the repairs are called with the writer's change in between, or through the hooks), and
 * while the scan runs: every action re-checks its own condition as it acts.
 */
describe('cvm-storage check --repair on a file store in use', () => {
  let dataDir: string;
  let storage: FileStorageAdapter;

  beforeEach(async () => {
    dataDir = makeTempDir('cli-helper-live-');
    seedFileStore(dataDir, { programs: 1, executions: 2, outputLines: (i) => [`line ${i}`] });
    storage = new FileStorageAdapter(dataDir);
    await storage.connect();
  });

  afterEach(async () => {
    await storage.disconnect();
    removeTempDir(dataDir);
  });

  const outputFile = (id: string) => path.join(dataDir, 'outputs', `${id}.jsonl`);

  it('leaves output whose execution was saved after the scan where it is', async () => {
    await storage.appendOutput('late', ['early output']);
    const problems = await scanFileStore(dataDir);
    expect(problems.map((p) => p.kind)).toEqual(['orphan-output']);
    await storage.saveExecution(newExecution('late', 'p0'));
    const actions = await repairFiles(dataDir, problems);
    expect(actions).toEqual([`left ${outputFile('late')}: execution late exists now`]);
    expect(await storage.getOutput('late')).toEqual(['early output']);
    expect(existsSync(path.join(dataDir, 'quarantine'))).toBe(false);
  });

  it('does not report output as orphan when its execution is saved while the scan runs', async () => {
    await storage.appendOutput('late', ['early output']);
    const problems = await scanFileStore(dataDir, {
      at: async (point, file) => {
        if (point === 'read' && file === outputFile('late')) await storage.saveExecution(newExecution('late', 'p0'));
      },
    });
    expect(problems).toEqual([]);
  });

  it('never cuts a torn tail an append followed after the scan, and loses no acknowledged line', async () => {
    writeFileSync(outputFile('e1'), '\n["line 1"]\n["more", "cut sh');
    const problems = await scanFileStore(dataDir);
    expect(problems.map((p) => p.kind)).toEqual(['torn-output-tail']);
    await storage.appendOutput('e1', ['acknowledged after the scan']);
    const actions = await repairFiles(dataDir, problems);
    expect(actions[0]).toMatch(/^left .*e1\.jsonl: it changed since the scan/);
    expect(await storage.getOutput('e1')).toEqual(['line 1', 'acknowledged after the scan']);
    expect(await scanFileStore(dataDir)).toEqual([]);
  });

  it('seals a torn tail with a newline instead of cutting it, keeping a copy, and appends go on', async () => {
    writeFileSync(outputFile('e1'), '\n["line 1"]\n["more", "cut sh');
    const repaired = await runJson<CheckResult>(['check', '--repair', '--data-dir', dataDir]);
    expect(repaired.code).toBe(0);
    expect(repaired.json.repairs?.[0]).toMatch(/^sealed 17 torn bytes at the end of .*e1\.jsonl with a newline/);
    expect(readFileSync(outputFile('e1'), 'utf8')).toBe('\n["line 1"]\n["more", "cut sh\n');
    expect(readFileSync(path.join(dataDir, 'quarantine', 'outputs', 'e1.jsonl.torn-tail'), 'utf8')).toBe('\n["more", "cut sh');
    await storage.appendOutput('e1', ['next']);
    expect(await storage.getOutput('e1')).toEqual(['line 1', 'next']);
    expect((await runJson<CheckResult>(['check', '--data-dir', dataDir])).json.problems).toEqual([]);
  });

  it('leaves a damaged record a save replaced after the scan', async () => {
    const file = path.join(dataDir, 'executions', 'e1.json');
    writeFileSync(file, '{"id": "e1", ');
    const problems = await scanFileStore(dataDir);
    expect(problems.map((p) => p.kind)).toEqual(['damaged-record', 'orphan-output']);
    await storage.saveExecution({ ...newExecution('e1', 'p0'), pc: 42 });
    const actions = await repairFiles(dataDir, problems);
    expect(actions).toEqual([`left ${file}: it changed since the scan (run check again)`, `left ${outputFile('e1')}: execution e1 exists now`]);
    expect((await storage.getExecution('e1'))?.pc).toBe(42);
    expect(await storage.getOutput('e1')).toEqual(['line 1']);
  });

  it('clears the current pointer only if it still names a missing execution', async () => {
    await storage.setCurrentExecutionId('next');
    const saved = captureContext({ kind: 'file', dataDir }, { json: true });
    const code = await check(saved.ctx, { repair: true }, {
      at: async (point, location) => {
        if (point === 'act' && location === 'metadata.json') await storage.saveExecution(newExecution('next', 'p0'));
      },
    });
    const result = JSON.parse(saved.stdout()) as CheckResult;
    expect(result.problems.map((p) => p.kind)).toEqual(['dangling-current']);
    expect(result.repairs).toEqual(['left the current execution pointer: execution next exists now']);
    expect(code).toBe(0);
    expect(await storage.getCurrentExecutionId()).toBe('next');

    await storage.setCurrentExecutionId('gone');
    const moved = captureContext({ kind: 'file', dataDir }, { json: true });
    await check(moved.ctx, { repair: true }, {
      at: async (point, location) => {
        if (point === 'act' && location === 'metadata.json') await storage.setCurrentExecutionId('e0');
      },
    });
    expect((JSON.parse(moved.stdout()) as CheckResult).repairs).toEqual(['left the current execution pointer: it no longer names gone']);
    expect(await storage.getCurrentExecutionId()).toBe('e0');
  });

  it('a record or output deleted after its folder was listed is not damage, and check does not crash', async () => {
    // The delete lands between the scan's listing of a folder and its read of the file.
    const readdir = fs.readdir.bind(fs) as (folder: string, options: object) => Promise<unknown>;
    const listing = jest.spyOn(fs, 'readdir').mockImplementation((async (folder: string, options: object) => {
      const names = await readdir(folder, options);
      if (folder === path.join(dataDir, 'executions')) {
        rmSync(outputFile('e1'));
        unlinkSync(path.join(dataDir, 'executions', 'e1.json'));
      }
      if (folder === path.join(dataDir, 'outputs')) unlinkSync(outputFile('e0'));
      return names;
    }) as never);
    try {
      const run = captureContext({ kind: 'file', dataDir }, { json: true });
      const code = await check(run.ctx, { repair: true });
      expect((JSON.parse(run.stdout()) as CheckResult).problems).toEqual([]);
      expect(code).toBe(0);
    } finally {
      listing.mockRestore();
    }
  });
});

describe('cvm-storage check on records of a newer version', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = makeTempDir('cli-helper-newer-');
  });

  afterEach(() => removeTempDir(dataDir));

  it('reports them as written by a newer version and --repair leaves them where they are', async () => {
    seedFileStore(dataDir, { programs: 1, executions: 1, outputLines: () => [] });
    const files = {
      execution: path.join(dataDir, 'executions', 'future.json'),
      output: path.join(dataDir, 'outputs', 'future.jsonl'),
      metadata: path.join(dataDir, 'metadata.json'),
    };
    const contents = {
      execution: JSON.stringify({ ...executionToDocument(newExecution('future', 'p0')), format: 3, revision: 1 }),
      output: '\n{"format":2,"lines":["old"]}\n{"format":3,"lines":{"packed":"x"}}',
      metadata: '{"format":3,"settings":{"currentExecutionId":"future"}}',
    };
    for (const key of ['execution', 'output', 'metadata'] as const) writeFileSync(files[key], contents[key]);

    const checked = await runJson<CheckResult>(['check', '--data-dir', dataDir]);
    expect(checked.code).toBe(1);
    expect(checked.json.problems.map((p) => [p.kind, p.location])).toEqual(
      expect.arrayContaining([
        ['newer-format', files.execution],
        ['newer-format', files.output],
        ['newer-format', files.metadata],
      ]),
    );
    expect(checked.json.problems).toHaveLength(3);
    for (const problem of checked.json.problems) expect(problem.detail).toMatch(/^written by a newer version \(format 3/);

    const repaired = await runJson<CheckResult>(['check', '--repair', '--data-dir', dataDir]);
    expect(repaired.code).toBe(1);
    expect(repaired.json.repairs).toEqual([]);
    expect(repaired.json.remaining?.map((p) => p.kind)).toEqual(['newer-format', 'newer-format', 'newer-format']);
    for (const key of ['execution', 'output', 'metadata'] as const) expect(readFileSync(files[key], 'utf8')).toBe(contents[key]);
    expect(existsSync(path.join(dataDir, 'quarantine'))).toBe(false);
  });
});
