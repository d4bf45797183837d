import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { executionToDocument } from '../../src/codec/record-codec';
import type { CheckResult } from '../../src/cli/commands/check';
import { FileStorageAdapter } from '../../src';
import { newExecution } from '../../src/testing';
import { runCli, runJson } from './run-cli';
import { seedFileStore } from './seed-store';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

const NOT_UTF8 = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);

/** Plants one of each kind of damage in a small, otherwise healthy store; returns the files. */
function plantDamage(dataDir: string): Record<string, string> {
  seedFileStore(dataDir, { programs: 2, executions: 3, outputLines: (i) => [`line ${i}`] });
  const files = {
    notJson: path.join(dataDir, 'programs', 'not-json.json'),
    notUtf8: path.join(dataDir, 'programs', 'not-utf8.json'),
    notValid: path.join(dataDir, 'executions', 'not-valid.json'),
    wrongId: path.join(dataDir, 'executions', 'wrong-id.json'),
    tornTail: path.join(dataDir, 'outputs', 'e1.jsonl'),
    orphan: path.join(dataDir, 'outputs', 'ghost.jsonl'),
    damagedOutput: path.join(dataDir, 'outputs', 'e2.jsonl'),
    temp: path.join(dataDir, 'executions', '.e0.json.0123456789ab.4194305.1.tmp'),
    metadata: path.join(dataDir, 'metadata.json'),
  };
  writeFileSync(files.notJson, '{"id": "not-json", ');
  writeFileSync(files.notUtf8, NOT_UTF8);
  writeFileSync(files.notValid, JSON.stringify({ ...executionToDocument(newExecution('not-valid', 'p0')), pc: -5 }));
  writeFileSync(files.wrongId, JSON.stringify(executionToDocument(newExecution('someone-else', 'p0'))));
  writeFileSync(files.tornTail, '\n["line 1"]\n["more", "cut sh');
  writeFileSync(files.orphan, '\n["nobody ran me"]');
  writeFileSync(files.damagedOutput, '\n["fine"]\nthis is not an output record');
  writeFileSync(files.temp, 'half a save');
  const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
  utimesSync(files.temp, hourAgo, hourAgo);
  writeFileSync(files.metadata, JSON.stringify({ currentExecutionId: 'wrong-id' }));
  return files;
}

describe('cvm-storage check on the file backend', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = makeTempDir('cli-helper-check-');
  });

  afterEach(() => removeTempDir(dataDir));

  it('finds nothing in a healthy store and exits 0', async () => {
    seedFileStore(dataDir, { programs: 2, executions: 3, outputLines: (i) => [`line ${i}`] });
    const { code, json } = await runJson<CheckResult>(['check', '--data-dir', dataDir]);
    expect(json.problems).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports each kind of planted damage, without changing anything, and exits 1', async () => {
    const files = plantDamage(dataDir);
    const { code, json } = await runJson<CheckResult>(['check', '--data-dir', dataDir]);
    expect(code).toBe(1);
    const found = json.problems.map((p) => [p.kind, p.location, p.detail]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['damaged-record', files.notJson, 'not JSON'],
        ['damaged-record', files.notUtf8, 'not UTF-8'],
        ['damaged-record', files.notValid, expect.stringMatching(/^not valid: .*pc/)],
        ['damaged-record', files.wrongId, 'wrong id: it holds "someone-else"'],
        ['torn-output-tail', files.tornTail, expect.stringContaining('bytes of an append cut short')],
        ['orphan-output', files.orphan, 'no readable execution ghost'],
        ['damaged-output', files.damagedOutput, expect.stringContaining('line 3 is not an output record')],
        ['temp-leftover', files.temp, expect.any(String)],
        ['dangling-current', files.metadata, expect.stringContaining('wrong-id')],
      ]),
    );
    expect(found).toHaveLength(9);
    expect(existsSync(files.temp)).toBe(true);
    expect(readFileSync(files.tornTail, 'utf8')).toContain('cut sh');
  });

  it('inspect on a damaged store exits 1, naming the file and pointing at check', async () => {
    const files = plantDamage(dataDir);
    const run = await runCli(['inspect', '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`Corrupt record in .*(${path.basename(files.notJson)}|${path.basename(files.notUtf8)}).*run cvm-storage check`));
  });

  it('--repair quarantines damaged files, seals torn tails, clears the pointer, and a second check finds nothing', async () => {
    const files = plantDamage(dataDir);
    const repair = await runCli(['check', '--repair', '--data-dir', dataDir]);
    expect(repair.code).toBe(0);
    const quarantined = (file: string) => path.join(dataDir, 'quarantine', path.relative(dataDir, file));
    for (const file of [files.notJson, files.notValid, files.wrongId, files.orphan, files.damagedOutput, files.temp]) {
      expect(existsSync(file)).toBe(false);
      expect(repair.stdout).toContain(`repair: moved ${file} to ${quarantined(file)}`);
    }
    expect(readFileSync(quarantined(files.notUtf8))).toEqual(NOT_UTF8);
    expect(readFileSync(files.tornTail, 'utf8')).toBe('\n["line 1"]\n["more", "cut sh\n');
    expect(readFileSync(`${quarantined(files.tornTail)}.torn-tail`, 'utf8')).toBe('\n["more", "cut sh');
    expect(repair.stdout).toContain('repair: cleared the current execution pointer (it named wrong-id)');
    expect(repair.stdout).toContain('after repair: no problems');
    const lines = repair.stdout.split('\n');
    const foundAt = lines.findIndex((line) => /^checked .*: \d+ problem\(s\)$/.test(line));
    const firstRepair = lines.findIndex((line) => line.startsWith('repair: '));
    const lastRepair = lines.length - 1 - [...lines].reverse().findIndex((line) => line.startsWith('repair: '));
    expect(foundAt).toBeGreaterThanOrEqual(0);
    expect(lines.slice(foundAt + 1, firstRepair).every((line) => line.startsWith('  '))).toBe(true);
    expect(lines.slice(foundAt + 1, firstRepair).join('\n')).toContain(files.notJson);
    expect(firstRepair).toBeGreaterThan(foundAt);
    expect(lines[lastRepair + 1]).toBe('after repair: no problems');
    expect(lines.filter((line) => line.startsWith('checked '))).toHaveLength(1);

    const again = await runJson<CheckResult>(['check', '--data-dir', dataDir]);
    expect(again.json.problems).toEqual([]);
    expect(again.code).toBe(0);
    const storage = new FileStorageAdapter(dataDir);
    await storage.connect();
    expect((await storage.listPrograms()).map((p) => p.id)).toEqual(['p0', 'p1']);
    expect(await storage.getOutput('e1')).toEqual(['line 1']);
    expect(await storage.getCurrentExecutionId()).toBeNull();
    await storage.disconnect();
  });

  it('quarantines a damaged metadata.json and never overwrites an earlier quarantined file', async () => {
    seedFileStore(dataDir, { programs: 1, executions: 1, outputLines: () => [] });
    const metadata = path.join(dataDir, 'metadata.json');
    writeFileSync(metadata, '["not", "settings"]');
    expect((await runCli(['check', '--repair', '--data-dir', dataDir])).code).toBe(0);
    writeFileSync(metadata, '{"currentExecutionId": 7}');
    const second = await runJson<CheckResult>(['check', '--repair', '--data-dir', dataDir]);
    expect(second.json.problems.map((p) => p.kind)).toEqual(['damaged-metadata']);
    expect(second.code).toBe(0);
    expect(readFileSync(path.join(dataDir, 'quarantine', 'metadata.json'), 'utf8')).toBe('["not", "settings"]');
    expect(readFileSync(path.join(dataDir, 'quarantine', 'metadata.json.1'), 'utf8')).toBe('{"currentExecutionId": 7}');
  });

  it('--repair tells a running adapter\'s query index to rebuild, and its pages stay as a fresh adapter\'s', async () => {
    plantDamage(dataDir);
    const running = new FileStorageAdapter(dataDir);
    await running.connect();
    try {
      const before = await running.queryExecutions({});
      expect((await runCli(['check', '--repair', '--data-dir', dataDir])).code).toBe(0);
      expect(readFileSync(path.join(dataDir, 'executions.index-journal'), 'utf8').split('\n')).toContain('{"r":1}');
      await running.saveExecution(newExecution('after-repair', 'p0'));
      const fresh = new FileStorageAdapter(dataDir);
      await fresh.connect();
      const after = await running.queryExecutions({});
      expect(after).toStrictEqual(await fresh.queryExecutions({}));
      await fresh.disconnect();
      // not-valid (pc -5) was shown before and is quarantined by the repair.
      expect(before.executions.map((execution) => execution.id)).toStrictEqual(['e0', 'e1', 'e2', 'not-valid']);
      expect(after.executions.map((execution) => execution.id)).toStrictEqual(['e0', 'e1', 'e2', 'after-repair']);
    } finally {
      await running.disconnect();
    }
  });

  it('--repair moves orphan output out of a store that has no executions folder', async () => {
    const orphan = path.join(dataDir, 'outputs', 'ghost.jsonl');
    mkdirSync(path.dirname(orphan), { recursive: true });
    writeFileSync(orphan, '\n["nobody ran me"]');
    const repaired = await runJson<CheckResult>(['check', '--repair', '--data-dir', dataDir]);
    expect(repaired.json.repairs).toEqual([`moved ${orphan} to ${path.join(dataDir, 'quarantine', 'outputs', 'ghost.jsonl')}`]);
    expect(repaired.code).toBe(0);
  });
});
