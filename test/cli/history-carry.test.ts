import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, MongoDBStorageAdapter, type CvmStorage } from '../../src';
import type { ExportResult } from '../../src/cli/commands/export';
import type { ImportResult } from '../../src/cli/commands/import';
import type { MigrateResult } from '../../src/cli/commands/migrate';
import type { ExecutionRevision, HistoryOptions } from '../../src/types';
import { useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { useTempRoot } from '../support/fixtures/temp-folders';
import { runCli, runJson } from './run-cli';
import { awkwardExecution, program } from './seed-store';

type Store = { args: string[]; open: (history?: HistoryOptions) => CvmStorage };

/** Executions with history: run-1 (5 states, a committed step, output after its last save), run-2 (2 states); plain has none. */
async function seed(source: Store): Promise<void> {
  const storage = source.open({ keep: 'all' });
  await storage.connect();
  try {
    await storage.saveProgram(program('p0'));
    await storage.createExecution({ ...awkwardExecution('run-1', 'p0'), pc: 0 });
    for (let pc = 1; pc <= 3; pc++) {
      await storage.appendOutput('run-1', Array.from({ length: pc }, (_, i) => `line ${pc}.${i}`));
      await storage.saveExecution({ ...awkwardExecution('run-1', 'p0'), pc, variables: { pc, zero: -0, nan: NaN }, updated: new Date(Date.UTC(2026, 1, pc)) });
    }
    const at = (await storage.readExecution('run-1'))!.revision;
    await storage.saveExecution({ ...awkwardExecution('run-1', 'p0'), pc: 4, ccPrompt: 'answer?' }, { expectedRevision: at, output: ['committed'] });
    await storage.appendOutput('run-1', ['after the last save']);
    await storage.createExecution({ ...awkwardExecution('run-2', 'p0'), pc: 10 });
    await storage.saveExecution({ ...awkwardExecution('run-2', 'p0'), pc: 11, state: 'COMPLETED' });
    await storage.setCurrentExecutionId('run-1');
  } finally {
    await storage.disconnect();
  }
  const plain = source.open();
  await plain.connect();
  await plain.createExecution({ ...awkwardExecution('plain', 'p0'), pc: 3 });
  await plain.disconnect();
}

/** Every revision of the execution newest first, read with limit 2 so paging is crossed. */
async function revisionsOf(storage: CvmStorage, id: string): Promise<ExecutionRevision[]> {
  const all: ExecutionRevision[] = [];
  let before: number | null = null;
  do {
    const page: { revisions: ExecutionRevision[]; next: number | null } = await storage.listExecutionRevisions(id, { limit: 2, before });
    all.push(...page.revisions);
    before = page.next;
  } while (before !== null);
  return all;
}

/**
 * The target lists the same sequence as the source, renumbered by one offset (its current
 * revision minus the source's), with the same states and output lengths; reads each back equal
 * field for field; and forks from each with the output as it stood then.
 */
async function expectSameHistory(source: CvmStorage, target: CvmStorage, ids: string[], fork: boolean): Promise<void> {
  for (const id of ids) {
    const offset = (await target.readExecution(id))!.revision - (await source.readExecution(id))!.revision;
    const wanted = await revisionsOf(source, id);
    const got = await revisionsOf(target, id);
    expect(got).toStrictEqual(wanted.map((entry) => ({ ...entry, revision: entry.revision + offset })));
    const output = await source.getOutput(id);
    for (const [index, entry] of wanted.entries()) {
      const read = await source.readExecution(id, { revision: entry.revision });
      expect(await target.readExecution(id, { revision: entry.revision + offset })).toStrictEqual({ execution: read!.execution, revision: entry.revision + offset });
      if (!fork) continue;
      const newId = `${id}-fork-${index}`;
      const forked = await target.forkExecution(id, { revision: entry.revision + offset, newId });
      expect(forked?.execution).toStrictEqual({ ...read!.execution, id: newId });
      expect(await target.getOutput(newId)).toStrictEqual(output.slice(0, entry.outputLength));
    }
  }
}

const IDS = ['run-1', 'run-2', 'plain'];

/** An export's lines with each history revision as its distance below its execution's, and neither that nor the SHA-256 that covers them. */
function withoutRevisionNumbers(text: string): unknown[] {
  let head = 0;
  return text.trimEnd().split('\n').map((line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (parsed.kind === 'execution' && typeof parsed.revision === 'number') head = parsed.revision;
    if (parsed.kind === 'history') parsed.revision = head - (parsed.revision as number);
    if (parsed.kind === 'execution' || parsed.kind === 'end') delete parsed[parsed.kind === 'end' ? 'sha256' : 'revision'];
    return parsed;
  });
}

describe('export, import and migrate carry execution history', () => {
  const kit = useMongoKit(mongoTargets()[0]);
  const root = useTempRoot('cli-history-carry-');
  const fileStore = (name: string): Store => {
    const dataDir = root.fresh(name);
    return { args: ['--data-dir', dataDir], open: (history) => new FileStorageAdapter(dataDir, { durability: 'relaxed', ...(history ? { history } : {}) }) };
  };
  const mongoStore = (name: string): Store => {
    const url = kit.databaseUrl(name);
    return { args: ['--mongo-url', url], open: (history) => new MongoDBStorageAdapter(url, history ? { history } : {}) };
  };

  async function withOpen<T>(stores: [Store, HistoryOptions?][], work: (...adapters: CvmStorage[]) => Promise<T>): Promise<T> {
    const adapters = stores.map(([store, history]) => store.open(history));
    for (const adapter of adapters) await adapter.connect();
    try {
      return await work(...adapters);
    } finally {
      for (const adapter of adapters) await adapter.disconnect();
    }
  }

  it('export then import (into MongoDB, and into a folder) gives the same revisions, states, output lengths, reads and forks; readers with history off see it all', async () => {
    const source = fileStore('source');
    await seed(source);
    const file = path.join(root.fresh('exports'), 'store.jsonl');
    const exported = await runJson<ExportResult>(['export', file, ...source.args]);
    expect(exported.code).toBe(0);
    expect(exported.json.historyEntries).toBe(7);
    const kinds = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => (JSON.parse(line) as { kind: string }).kind);
    expect(kinds.filter((kind) => kind === 'history')).toHaveLength(7);

    for (const target of [mongoStore('carry_import'), fileStore('imported')]) {
      const imported = await runJson<ImportResult>(['import', file, ...target.args]);
      expect(imported.code).toBe(0);
      expect(imported.json.historyEntries).toBe(7);
      const again = path.join(root.fresh('exports-again'), 'store.jsonl');
      expect((await runCli(['export', again, ...target.args])).code).toBe(0);
      expect(withoutRevisionNumbers(readFileSync(again, 'utf8'))).toStrictEqual(withoutRevisionNumbers(readFileSync(file, 'utf8')));
      // The CLI opens stores with history off: the entries are carried all the same, and any adapter reads them.
      await withOpen([[source], [target]], (from, to) => expectSameHistory(from, to, IDS, false));
      await withOpen([[source, { keep: 2 }], [target, { keep: 2 }]], async (from, to) => {
        expect((await to.listExecutionRevisions('run-1')).revisions).toHaveLength(3);
        await expectSameHistory(from, to, IDS, false);
      });
      await withOpen([[source], [target]], (from, to) => expectSameHistory(from, to, IDS, true));
    }
  });

  it('migrate file -> MongoDB -> file carries the history, verifies it, and a second run copies none again; a source that moved on replaces it', async () => {
    const source = fileStore('migrate-source');
    await seed(source);
    const mongo = mongoStore('carry_migrate');
    const toMongo = await runJson<MigrateResult>(['migrate', '--to', mongo.args[1], ...source.args]);
    expect(toMongo.code).toBe(0);
    expect(toMongo.json.copy.historyEntriesCopied).toBe(7);
    expect(toMongo.json.verification).toMatchObject({ equal: true, source: { history: { entries: 7 } } });
    await withOpen([[source], [mongo]], (from, to) => expectSameHistory(from, to, IDS, false));

    const again = await runJson<MigrateResult>(['migrate', '--to', mongo.args[1], ...source.args]);
    expect(again.json.copy).toMatchObject({ historyEntriesCopied: 0, executions: { created: 0, updated: 0, unchanged: 3 } });
    expect(again.json.verification?.equal).toBe(true);

    await withOpen([[source, { keep: 'all' }]], async (storage) => {
      await storage.saveExecution({ ...awkwardExecution('run-2', 'p0'), pc: 12 });
      await storage.saveExecution({ ...awkwardExecution('run-2', 'p0'), pc: 13 });
    });
    const moved = await runJson<MigrateResult>(['migrate', '--to', mongo.args[1], ...source.args]);
    expect(moved.json.copy).toMatchObject({ historyEntriesCopied: 4, executions: { created: 0, updated: 1, unchanged: 2 } });
    expect(moved.json.verification?.equal).toBe(true);
    await withOpen([[source], [mongo]], (from, to) => expectSameHistory(from, to, IDS, false));

    // The same state saved again: the record is unchanged in the target, but every entry moved one down.
    await withOpen([[source, { keep: 'all' }]], async (storage) => storage.saveExecution((await storage.getExecution('run-1'))!));
    const resaved = await runJson<MigrateResult>(['migrate', '--to', mongo.args[1], ...source.args]);
    expect(resaved.json.copy).toMatchObject({ historyEntriesCopied: 6, executions: { created: 0, updated: 0, unchanged: 3 } });
    expect(resaved.json.verification?.equal).toBe(true);
    await withOpen([[source], [mongo]], (from, to) => expectSameHistory(from, to, IDS, false));
    expect((await runJson<MigrateResult>(['migrate', '--to', mongo.args[1], ...source.args])).json.copy.historyEntriesCopied).toBe(0);

    const back = fileStore('migrate-back');
    const toFile = await runJson<MigrateResult>(['migrate', '--to', back.args[1], ...mongo.args]);
    expect(toFile.code).toBe(0);
    expect(toFile.json.copy.historyEntriesCopied).toBe(10);
    expect(toFile.json.verification?.equal).toBe(true);
    await withOpen([[mongo], [back]], (from, to) => expectSameHistory(from, to, IDS, true));
    await withOpen([[source], [mongo]], (from, to) => expectSameHistory(from, to, IDS, true));
  });

  it('a migrate dry run counts the entries it would carry and writes none', async () => {
    const source = fileStore('dry-source');
    await seed(source);
    const target = root.fresh('dry-target');
    const dry = await runJson<MigrateResult>(['migrate', '--to', path.join(target, 'store'), '--dry-run', ...source.args]);
    expect(dry.code).toBe(0);
    expect(dry.json.copy.historyEntriesCopied).toBe(7);
    expect(existsSync(path.join(target, 'store'))).toBe(false);
  });

  describe('the export format', () => {
    let lines: string[];

    beforeEach(async () => {
      const source = fileStore('format-source');
      await seed(source);
      const file = path.join(root.fresh('format'), 'store.jsonl');
      expect((await runCli(['export', file, ...source.args])).code).toBe(0);
      lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    });

    const write = (name: string, content: string[]): string => {
      const file = path.join(root.fresh('streams'), name);
      writeFileSync(file, `${content.join('\n')}\n`);
      return file;
    };
    const historyAt = (n: number): number => lines.map((line) => (JSON.parse(line) as { kind: string }).kind).indexOf('history') + n;

    async function refused(content: string[], message: RegExp): Promise<void> {
      const target = fileStore('refused');
      const run = await runCli(['import', write('bad.jsonl', content), ...target.args]);
      expect(run.stderr).toMatch(message);
      expect(run.code).toBe(1);
      expect(readdirSync(target.args[1])).toStrictEqual([]);
    }

    it('a version 2 export (no history lines) still imports', async () => {
      const source = fileStore('v2-source');
      await seed(source);
      const kept = lines.filter((line) => !line.startsWith('{"kind":"history"'));
      const body = kept.slice(0, -1).map((line) => {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.kind === 'header') parsed.version = 2;
        delete parsed.revision;
        return JSON.stringify(parsed);
      });
      const end = JSON.parse(kept[kept.length - 1]) as Record<string, unknown>;
      delete end.historyEntries;
      const sha256 = createHash('sha256').update(body.map((line) => `${line}\n`).join('')).digest('hex');
      const v2 = [...body, JSON.stringify({ ...end, lines: body.length, sha256 })];
      expect(v2[0]).toContain('"version":2');
      const target = fileStore('v2-target');
      const imported = await runJson<ImportResult>(['import', write('v2.jsonl', v2), ...target.args]);
      expect(imported.code).toBe(0);
      expect(imported.json).toMatchObject({ executions: 3, outputLines: 8, historyEntries: 0, warnings: [] });
      await withOpen([[source], [target]], async (from, to) => {
        for (const id of IDS) expect(await to.getExecution(id)).toStrictEqual(await from.getExecution(id));
        expect((await to.listExecutionRevisions('run-1')).revisions).toHaveLength(1);
      });
    });

    it('refuses a damaged history line, naming its line, execution and revision, and imports nothing', async () => {
      const at = historyAt(1);
      const entry = JSON.parse(lines[at]) as { revision: number; outputLength: number; document: Record<string, unknown> };
      const change = (edit: (line: typeof entry) => void): string[] => {
        const copy = JSON.parse(lines[at]) as typeof entry;
        edit(copy);
        return lines.map((line, index) => (index === at ? JSON.stringify(copy) : line));
      };
      const where = `line ${at + 1} of the import stream: the history entry of execution run-1 at revision ${entry.revision}`;
      await refused(change((line) => (line.document.pc = -5)), new RegExp(`${where}: .*pc`));
      await refused(change((line) => (line.document.id = 'run-2')), new RegExp(`${where}: it holds execution "run-2"`));
      await refused(change((line) => (line.outputLength = 99)), new RegExp(`${where}: outputLength 99 is not a whole number from 0 to the 8 output lines`));
      await refused(change((line) => (line.revision += 10)), /the history entry of execution run-1 at revision \d+: (above the execution's revision|not below the entry before it)/);
      await refused(change((line) => delete (line as Partial<typeof entry>).document), new RegExp(`line ${at + 1} of the import stream: a history line without a document object`));
      await refused(change((line) => (line.revision = 0)), new RegExp(`line ${at + 1} of the import stream: the history entry of execution run-1: its revision is 0, not a whole number from 1`));
      const swapped = [...lines];
      [swapped[at], swapped[at + 1]] = [swapped[at + 1], swapped[at]];
      await refused(swapped, new RegExp(`line ${at + 2} of the import stream: .*not below the entry before it`));
      const afterOutput = [...lines];
      afterOutput.splice(historyAt(0) + 1, 0, JSON.stringify({ kind: 'output', executionId: 'run-1', lines: ['late'] }));
      await refused(afterOutput, /output of run-1 after its history lines/);
      const v2 = [lines[0].replace('"version":3', '"version":2'), ...lines.slice(1)];
      await refused(v2, new RegExp(`line ${historyAt(0) + 1} of the import stream: a history line in a version 2 stream`));
      const dropped = lines.filter((_, index) => index !== at);
      await refused(dropped, /the end line counts 7 historyEntries, the stream holds 6/);
    });
  });
});
