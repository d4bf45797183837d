import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, type Execution } from '../../src';
import type { Durability } from '../../src/repositories/file';
import { SETTLED_AFTER_MS } from '../../src/repositories/file/file-store';
import { makeExecution, makeLines, makeProgram, random } from '../fixtures';
import { layout, makeLayout } from './context';
import { DurableAppender, durableReplace, readAndParse } from './floor';
import type { SqliteStore } from './sqlite-store';
import { PartTimer, msSince, now } from './stats';

/** Issue 23's step: the four calls a CVM server makes per cognitive step. */
export const STEP_PARTS = ['getExecution', 'appendOutput', 'saveExecution', 'setCurrentExecutionId'] as const;

type Tree = Record<string, unknown> & { id: string; programId: string; state: string; created: string; updated?: string; pc: number; stack: unknown[] };
type Step = (timer: PartTimer) => Promise<void>;

export interface StepOptions {
  executionId?: string;
  /** The state stepped on (default: makeExecution's 50 stack entries and 50 variables). */
  execution?: Execution;
  /** The yardstick: the same step on this SQLite store, in the same run. */
  sqlite?: SqliteStore;
  /** Also the original package's step, by proxy (see originalStep). */
  original?: boolean;
}

export interface StepSamples {
  library: number[];
  floor: number[];
  /** Empty without a SQLite store. */
  sqlite: number[];
  /** Empty without `original`. */
  original: number[];
  libraryTimers: PartTimer[];
  floorTimers: PartTimer[];
}

/**
 * A CVM step (getExecution, appendOutput of 1 to 3 lines, saveExecution, setCurrentExecutionId
 * to the id it already holds) on the library, on the floor, and optionally on SQLite, all in the
 * given durability. The floor is issue 23's: the execution read and parsed, the lines one
 * O_APPEND write() on a descriptor kept open (fsync'ed when strict), the state written as temp
 * file, fsync, rename, fsync of the folder (relaxed: without the fsyncs), and nothing for
 * "current", which already names the execution. The floor's files sit beside the library's
 * (named `floor+*`, which is no valid id, so the library skips them), in `floorDir`, which may
 * be the library's own folder.
 */
export class StepPair {
  private librarySteps = 0;
  private floorSteps = 0;
  private sqliteSteps = 0;
  private originalSteps = 0;
  private readonly lines: (step: number) => string[];

  private constructor(
    readonly adapter: FileStorageAdapter,
    private readonly executionId: string,
    private readonly files: { execution: string; output: string; original: { execution: string; output: string; metadata: string } | null },
    private readonly appender: DurableAppender,
    private readonly sync: boolean,
    private readonly sqlite: SqliteStore | undefined,
  ) {
    const rand = random(7);
    this.lines = (step) => makeLines(rand, step * 3, 1 + (step % 3));
  }

  /**
   * Saves the program and the execution, copies the stored execution for the floor (and SQLite)
   * and, with `settle`, waits until the files are old enough for the read cache to keep them.
   */
  static async create(libraryDir: string, floorDir: string, durability: Durability, settle: boolean, options: StepOptions = {}): Promise<StepPair> {
    const executionId = options.executionId ?? 'step-exec';
    const adapter = new FileStorageAdapter(libraryDir, { durability });
    await adapter.connect();
    await adapter.saveProgram(makeProgram());
    await adapter.saveExecution({ ...(options.execution ?? makeExecution(executionId)), id: executionId });
    await adapter.setCurrentExecutionId(executionId);
    await makeLayout(floorDir);
    const original = options.original
      ? {
          execution: layout.execution(floorDir, `original+${executionId}`),
          output: path.join(floorDir, 'outputs', `original+${executionId}.output`),
          metadata: path.join(floorDir, 'original-metadata.json'),
        }
      : null;
    const files = {
      execution: layout.execution(floorDir, `floor+${executionId}`),
      output: layout.output(floorDir, `floor+${executionId}`),
      original,
    };
    await fs.copyFile(layout.execution(libraryDir, executionId), files.execution);
    if (original !== null) await fs.writeFile(original.execution, JSON.stringify(await adapter.getExecution(executionId), null, 2));
    if (options.sqlite !== undefined) {
      options.sqlite.saveExecution((await readAndParse(files.execution)) as Tree);
      options.sqlite.setCurrentExecutionId(executionId);
    }
    const appender = await DurableAppender.open(files.output);
    if (settle) await new Promise((resolve) => setTimeout(resolve, SETTLED_AFTER_MS + 200));
    return new StepPair(adapter, executionId, files, appender, durability === 'strict', options.sqlite);
  }

  readonly library = async (timer: PartTimer): Promise<void> => {
    const step = this.librarySteps++;
    const id = this.executionId;
    const execution = (await timer.time('getExecution', () => this.adapter.getExecution(id))) as Execution;
    await timer.time('appendOutput', () => this.adapter.appendOutput(id, this.lines(step)));
    execution.pc = (execution.pc + 1) % 1000;
    execution.stack[execution.stack.length - 1] = `result of step ${step}`;
    execution.updated = new Date();
    await timer.time('saveExecution', () => this.adapter.saveExecution(execution));
    await timer.time('setCurrentExecutionId', () => this.adapter.setCurrentExecutionId(id));
  };

  readonly floor = async (timer: PartTimer): Promise<void> => {
    const step = this.floorSteps++;
    const tree = (await timer.time('getExecution', () => readAndParse(this.files.execution))) as Tree;
    await timer.time('appendOutput', () => this.appender.append(`\n${JSON.stringify(this.lines(step))}`, this.sync));
    advance(tree, step);
    await timer.time('saveExecution', () => durableReplace(this.files.execution, JSON.stringify(tree), this.sync));
  };

  readonly sqliteStep = async (timer: PartTimer): Promise<void> => {
    const store = this.sqlite;
    if (store === undefined) return;
    const step = this.sqliteSteps++;
    const id = this.executionId;
    const tree = (await timer.time('getExecution', async () => store.getExecution(id))) as Tree;
    await timer.time('appendOutput', async () => store.appendOutput(id, this.lines(step)));
    advance(tree, step);
    await timer.time('saveExecution', async () => store.saveExecution(tree));
    await timer.time('setCurrentExecutionId', async () => store.setCurrentExecutionId(id));
  };

  /**
   * The original package's file adapter, by proxy: the calls it makes for the same step, without
   * its code. It reads and parses the execution (turning its dates back into Dates), appends the
   * lines joined by newlines with appendFile, writes the execution as indented JSON in place
   * (no temp file, no fsync) and rewrites its metadata file on every setCurrentExecutionId.
   */
  readonly originalStep = async (timer: PartTimer): Promise<void> => {
    const files = this.files.original;
    if (files === null) return;
    const step = this.originalSteps++;
    const id = this.executionId;
    const execution = (await timer.time('getExecution', async () => {
      const parsed = JSON.parse(await fs.readFile(files.execution, 'utf-8')) as Record<string, unknown>;
      parsed.created = new Date(parsed.created as string);
      if (parsed.updated) parsed.updated = new Date(parsed.updated as string);
      return parsed as Tree;
    })) as Tree;
    await timer.time('appendOutput', () => fs.appendFile(files.output, `${this.lines(step).join('\n')}\n`, 'utf-8'));
    advance(execution, step);
    await timer.time('saveExecution', () => fs.writeFile(files.execution, JSON.stringify(execution, null, 2), 'utf-8'));
    await timer.time('setCurrentExecutionId', () => fs.writeFile(files.metadata, JSON.stringify({ currentExecutionId: id }, null, 2), 'utf-8'));
  };

  /**
   * `runs` runs of `steps` steps of each side, the sides alternating step by step (rotating
   * which goes first), after `warmup` of each: per run, the mean ms per step and the per-part
   * timers.
   */
  async measure(runs: number, steps: number, warmup: number): Promise<StepSamples> {
    const names = ['library', 'floor', ...(this.sqlite === undefined ? [] : ['sqlite' as const]), ...(this.files.original === null ? [] : ['original' as const])] as const;
    const step: Record<(typeof names)[number], Step> = { library: this.library, floor: this.floor, sqlite: this.sqliteStep, original: this.originalStep };
    const sides = names.map((name) => step[name]);
    for (let i = 0; i < warmup; i++) for (const side of sides) await side(new PartTimer());
    const result: StepSamples = { library: [], floor: [], sqlite: [], original: [], libraryTimers: [], floorTimers: [] };
    for (let run = 0; run < runs; run++) {
      const timers = sides.map(() => new PartTimer());
      const totals = sides.map(() => 0);
      for (let i = 0; i < steps; i++) {
        for (let k = 0; k < sides.length; k++) {
          const index = (i + k) % sides.length;
          const start = now();
          await sides[index](timers[index]);
          totals[index] += msSince(start);
        }
      }
      names.forEach((name, index) => result[name].push(totals[index] / steps));
      result.libraryTimers.push(timers[0]);
      result.floorTimers.push(timers[1]);
    }
    return result;
  }

  get floorFiles(): { execution: string; output: string } {
    return this.files;
  }

  async close(): Promise<void> {
    await this.appender.close();
    await this.adapter.disconnect();
  }
}

function advance(tree: Tree, step: number): void {
  tree.pc = (tree.pc + 1) % 1000;
  tree.stack[tree.stack.length - 1] = `result of step ${step}`;
  tree.updated = new Date().toISOString();
}

