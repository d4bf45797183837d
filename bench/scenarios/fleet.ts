import { FileStorageAdapter, MongoDBStorageAdapter, type Execution, type CvmStorage } from '../../src';
import { startMongoStandIn } from '../../test/support/mongo-standin';
import { makeExecution, makeLines, random } from '../fixtures';
import { type BenchContext, type ScenarioResult, scenarioDir } from '../lib/context';
import { mapBounded } from '../lib/floor';
import { compare, type Row } from '../lib/report';
import { interleave, msSince, now } from '../lib/stats';
import { SETTLED_AFTER_MS } from '../../src/repositories/file/file-store';

const RUNS = 7;
const STEPS = 40;
const PAGE_RUNS = 7;
const FILL_CONCURRENCY = 32;
/** The size for a query page. */
const QUERY_EXECUTIONS = 100_000;
/**
 * On the stand-in, fewer: its in-memory collections check the unique index by scanning, so
 * filling 100,000 takes hours, and its wall time says little of a real server's anyway.
 */
const STAND_IN_QUERY_EXECUTIONS = 10_000;

/**
 * What running a fleet costs: a fenced step (readExecution, then saveExecution and appendOutput
 * fenced on its revision) against the same step unfenced (getExecution, saveExecution,
 * appendOutput), on the file backend in each durability mode; and a page of queryExecutions
 * among 100,000 stored executions, first and further pages, on the file backend (with the read
 * cache warm: the files settled first), and among 10,000 on the MongoDB stand-in (wall time
 * there is in-process, not a real server's).
 */
export async function fleet(ctx: BenchContext): Promise<ScenarioResult> {
  const rows: Row[] = [];
  for (const durability of ['strict', 'relaxed'] as const) {
    const adapter = new FileStorageAdapter(await scenarioDir(ctx, `fleet-step-${durability}`), { durability });
    await adapter.connect();
    try {
      const { fenced, unfenced } = await stepCosts(adapter);
      rows.push(compare(`Fleet, file ${durability}`, 'fenced step (floor: the same step unfenced)', 'ms/step', fenced, unfenced));
    } finally {
      await adapter.disconnect();
    }
  }
  const count = QUERY_EXECUTIONS;
  const fileAdapter = new FileStorageAdapter(await scenarioDir(ctx, 'fleet-query'), { durability: 'relaxed' });
  await fileAdapter.connect();
  try {
    rows.push(...(await pageCosts(fileAdapter, `Fleet, file, ${count} executions`, count)));
  } finally {
    await fileAdapter.disconnect();
  }
  const standIn = await startMongoStandIn({ mode: 'standalone' });
  const mongo = new MongoDBStorageAdapter(standIn.url.replace(/\/(\?|$)/, '/cvm_fleet$1'));
  try {
    await mongo.connect();
    rows.push(...(await pageCosts(mongo, `Fleet, MongoDB stand-in, ${STAND_IN_QUERY_EXECUTIONS} executions`, STAND_IN_QUERY_EXECUTIONS)));
  } finally {
    await mongo.disconnect();
    await standIn.close();
  }
  return { rows, details: { steps: `${RUNS} runs of ${STEPS} fenced and ${STEPS} unfenced steps, interleaved`, pages: `${PAGE_RUNS} runs of each page, limit 100` } };
}

async function stepCosts(adapter: CvmStorage): Promise<{ fenced: number[]; unfenced: number[] }> {
  const rand = random(7);
  await adapter.saveExecution(makeExecution('fleet-fenced'));
  await adapter.saveExecution(makeExecution('fleet-unfenced'));
  const samples = await interleave(
    RUNS,
    async () => {
      const start = now();
      for (let step = 0; step < STEPS; step++) {
        const read = await adapter.readExecution('fleet-fenced');
        const next: Execution = { ...(read?.execution as Execution), pc: step, updated: new Date() };
        await adapter.saveExecution(next, { expectedRevision: read?.revision ?? null });
        await adapter.appendOutput('fleet-fenced', makeLines(rand, step, 3), { expectedRevision: (read?.revision ?? 0) + 1 });
      }
      return msSince(start) / STEPS;
    },
    async () => {
      const start = now();
      for (let step = 0; step < STEPS; step++) {
        const execution = (await adapter.getExecution('fleet-unfenced')) as Execution;
        await adapter.saveExecution({ ...execution, pc: step, updated: new Date() });
        await adapter.appendOutput('fleet-unfenced', makeLines(rand, step, 3));
      }
      return msSince(start) / STEPS;
    },
  );
  return { fenced: samples.a, unfenced: samples.b };
}

async function pageCosts(adapter: CvmStorage, scenario: string, count: number): Promise<Row[]> {
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  const ids = Array.from({ length: count }, (_, index) => index);
  await mapBounded(ids, FILL_CONCURRENCY, (index) =>
    adapter.saveExecution({ ...makeExecution(`q-${String(index).padStart(6, '0')}`, 5, 5, index), state: index % 3 === 0 ? 'COMPLETED' : 'RUNNING', created: new Date(base + index * 1000) }),
  );
  // Let the files settle, so the read cache may keep them (see SETTLED_AFTER_MS).
  await new Promise((resolve) => setTimeout(resolve, SETTLED_AFTER_MS + 200));
  await adapter.queryExecutions({ limit: 100 });
  const middle = (await adapter.queryExecutions({ limit: 100, state: 'RUNNING', after: undefined })).next;
  const first: number[] = [];
  const further: number[] = [];
  const filtered: number[] = [];
  const afterSave: number[] = [];
  for (let run = 0; run < PAGE_RUNS; run++) {
    let start = now();
    await adapter.queryExecutions({ limit: 100 });
    first.push(msSince(start));
    start = now();
    await adapter.queryExecutions({ limit: 100, after: middle ?? undefined });
    further.push(msSince(start));
    start = now();
    await adapter.queryExecutions({ limit: 100, state: 'COMPLETED' });
    filtered.push(msSince(start));
  }
  for (let run = 0; run < PAGE_RUNS; run++) {
    await adapter.saveExecution({ ...makeExecution('q-000000', 5, 5, run), created: new Date(base) });
    const start = now();
    await adapter.queryExecutions({ limit: 100 });
    afterSave.push(msSince(start));
  }
  return [
    compare(scenario, 'queryExecutions, first page of 100', 'ms/page', first),
    compare(scenario, 'queryExecutions, a further page (after a cursor)', 'ms/page', further),
    compare(scenario, 'queryExecutions, first page of 100 by state', 'ms/page', filtered),
    compare(scenario, 'queryExecutions, first page of 100, right after a save', 'ms/page', afterSave),
  ];
}
