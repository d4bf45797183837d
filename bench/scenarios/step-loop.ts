import { promises as fs } from 'node:fs';
import { FileStorageAdapter, type Execution } from '../../src';
import { makeExecution, makeLines, makeProgram, random } from '../fixtures';
import { type BenchContext, type ScenarioResult, fileSize, layout, makeLayout, scenarioDir } from '../lib/context';
import { DurableAppender, durableReplace, readAndParse } from '../lib/floor';
import { compare } from '../lib/report';
import { PartTimer, msSince, now } from '../lib/stats';

const EXECUTION_ID = 'step-exec';
const PARTS = ['getExecution', 'getProgram', 'appendOutput', 'saveExecution', 'setCurrentExecutionId'] as const;
const RUNS = 7;
const STEPS = 60;
const WARMUP_STEPS = 20;

type Tree = Record<string, unknown> & { pc: number; stack: unknown[] };

/**
 * What a CVM server does at every cognitive step: load the execution and its program, append
 * the step's output, save the new state, point "current" at it. The floor does the same I/O on
 * the same bytes with nothing in between.
 */
export async function stepLoop(ctx: BenchContext): Promise<ScenarioResult> {
  const libraryDir = await scenarioDir(ctx, 'step-library');
  const floorDir = await scenarioDir(ctx, 'step-floor');
  const rand = random(7);
  const totalSteps = WARMUP_STEPS * 2 + RUNS * STEPS;
  const lines = Array.from({ length: totalSteps }, (_, step) => makeLines(rand, step * 3, 3));

  const adapter = new FileStorageAdapter(libraryDir);
  await adapter.connect();
  await adapter.saveProgram(makeProgram());
  await adapter.saveExecution(makeExecution(EXECUTION_ID));
  await adapter.setCurrentExecutionId(EXECUTION_ID);

  // The floor starts from the very files the library wrote, so it reads and writes the same bytes.
  await makeLayout(floorDir);
  const files = {
    execution: layout.execution(floorDir, EXECUTION_ID),
    program: layout.program(floorDir, 'bench-program'),
    output: layout.output(floorDir, EXECUTION_ID),
    metadata: layout.metadata(floorDir),
  };
  await fs.copyFile(layout.execution(libraryDir, EXECUTION_ID), files.execution);
  await fs.copyFile(layout.program(libraryDir, 'bench-program'), files.program);
  await fs.copyFile(layout.metadata(libraryDir), files.metadata);
  const appender = await DurableAppender.open(files.output);

  let librarySteps = 0;
  const libraryStep = async (timer: PartTimer): Promise<void> => {
    const step = librarySteps++;
    const execution = (await timer.time('getExecution', () => adapter.getExecution(EXECUTION_ID))) as Execution;
    const program = await timer.time('getProgram', () => adapter.getProgram(execution.programId));
    await timer.time('appendOutput', () => adapter.appendOutput(EXECUTION_ID, lines[step]));
    execution.pc = (execution.pc + 1) % (program?.bytecode.length ?? 1);
    execution.stack[execution.stack.length - 1] = `result of step ${step}`;
    execution.updated = new Date();
    await timer.time('saveExecution', () => adapter.saveExecution(execution));
    await timer.time('setCurrentExecutionId', () => adapter.setCurrentExecutionId(EXECUTION_ID));
  };

  let floorSteps = 0;
  const floorStep = async (timer: PartTimer): Promise<void> => {
    const step = floorSteps++;
    const tree = (await timer.time('getExecution', () => readAndParse(files.execution))) as Tree;
    const program = (await timer.time('getProgram', () => readAndParse(files.program))) as { bytecode: unknown[] };
    await timer.time('appendOutput', () => appender.append(`\n${JSON.stringify(lines[step])}`));
    tree.pc = (tree.pc + 1) % program.bytecode.length;
    tree.stack[tree.stack.length - 1] = `result of step ${step}`;
    tree.updated = new Date().toISOString();
    await timer.time('saveExecution', () => durableReplace(files.execution, JSON.stringify(tree)));
    // Setting "current" to the id it already holds: the library reads metadata.json, sees no
    // change and writes nothing, so the floor is that read.
    await timer.time('setCurrentExecutionId', () => readAndParse(files.metadata));
  };

  for (let i = 0; i < WARMUP_STEPS; i++) {
    await libraryStep(new PartTimer());
    await floorStep(new PartTimer());
  }
  // Library and floor steps alternate one by one (swapping which goes first), so a burst of load
  // from other processes lands on both; a run is STEPS of each.
  const libraryTimers: PartTimer[] = [];
  const floorTimers: PartTimer[] = [];
  const samples = { a: [] as number[], b: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    const library = new PartTimer();
    const floor = new PartTimer();
    let libraryMs = 0;
    let floorMs = 0;
    for (let i = 0; i < STEPS; i++) {
      const timeStep = async (step: (timer: PartTimer) => Promise<void>, timer: PartTimer): Promise<number> => {
        const start = now();
        await step(timer);
        return msSince(start);
      };
      if (i % 2 === 0) {
        libraryMs += await timeStep(libraryStep, library);
        floorMs += await timeStep(floorStep, floor);
      } else {
        floorMs += await timeStep(floorStep, floor);
        libraryMs += await timeStep(libraryStep, library);
      }
    }
    samples.a.push(libraryMs / STEPS);
    samples.b.push(floorMs / STEPS);
    libraryTimers.push(library);
    floorTimers.push(floor);
  }

  const details = {
    steps: `${RUNS} runs of ${STEPS} library steps alternating with ${STEPS} floor steps, after ${WARMUP_STEPS} warm-up steps`,
    executionFileBytes: await fileSize(layout.execution(libraryDir, EXECUTION_ID)),
    floorExecutionFileBytes: await fileSize(files.execution),
    programFileBytes: await fileSize(layout.program(libraryDir, 'bench-program')),
    outputRecordBytes: Buffer.byteLength(`\n${JSON.stringify(lines[0])}`),
  };
  await appender.close();
  await adapter.disconnect();

  const perPart = (timers: PartTimer[], part: string) => timers.map((timer) => (timer.totals.get(part) ?? 0) / STEPS);
  return {
    rows: [
      compare('Step loop', 'durable step', 'ms/step', samples.a, samples.b, 2),
      ...PARTS.map((part) =>
        compare('Step loop', `- ${part}`, 'ms/call', perPart(libraryTimers, part), perPart(floorTimers, part)),
      ),
    ],
    details,
  };
}
