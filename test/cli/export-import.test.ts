import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { useTempRoot } from '../support/fixtures/temp-folders';
import { runCli } from './run-cli';
import { awkwardExecution, program } from './seed-store';

describe('cvm-storage export and import', () => {
  /** The server at MONGODB_URL when set (as CI's real-server jobs set it), else the in-process stand-in. */
  const kit = useMongoKit(mongoTargets()[0]);
  const root = useTempRoot('cli-helper-export-');
  let work: string;

  beforeEach(() => {
    work = root.fresh('work');
  });

  async function seed(dataDir: string): Promise<void> {
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
    await storage.connect();
    await storage.saveProgram({ ...program('p1'), bytecode: [{ op: 'PUSH', arg: { nested: [[NaN]] }, line: 1 }], updated: new Date(Date.UTC(2026, 5, 6, 7, 8, 9, 10)) });
    await storage.saveProgram(program('p0'));
    await storage.saveExecution(awkwardExecution('e1', 'p1'));
    await storage.saveExecution({ ...awkwardExecution('e0', 'p0'), created: new Date(Date.UTC(2020, 0, 1)) });
    await storage.appendOutput('e1', ['plain', 'lone \uDC00 surrogate', '']);
    await storage.appendOutput('e1', Array.from({ length: 2500 }, (_, i) => `line ${i}`));
    await storage.setCurrentExecutionId('e1');
    await storage.disconnect();
  }

  it('export, import elsewhere (MongoDB, then a folder) and export again gives identical bytes', async () => {
    const source = path.join(work, 'source');
    await seed(source);
    const first = path.join(work, 'first.jsonl');
    expect((await runCli(['export', first, '--data-dir', source])).code).toBe(0);

    const url = kit.databaseUrl('cli_export');
    const imported = await runCli(['import', first, '--mongo-url', url]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('imported 2 programs, 2 executions, 2503 output lines');
    const second = path.join(work, 'second.jsonl');
    expect((await runCli(['export', second, '--mongo-url', url])).code).toBe(0);

    const copy = path.join(work, 'copy');
    expect((await runCli(['import', second, '--data-dir', copy])).code).toBe(0);
    const third = await runCli(['export', '-', '--data-dir', copy]);
    expect(third.code).toBe(0);

    const bytes = readFileSync(first, 'utf8');
    expect(readFileSync(second, 'utf8')).toBe(bytes);
    expect(third.stdout).toBe(bytes);
    const lines = bytes.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string });
    expect(lines.map((l) => l.kind)).toEqual(['header', 'program', 'program', 'execution', 'execution', 'output', 'output', 'output', 'current', 'end']);
    expect(lines[lines.length - 1]).toEqual({ kind: 'end', programs: 2, executions: 2, outputLines: 2503, historyEntries: 0, lines: 9, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(bytes).toContain('{"num":"NaN"}');
    expect(bytes).toContain('{"num":"-0"}');
    expect(bytes).toContain('"2026-06-06T07:08:09.010Z"');
    expect(bytes).toContain('{"str":"\\"lone \\\\udc00 surrogate\\""}');

    const storage = new FileStorageAdapter(copy);
    await storage.connect();
    const e1 = await storage.getExecution('e1');
    expect(Object.is(e1?.stack[1], -0)).toBe(true);
    expect((await storage.getOutput('e1')).slice(0, 3)).toEqual(['plain', 'lone \uDC00 surrogate', '']);
    expect(await storage.getCurrentExecutionId()).toBe('e1');
    await storage.disconnect();
  });

  it('import reads standard input with -', async () => {
    const source = path.join(work, 'stdin-source');
    await seed(source);
    const exported = await runCli(['export', '-', '--data-dir', source]);
    const target = path.join(work, 'stdin-target');
    const imported = await runCli(['import', '-', '--data-dir', target, '--json'], { stdin: exported.stdout });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ programs: 2, executions: 2, outputLines: 2503, currentExecutionId: 'e1' });
    expect((await runCli(['export', '-', '--data-dir', target])).stdout).toBe(exported.stdout);
  });

  it('import refuses a store that holds records (exit 2) and a stream that is not an export (exit 1)', async () => {
    const source = path.join(work, 'refuse-source');
    await seed(source);
    const file = path.join(work, 'refuse.jsonl');
    await runCli(['export', file, '--data-dir', source]);
    const again = await runCli(['import', file, '--data-dir', source]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is not empty');

    const garbage = path.join(work, 'garbage.jsonl');
    writeFileSync(garbage, '{"kind":"program","document":{}}\n');
    const bad = await runCli(['import', garbage, '--data-dir', path.join(work, 'garbage-target')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('line 1 of the import stream: expected the header');

    writeFileSync(garbage, `${readFileSync(file, 'utf8').split('\n')[0]}\n{"kind":"execution","document":{"id":"x"}}\n`);
    const invalid = await runCli(['import', garbage, '--data-dir', path.join(work, 'garbage-target-2')]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('line 2 of the import stream');
  });
});
