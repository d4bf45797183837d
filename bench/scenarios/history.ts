import path from 'node:path';
import { FileStorageAdapter, MongoDBStorageAdapter, type CvmStorage, type Execution, type StorageAdapter } from '../../src';
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
export const historyListMeasure = (backend: string): string => `${backend} listExecutionRevisions of ${LISTED}, against listExecutions of ${LISTED}`;

const LISTED = 100;
const LISTS_PER_SAMPLE = 10;

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
  rows.push(await measureLists('file', new FileStorageAdapter(path.join(dir, 'list-executions')), new FileStorageAdapter(path.join(dir, 'list-revisions'), { history: { keep: 'all' } })));

  const server = await startServer(path.join(dir, 'secantus'));
  if (server === null) {
    rows.push(notMeasuredRow(SCENARIO, historyStepMeasure('MongoDB'), 'ms/step', 'no server (.servers/venv missing and BENCH_MONGODB_URL not set)', { target: 1.3 }));
    rows.push(notMeasuredRow(SCENARIO, historyListMeasure('MongoDB'), 'ms/list', 'no server (.servers/venv missing and BENCH_MONGODB_URL not set)', { target: 1 }));
  } else {
    try {
      const url = (name: string) => server.url.replace(/\/(\?|$)/, `/${name}$1`);
      rows.push(await measurePair('MongoDB', new MongoDBStorageAdapter(url('cvm_bench_history_off')), new MongoDBStorageAdapter(url('cvm_bench_history_on'), { history: { keep: KEEP } })));
      rows.push(await measureLists('MongoDB', new MongoDBStorageAdapter(url('cvm_bench_list_executions')), new MongoDBStorageAdapter(url('cvm_bench_list_revisions'), { history: { keep: 'all' } })));
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

/**
 * Issue 25's second target: one page of LISTED revisions of one execution (saved LISTED + 1
 * times with `keep: 'all'`) within the time of one listExecutions of a store of LISTED executions.
 */
async function measureLists(backend: string, executions: StorageAdapter, revisions: CvmStorage): Promise<Row> {
  try {
    await executions.connect();
    for (let i = 0; i < LISTED; i++) await executions.saveExecution(makeExecution(`listed-${i}`));
    await revisions.connect();
    const id = 'revised';
    const execution = makeExecution(id);
    for (let save = 0; save <= LISTED; save++) await revisions.saveExecution({ ...execution, pc: save });
    const listExecutions = async () => {
      if ((await executions.listExecutions()).length !== LISTED) throw new Error(`listExecutions did not return ${LISTED} executions`);
    };
    const listRevisions = async () => {
      if ((await revisions.listExecutionRevisions(id, { limit: LISTED })).revisions.length !== LISTED) throw new Error(`listExecutionRevisions did not return ${LISTED} revisions`);
    };
    for (let i = 0; i < WARMUP; i++) {
      await listExecutions();
      await listRevisions();
    }
    const timed = async (list: () => Promise<void>) => {
      const start = now();
      for (let i = 0; i < LISTS_PER_SAMPLE; i++) await list();
      return msSince(start) / LISTS_PER_SAMPLE;
    };
    const samples = await interleave(RUNS, () => timed(listRevisions), () => timed(listExecutions));
    return measuredRow(SCENARIO, historyListMeasure(backend), 'ms/list', { library: samples.a, floor: samples.b, target: 1, note: `floor: listExecutions of a store of ${LISTED} executions` });
  } finally {
    await executions.disconnect();
    await revisions.disconnect();
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
