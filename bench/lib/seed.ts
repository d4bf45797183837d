import { promises as fs } from 'node:fs';
import { FileStorageAdapter } from '../../src';
import { formatOutputRecord } from '../../src/repositories/file/output-log';
import { makeExecution, makeLines, makeProgram, random } from '../fixtures';
import { layout } from './context';
import { mapBounded, readAndParse } from './floor';
import type { SqliteStore } from './sqlite-store';

/**
 * Big stores, fast: the library saves one execution (so the data folder, its metadata and the
 * stored format are its own), and copies of that stored tree, with their own id, creation time
 * and state, are written straight into the folder in the layout the library reads, and into the
 * SQLite yardstick as the same JSON text. No library save per record.
 */
const WRITE_CONCURRENCY = 32;
const BASE = Date.parse('2025-01-01T00:00:00.000Z');

type Tree = Record<string, unknown> & { id: string; programId: string; state: string; created: string; updated?: string };

export const seededId = (index: number): string => `seed-${String(index).padStart(7, '0')}`;

export class Seeder {
  private constructor(
    private readonly dataDir: string,
    private readonly template: Tree,
    private readonly sqlite: SqliteStore,
  ) {}

  /** `stackSize`/`variableCount` size each execution (10 and 10: about 3.6 KB stored). */
  static async create(dataDir: string, sqlite: SqliteStore, stackSize: number, variableCount: number): Promise<Seeder> {
    const adapter = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
    await adapter.connect();
    await adapter.saveProgram(makeProgram());
    await adapter.saveExecution(makeExecution('seed-template', stackSize, variableCount, 5));
    const template = (await readAndParse(layout.execution(dataDir, 'seed-template'))) as Tree;
    await adapter.deleteExecution('seed-template');
    await adapter.disconnect();
    return new Seeder(dataDir, template, sqlite);
  }

  /** Executions `from` to `to - 1`: one second apart, every third COMPLETED, the rest RUNNING. */
  async executions(from: number, to: number): Promise<void> {
    const trees: Tree[] = [];
    for (let index = from; index < to; index++) {
      const created = new Date(BASE + index * 1000).toISOString();
      trees.push({ ...this.template, id: seededId(index), state: index % 3 === 0 ? 'COMPLETED' : 'RUNNING', pc: index % 1000, created, updated: created });
    }
    const texts = new Map(trees.map((tree) => [tree.id, JSON.stringify(tree)]));
    await mapBounded(trees, WRITE_CONCURRENCY, (tree) => fs.writeFile(layout.execution(this.dataDir, tree.id), texts.get(tree.id) as string));
    this.sqlite.seedExecutions(trees, (tree) => texts.get(tree.id) as string);
  }

  /** `lines` output lines of `executionId`, two per record as a stepping server appends them. */
  async output(executionId: string, lines: number): Promise<string> {
    const all = makeLines(random(17), 0, lines);
    const records: string[] = [];
    for (let start = 0; start < lines; start += 2) records.push(formatOutputRecord(all.slice(start, start + 2)));
    const file = layout.output(this.dataDir, executionId);
    await fs.writeFile(file, records.join(''));
    for (let start = 0; start < lines; start += 10_000) this.sqlite.appendOutput(executionId, all.slice(start, start + 10_000));
    return file;
  }
}
