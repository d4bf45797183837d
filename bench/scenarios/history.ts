import path from 'node:path';
import { FileStorageAdapter, MongoDBStorageAdapter, type Execution, type StorageAdapter } from '../../src';
import { makeExecution, makeLines, makeProgram, random } from '../fixtures';
import { scenarioDir, type BenchContext, type ScenarioResult } from '../lib/context';
import { measuredRow, notMeasuredRow, type Row } from '../lib/report';
import { startServer } from '../lib/secantus';
import { interleave, msSince, now } from '../lib/stats';

const RUNS = 7;
const STEPS = 20;
const WARMUP = 12;
const KEEP = 10;
const SCENARIO = 'Execution history (issue 25)';

export const historyStepMeasure = (backend: string): string => `${backend} step, keep: ${KEEP}, against history off`;

type Step = () => Promise<void>;

/**
 * Issue 25's target: the CVM step (getExecution, appendOutput of 1 to 3 lines, saveExecution,
 * setCurrentExecutionId) on a store with `history: { keep: 10 }` against the same step on a store
 * with history off, interleaved run by run, on the file backend (strict) and on MongoDB (a real
 * server, see bench/lib/secantus.ts). The "floor" column of these rows is the step with history off.
 */
export async function history(ctx: BenchContext): Promise<ScenarioResult> {
  const rows: Row[] = [];
  const dir = await scenarioDir(ctx, 'history');
  const off = new FileStorageAdapter(path.join(dir, 'off'));
  const on = new FileStorageAdapter(path.join(dir, 'on'), { history: { keep: KEEP } });
  rows.push(await measurePair('file', off, on));

  const server = await startServer(path.join(dir, 'secantus'));
  if (server === null) {
    rows.push(notMeasuredRow(SCENARIO, historyStepMeasure('MongoDB'), 'ms/step', 'no server (.servers/venv missing and BENCH_MONGODB_URL not set)', { target: 1.3 }));
  } else {
    try {
      const url = (name: string) => server.url.replace(/\/(\?|$)/, `/${name}$1`);
      rows.push(await measurePair('MongoDB', new MongoDBStorageAdapter(url('cvm_bench_history_off')), new MongoDBStorageAdapter(url('cvm_bench_history_on'), { history: { keep: KEEP } })));
    } finally {
      await server.stop();
    }
  }
  return { rows, details: { keep: KEEP, runs: RUNS, steps: STEPS, mongodb: server?.label ?? null } };
}

async function measurePair(backend: string, off: StorageAdapter, on: StorageAdapter): Promise<Row> {
  try {
    const withoutHistory = await prepare(off);
    const withHistory = await prepare(on);
    for (let i = 0; i < WARMUP; i++) {
      await withoutHistory();
      await withHistory();
    }
    const samples = await interleave(
      RUNS,
      () => timeSteps(withHistory),
      () => timeSteps(withoutHistory),
    );
    return measuredRow(SCENARIO, historyStepMeasure(backend), 'ms/step', { library: samples.a, floor: samples.b, target: 1.3, note: 'floor: the same step with history off' });
  } finally {
    await off.disconnect();
    await on.disconnect();
  }
}

async function prepare(adapter: StorageAdapter): Promise<Step> {
  const id = 'history-step';
  await adapter.connect();
  await adapter.saveProgram(makeProgram());
  await adapter.saveExecution(makeExecution(id));
  await adapter.setCurrentExecutionId(id);
  const rand = random(7);
  let steps = 0;
  return async () => {
    const step = steps++;
    const execution = (await adapter.getExecution(id)) as Execution;
    await adapter.appendOutput(id, makeLines(rand, step * 3, 1 + (step % 3)));
    execution.pc = (execution.pc + 1) % 1000;
    execution.stack[execution.stack.length - 1] = `result of step ${step}`;
    execution.updated = new Date();
    await adapter.saveExecution(execution);
    await adapter.setCurrentExecutionId(id);
  };
}

async function timeSteps(step: Step): Promise<number> {
  const start = now();
  for (let i = 0; i < STEPS; i++) await step();
  return msSince(start) / STEPS;
}
