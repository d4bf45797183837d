import { MongoDBStorageAdapter, type Execution } from '../../src';
import { startMongoStandIn, type MongoStandIn, type StandInMode, type StandInStats } from '../../test/support/mongo-standin';
import { PROGRAM_ID, makeExecution, makeLines, makeProgram, random } from '../fixtures';
import type { BenchContext, ScenarioResult } from '../lib/context';
import type { RoundTripRow } from '../lib/report';

const EXECUTION_ID = 'mongo-exec';
/** Saved by the first adapter, first appended to by a second one, as after a restart or on another server. */
const ELSEWHERE_ID = 'mongo-exec-elsewhere';
const LISTED_EXECUTIONS = 300;
const OUTPUT_CHUNKS = 1000;

/**
 * The MongoDB backend against the in-process wire-protocol stand-in. Wall time on a stand-in says
 * nothing about a real server, so this counts what does carry over: the commands (round trips)
 * each adapter call sends, as the stand-in received them (handshake and heartbeats left out).
 */
export async function mongodb(_ctx: BenchContext): Promise<ScenarioResult> {
  const rows: RoundTripRow[] = [];
  await withStandIn('standalone', async (standIn, adapter, url) => {
    const count = counter(standIn, rows);
    rows.push(row('connect (standalone)', standIn.stats()));
    const program = makeProgram();
    const execution = makeExecution(EXECUTION_ID);
    const rand = random(13);

    await count('saveProgram (2,000 instructions, new)', () => adapter.saveProgram(program), 1);
    await count('saveProgram (replace)', () => adapter.saveProgram({ ...program, updated: new Date() }), 1);
    await count('saveExecution (new)', () => adapter.saveExecution(execution), 1);
    await count('appendOutput (first, to an execution this process created)', () => adapter.appendOutput(EXECUTION_ID, makeLines(rand, 0, 3)), 1);

    // A second adapter on the same database has to learn the execution's next seq once (a find).
    await adapter.saveExecution(makeExecution(ELSEWHERE_ID));
    const other = new MongoDBStorageAdapter(url);
    try {
      await other.connect();
      await count('appendOutput (first in this process, to an execution created elsewhere)', () => other.appendOutput(ELSEWHERE_ID, makeLines(rand, 0, 3)), 1);
    } finally {
      await other.disconnect();
    }
    await count('setCurrentExecutionId', () => adapter.setCurrentExecutionId(EXECUTION_ID), 1);
    await count('getCurrentExecutionId', () => adapter.getCurrentExecutionId());

    // One cognitive step, as in the step loop: counted whole, then call by call.
    type Count = <T>(operation: string, call: () => Promise<T>, target?: number) => Promise<T>;
    const step = async (part: Count): Promise<void> => {
      const loaded = (await part('- getExecution', () => adapter.getExecution(EXECUTION_ID))) as Execution;
      await part('- getProgram', () => adapter.getProgram(PROGRAM_ID));
      await part('- appendOutput (3 lines)', () => adapter.appendOutput(EXECUTION_ID, makeLines(rand, 3, 3)), 1);
      loaded.pc += 1;
      loaded.updated = new Date();
      await part('- saveExecution (replace)', () => adapter.saveExecution(loaded), 1);
      await part('- setCurrentExecutionId', () => adapter.setCurrentExecutionId(EXECUTION_ID), 1);
    };
    await count('step: the five calls below', () => step((_operation, call) => call()));
    await step(count);

    // The same step fenced, as a server of a fleet runs it (issue 16): its writes carry the revision read.
    const resumed = await count('- readExecution', () => adapter.readExecution(EXECUTION_ID));
    if (resumed === null) throw new Error('the execution is gone');
    await count('- saveExecution (fenced)', () => adapter.saveExecution({ ...resumed.execution, pc: resumed.execution.pc + 1 }, { expectedRevision: resumed.revision }), 1);
    await count('- appendOutput (3 lines, fenced)', () => adapter.appendOutput(EXECUTION_ID, makeLines(rand, 6, 3), { expectedRevision: resumed.revision + 1 }));

    for (let i = 0; i < LISTED_EXECUTIONS; i++) await adapter.saveExecution(makeExecution(`listed-${i}`, 10, 10, 200 + i));
    await count(`listExecutions (${LISTED_EXECUTIONS + 1} executions)`, () => adapter.listExecutions());

    for (let i = 0; i < OUTPUT_CHUNKS; i++) await adapter.appendOutput('long-output', makeLines(rand, i * 100, 100));
    await count(`getOutput (${OUTPUT_CHUNKS} appends of 100 lines)`, () => adapter.getOutput('long-output'));
    await count('deleteExecution (standalone: repeat-safe order)', () => adapter.deleteExecution(EXECUTION_ID));
  });

  await withStandIn('replicaSet', async (standIn, adapter) => {
    const count = counter(standIn, rows);
    rows.push(row('connect (replica set)', standIn.stats()));
    await adapter.saveExecution(makeExecution(EXECUTION_ID));
    await adapter.appendOutput(EXECUTION_ID, ['a line']);
    await adapter.setCurrentExecutionId(EXECUTION_ID);
    await count('deleteExecution (replica set: one transaction)', () => adapter.deleteExecution(EXECUTION_ID));
  });

  return {
    rows: [],
    roundTrips: rows,
    details: { roundTrips: 'commands the stand-in received during the call, handshake and heartbeats excluded' },
  };
}

async function withStandIn<T>(
  mode: StandInMode,
  work: (standIn: MongoStandIn, adapter: MongoDBStorageAdapter, url: string) => Promise<T>,
): Promise<T> {
  const standIn = await startMongoStandIn({ mode });
  const url = standIn.url.replace(/\/(\?|$)/, '/cvm_bench$1');
  const adapter = new MongoDBStorageAdapter(url);
  try {
    await adapter.connect();
    return await work(standIn, adapter, url);
  } finally {
    await adapter.disconnect();
    await standIn.close();
  }
}

const HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo', 'endSessions']);

/** Runs one adapter call between resetStats() and stats() and records the commands it sent. */
function counter(standIn: MongoStandIn, rows: RoundTripRow[]) {
  return async <T>(operation: string, call: () => Promise<T>, target?: number): Promise<T> => {
    standIn.resetStats();
    const index = rows.length;
    rows.push({ operation, roundTrips: 0, byCommand: {} });
    const result = await call();
    rows[index] = row(operation, standIn.stats(), target);
    return result;
  };
}

function row(operation: string, stats: StandInStats, target?: number): RoundTripRow {
  const byCommand = Object.fromEntries(Object.entries(stats.byCommand).filter(([name]) => !HOUSEKEEPING.has(name)));
  const result: RoundTripRow = { operation, roundTrips: stats.total, byCommand };
  if (target !== undefined) {
    result.target = target;
    result.met = stats.total <= target;
  }
  return result;
}
