import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MongoClient } from 'mongodb';
import { importStore } from '../../src/cli/commands/import';
import { FileStorageAdapter, MongoDBStorageAdapter, type OperationEvent } from '../../src';
import { OPERATION_CHANNEL } from '../../src/backend';
import { backendOf } from '../../src/adapters/repository-storage-adapter';
import { newExecution } from '../../src/testing';
import type { StoreTarget } from '../../src/cli/store-target';
import { useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { useTempRoot } from '../support/fixtures/temp-folders';
import { captureContext, runCli } from './run-cli';
import { program } from './seed-store';

/** The metadata key an import into MongoDB sets while it runs (src/cli/import/mongo-target.ts). */
const IMPORT_MARKER = 'cvm-storage.import';

/** Bad export streams: each is refused with exit 1 naming the line, before anything is written anywhere. */
describe('cvm-storage import of bad streams (file, and MongoDB at MONGODB_URL or the stand-in)', () => {
  const kit = useMongoKit(mongoTargets()[0]);
  const root = useTempRoot('cli-helper-import-');
  let work: string;
  let exported: string;
  let lines: string[];
  let targetCount = 0;

  // One exported store for every test (they read the export, never change it); each test gets a fresh work folder.
  beforeAll(async () => {
    const source = path.join(root.fresh('source'), 'store');
    const storage = new FileStorageAdapter(source, { durability: 'relaxed' });
    await storage.connect();
    await storage.saveProgram(program('p0'));
    for (let i = 0; i < 31; i++) {
      await storage.saveExecution({ ...newExecution(`e${String(i).padStart(2, '0')}`, 'p0'), created: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
      await storage.appendOutput(`e${String(i).padStart(2, '0')}`, [`line of ${i}`, 'x'.repeat(16 * 1024)]);
    }
    await storage.setCurrentExecutionId('e30');
    await storage.disconnect();
    exported = path.join(root.fresh('export'), 'export.jsonl');
    expect((await runCli(['export', exported, '--data-dir', source])).code).toBe(0);
    lines = readFileSync(exported, 'utf8').split('\n');
  });

  beforeEach(() => {
    work = root.fresh('work');
  });

  function stream(name: string, content: string[]): string {
    const file = path.join(work, name);
    writeFileSync(file, content.join('\n'));
    return file;
  }

  const targets: [string, () => { args: string[]; empty: () => Promise<void> }][] = [
    [
      'file',
      () => {
        const parent = path.join(work, `target-${++targetCount}`);
        return {
          args: ['--data-dir', path.join(parent, 'store')],
          empty: async () => expect(existsSync(parent)).toBe(false),
        };
      },
    ],
    [
      'MongoDB',
      () => {
        const url = kit.databaseUrl('cli_import');
        return {
          args: ['--mongo-url', url],
          empty: async () => {
            const client = await MongoClient.connect(url);
            try {
              for (const name of ['programs', 'executions', 'output_chunks']) expect(await client.db().collection(name).countDocuments()).toBe(0);
            } finally {
              await client.close();
            }
          },
        };
      },
    ],
  ];

  describe.each(targets)('into %s', (_name, target) => {
    async function refused(file: string, message: RegExp): Promise<void> {
      const { args, empty } = target();
      const run = await runCli(['import', file, ...args]);
      expect(run.stderr).toMatch(message);
      expect(run.code).toBe(1);
      await empty();
    }

    it('refuses an export truncated at a line boundary, naming the line', async () => {
      await refused(stream('truncated.jsonl', lines.slice(0, 33)), /line 34 of the import stream: the stream ends without its end line: it is truncated \(16 executions read so far\)/);
    });

    it('refuses a stream with the same execution twice', async () => {
      const twice = [...lines.slice(0, 4), lines[2], lines[3], ...lines.slice(4)];
      await refused(stream('twice.jsonl', twice), /line 5 of the import stream: execution e00 appears twice/);
    });

    it('refuses an output line without lines, and one not after its execution', async () => {
      const noLines = [...lines];
      noLines[3] = JSON.stringify({ kind: 'output', executionId: 'e00' });
      await refused(stream('no-lines.jsonl', noLines), /line 4 of the import stream: an output line without a non-empty lines array/);
      const misplaced = [...lines];
      misplaced[5] = lines[3];
      await refused(stream('misplaced.jsonl', misplaced), /line 6 of the import stream: output of e00 that does not follow its execution's line/);
    });

    it('refuses a changed stream whose counts still match, by its SHA-256', async () => {
      const changed = [...lines];
      changed[3] = changed[3].replace('line of 0', 'line of X');
      await refused(stream('changed.jsonl', changed), /line 66 of the import stream: the SHA-256 of the end line does not match/);
    });

    it('imports a version 1 export (no end line) with a warning, and refuses one truncated before its current line', async () => {
      const v1 = [lines[0].replace('"version":3', '"version":1'), ...lines.slice(1, 65), ''];
      const { args } = target();
      const run = await runCli(['import', stream('v1.jsonl', v1), ...args]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('warning: a version 1 export has no end line');
      expect(run.stdout).toContain('imported 1 programs, 31 executions, 62 output lines');
      await refused(stream('v1-truncated.jsonl', v1.slice(0, 40)), /line 41 of the import stream: the stream ends before its current line: it is truncated/);
    });

    it('refuses a line longer than any export writes with exit 1, not a stack trace', async () => {
      const { args, empty } = target();
      const store: StoreTarget = args[0] === '--data-dir' ? { kind: 'file', dataDir: args[1] } : { kind: 'mongo', url: args[1] };
      const run = captureContext(store);
      const megabyte = Buffer.alloc(1024 * 1024, 0x61);
      run.ctx.io.stdin = Readable.from(
        (function* () {
          yield Buffer.from(`${lines[0]}\n{"kind":"program","document":{"id":"`);
          for (let i = 0; i < 130; i++) yield megabyte;
        })(),
      );
      await expect(importStore(run.ctx, '-')).rejects.toThrow(/^line 2 of the import stream: the line is longer than 134217728 bytes/);
      await empty();
    });
  });

  it('a missing input file is exit 2 with a message and leaves no folder behind', async () => {
    const dataDir = path.join(work, 'target', 'store');
    const run = await runCli(['import', path.join(work, 'missing.jsonl'), '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read');
    expect(run.stderr).toContain('ENOENT');
    expect(existsSync(path.join(work, 'target'))).toBe(false);
  });

  it('a store that holds only output, or only a current pointer, is not empty', async () => {
    const dataDir = path.join(work, 'output-only');
    const storage = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
    await storage.connect();
    await storage.appendOutput('old', ['old line']);
    await storage.disconnect();
    const run = await runCli(['import', exported, '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not empty (it holds outputs/old.jsonl)');

    const url = kit.databaseUrl('cli_import_ptr');
    const mongo = new MongoDBStorageAdapter(url);
    await mongo.connect();
    await mongo.setCurrentExecutionId('e05');
    await mongo.disconnect();
    const pointer = await runCli(['import', exported, '--mongo-url', url]);
    expect(pointer.code).toBe(2);
    expect(pointer.stderr).toContain('is not empty (it holds a current execution pointer)');
  });

  describe.each(targets)('a failed import into %s', (name, target) => {
    it('leaves the store empty and a retry succeeds', async () => {
      const { args, empty } = target();
      const copy = path.join(work, 'copy.jsonl');
      writeFileSync(copy, readFileSync(exported));
      // The input (about 500 KiB) changes while the import writes (after its 10th append): the import must fail and take back what it wrote.
      let appends = 0;
      const onEvent = (message: unknown): void => {
        if ((message as OperationEvent).method === 'appendOutput' && ++appends === 10) writeFileSync(copy, `${lines.slice(0, -2).join('\n')}\n`);
      };
      subscribe(OPERATION_CHANNEL, onEvent);
      let failed;
      try {
        failed = await runCli(['import', copy, ...args]);
      } finally {
        unsubscribe(OPERATION_CHANNEL, onEvent);
      }
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/of the import stream/);
      await empty();
      if (name === 'file') expect(readdirSync(work).filter((entry) => entry.startsWith('.'))).toEqual([]);
      const retry = await runCli(['import', exported, ...args]);
      expect(retry.stderr).toMatch(/^cvm-storage: using the store at \S+ \([^)]*\)\n$/);
      expect(retry.code).toBe(0);
      expect(retry.stdout).toContain('imported 1 programs, 31 executions, 62 output lines');
    });
  });

  it('an import into MongoDB killed part-way leaves its mark, and the next import removes what it left', async () => {
    const url = kit.databaseUrl('cli_import_mark');
    const storage = new MongoDBStorageAdapter(url);
    await storage.connect();
    await storage.repositories.metadata.set(IMPORT_MARKER, '{"pid":1}');
    await storage.saveProgram(program('half'));
    await storage.appendOutput('half', ['half a line']);
    const history = backendOf(storage)!.history!;
    await history.record('half', { revision: 5, execution: newExecution('half', 'p0'), outputLength: 1 });
    const run = await runCli(['import', exported, '--mongo-url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('removed what an unfinished import ({"pid":1}) left in the store');
    expect((await storage.listPrograms()).map((p) => p.id)).toEqual(['p0']);
    expect(await storage.getOutput('half')).toEqual([]);
    expect(await history.list('half', { before: null, limit: 10 })).toEqual([]);
    expect(await storage.listExecutions()).toHaveLength(31);
    expect(await storage.repositories.metadata.get(IMPORT_MARKER)).toBeNull();
    await storage.disconnect();
  });
});
