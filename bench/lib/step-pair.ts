import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, type Execution } from '../../src';
import type { Durability } from '../../src/repositories/file';
import { SETTLED_AFTER_MS } from '../../src/repositories/file/file-store';
import { makeExecution, makeLines, makeProgram, PROGRAM_ID, random } from '../fixtures';
import { layout, makeLayout } from './context';
import { DurableAppender, durableReplace, readAndParse } from './floor';
import { PartTimer, msSince, now } from './stats';

export const STEP_PARTS = ['getExecution', 'getProgram', 'appendOutput', 'saveExecution', 'setCurrentExecutionId'] as const;

type Tree = Record<string, unknown> & { pc: number; stack: unknown[] };

/**
 * A CVM step on the library and the same I/O on the same bytes with nothing in between (the
 * floor), both in the given durability: load the execution and its program, append the step's
 * output, save the new state, point "current" at it. The floor's files sit beside the library's
 * (named `floor+*`, which is no valid id, so the library skips them), in `floorDir`, which may be the library's own folder.
 */
export class StepPair {
  private librarySteps = 0;
  private floorSteps = 0;
  private readonly lines: (step: number) => string[];

  private constructor(
    readonly adapter: FileStorageAdapter,
    private readonly executionId: string,
    private readonly files: { execution: string; program: string; output: string; metadata: string },
    private readonly appender: DurableAppender,
    private readonly sync: boolean,
  ) {
    const rand = random(7);
    this.lines = (step) => makeLines(rand, step * 3, 3);
  }

  /**
   * Saves the program and the execution, copies them for the floor and, with `settle`, waits
   * until the program file is old enough for the read cache to keep it (as a program saved
   * before a run of steps is).
   */
  static async create(libraryDir: string, floorDir: string, durability: Durability, settle: boolean, executionId = 'step-exec'): Promise<StepPair> {
    const adapter = new FileStorageAdapter(libraryDir, { durability });
    await adapter.connect();
    await adapter.saveProgram(makeProgram());
    await adapter.saveExecution(makeExecution(executionId));
    await adapter.setCurrentExecutionId(executionId);
    await makeLayout(floorDir);
    const files = {
      execution: layout.execution(floorDir, `floor+${executionId}`),
      program: layout.program(floorDir, `floor+${PROGRAM_ID}`),
      output: layout.output(floorDir, `floor+${executionId}`),
      metadata: path.join(floorDir, 'floor-metadata.json'),
    };
    await fs.copyFile(layout.execution(libraryDir, executionId), files.execution);
    await fs.copyFile(layout.program(libraryDir, PROGRAM_ID), files.program);
    await fs.copyFile(layout.metadata(libraryDir), files.metadata);
    const appender = await DurableAppender.open(files.output);
    if (settle) await new Promise((resolve) => setTimeout(resolve, SETTLED_AFTER_MS + 200));
    return new StepPair(adapter, executionId, files, appender, durability === 'strict');
  }

  readonly library = async (timer: PartTimer): Promise<void> => {
    const step = this.librarySteps++;
    const id = this.executionId;
    const execution = (await timer.time('getExecution', () => this.adapter.getExecution(id))) as Execution;
    const program = await timer.time('getProgram', () => this.adapter.getProgram(execution.programId));
    await timer.time('appendOutput', () => this.adapter.appendOutput(id, this.lines(step)));
    execution.pc = (execution.pc + 1) % (program?.bytecode.length ?? 1);
    execution.stack[execution.stack.length - 1] = `result of step ${step}`;
    execution.updated = new Date();
    await timer.time('saveExecution', () => this.adapter.saveExecution(execution));
    await timer.time('setCurrentExecutionId', () => this.adapter.setCurrentExecutionId(id));
  };

  readonly floor = async (timer: PartTimer): Promise<void> => {
    const step = this.floorSteps++;
    const tree = (await timer.time('getExecution', () => readAndParse(this.files.execution))) as Tree;
    const program = (await timer.time('getProgram', () => readAndParse(this.files.program))) as { bytecode: unknown[] };
    await timer.time('appendOutput', () => this.appender.append(`\n${JSON.stringify(this.lines(step))}`, this.sync));
    tree.pc = (tree.pc + 1) % program.bytecode.length;
    tree.stack[tree.stack.length - 1] = `result of step ${step}`;
    tree.updated = new Date().toISOString();
    await timer.time('saveExecution', () => durableReplace(this.files.execution, JSON.stringify(tree), this.sync));
    // Setting "current" to the id it already holds: the library reads metadata.json, sees no
    // change and writes nothing, so the floor is that read.
    await timer.time('setCurrentExecutionId', () => readAndParse(this.files.metadata));
  };

  /**
   * `runs` runs of `steps` library steps alternating one by one with `steps` floor steps
   * (swapping which goes first), after `warmup` of each: per run, the mean ms per step and the
   * per-part timers.
   */
  async measure(runs: number, steps: number, warmup: number): Promise<{ library: number[]; floor: number[]; libraryTimers: PartTimer[]; floorTimers: PartTimer[] }> {
    for (let i = 0; i < warmup; i++) {
      await this.library(new PartTimer());
      await this.floor(new PartTimer());
    }
    const result = { library: [] as number[], floor: [] as number[], libraryTimers: [] as PartTimer[], floorTimers: [] as PartTimer[] };
    const timeStep = async (step: (timer: PartTimer) => Promise<void>, timer: PartTimer): Promise<number> => {
      const start = now();
      await step(timer);
      return msSince(start);
    };
    for (let run = 0; run < runs; run++) {
      const library = new PartTimer();
      const floor = new PartTimer();
      let libraryMs = 0;
      let floorMs = 0;
      for (let i = 0; i < steps; i++) {
        if (i % 2 === 0) {
          libraryMs += await timeStep(this.library, library);
          floorMs += await timeStep(this.floor, floor);
        } else {
          floorMs += await timeStep(this.floor, floor);
          libraryMs += await timeStep(this.library, library);
        }
      }
      result.library.push(libraryMs / steps);
      result.floor.push(floorMs / steps);
      result.libraryTimers.push(library);
      result.floorTimers.push(floor);
    }
    return result;
  }

  get floorFiles(): { execution: string; program: string; output: string } {
    return this.files;
  }

  async close(): Promise<void> {
    await this.appender.close();
    await this.adapter.disconnect();
  }
}
