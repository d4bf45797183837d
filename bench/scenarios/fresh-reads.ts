import path from 'node:path';
import { FileStorageAdapter, type Execution } from '../../src';
import { SETTLED_AFTER_MS } from '../../src/repositories/file/file-store';
import { type BenchContext, type ScenarioResult, layout, scenarioDir } from '../lib/context';
import { readAndParse } from '../lib/floor';
import { type ReadPoint, readCharts, readPoint } from '../lib/read-curves';
import { interleaveFresh } from '../lib/fresh-process';
import { measuredRow, type Row } from '../lib/report';
import { Seeder, seededId } from '../lib/seed';
import { SqliteStore, type StoredTree } from '../lib/sqlite-store';
import { interleave, msSince, now } from '../lib/stats';

const LIST_EXECUTIONS = 2_001;
const PAGE_EXECUTIONS = 20_000;
const LARGE_PAGE_EXECUTIONS = 100_000;
const PAGE = 50;
const TAIL_OF = 100_000;
const TAIL = 100;
const AFTER_SAVE_RUNS = 7;
/** Sizes of the list and page curves below 20,000. */
const CURVE_COUNTS = [1_000, 5_000];

export const LIST_MEASURE = `listExecutions of ${LIST_EXECUTIONS.toLocaleString('en')}, fresh process`;
export const pageMeasure = (count: number, when: 'fresh process' | 'right after one save'): string => `page of ${PAGE} at ${count.toLocaleString('en')}, ${when}`;
export const TAIL_MEASURE = `last ${TAIL} of ${TAIL_OF.toLocaleString('en')} lines, fresh process`;

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLED_AFTER_MS + 200));

/**
 * Issue 23's reads, each in fresh processes (one per sample: the library, the floor where the
 * issue sets one, SQLite), rotating which runs first: listExecutions of 2,001, the first page of
 * 50 at 20,000 executions (and 100,000 with BENCH_LARGE=1), the last 100 of 100,000 output lines;
 * and the page right after one save, in a running process. Stores are seeded straight into the
 * library's layout (bench/lib/seed.ts).
 */
export async function freshReads(ctx: BenchContext): Promise<ScenarioResult> {
  const large = ctx.stress || process.env.BENCH_LARGE === '1';
  const runs = ctx.stress ? 5 : 3;
  const rows: Row[] = [];
  const scenario = 'Reads (issue 23)';

  // listExecutions of 2,001 executions of about 3.6 KB.
  const listDir = await scenarioDir(ctx, 'fresh-list');
  const listDb = path.join(listDir, 'sqlite.db');
  const listSqlite = new SqliteStore(listDb, 'NORMAL');
  const listSeeder = await Seeder.create(path.join(listDir, 'library'), listSqlite, 10, 10);
  await listSeeder.executions(0, LIST_EXECUTIONS);
  listSqlite.close();

  // Pages and the output tail: 20,000 executions of about 1.5 KB, and one output of 100,000 lines.
  const pageDir = await scenarioDir(ctx, 'fresh-page');
  const dataDir = path.join(pageDir, 'library');
  const pageDb = path.join(pageDir, 'sqlite.db');
  const pageSqlite = new SqliteStore(pageDb, 'NORMAL');
  const seeder = await Seeder.create(dataDir, pageSqlite, 2, 2);
  // The curves' points on the way up to 20,000 (and 100,000), then the targets' rows at 20,000.
  const points: ReadPoint[] = [];
  let seeded = 0;
  const seedMs: number[] = [];
  const grow = async (count: number): Promise<void> => {
    const start = now();
    await seeder.executions(seeded, count);
    seedMs.push(Math.round(msSince(start)));
    seeded = count;
    await settle();
  };
  for (const count of CURVE_COUNTS) {
    await grow(count);
    points.push(await readPoint(dataDir, pageDb, count, PAGE));
  }
  await grow(PAGE_EXECUTIONS);
  points.push(await readPoint(dataDir, pageDb, PAGE_EXECUTIONS, PAGE));
  const outputFile = await seeder.output(seededId(0), TAIL_OF);
  await settle();

  const [list, listFloor, listSql] = await interleaveFresh(
    ctx.dir,
    runs,
    [
      { kind: 'library-list', dataDir: path.join(listDir, 'library') },
      { kind: 'floor-list', dataDir: path.join(listDir, 'library') },
      { kind: 'sqlite-list', db: listDb },
    ],
    LIST_EXECUTIONS,
  );
  rows.push(measuredRow(scenario, LIST_MEASURE, 'ms', { library: list, floor: listFloor, sqlite: listSql, target: 1, note: 'floor: read + parse every file, 32 in flight' }));

  const [tail, tailFloor, tailSql] = await interleaveFresh(
    ctx.dir,
    runs,
    [
      { kind: 'library-tail', dataDir, executionId: seededId(0), count: TAIL },
      { kind: 'floor-tail', file: outputFile, count: TAIL },
      { kind: 'sqlite-tail', db: pageDb, executionId: seededId(0), count: TAIL },
    ],
    TAIL,
  );
  rows.push(measuredRow(scenario, TAIL_MEASURE, 'ms', { library: tail, floor: tailFloor, sqlite: tailSql, target: 3, note: 'library: getOutputLength + getOutput(from); floor: read the file backwards 64 KB at a time, parse its last records' }));

  const details: Record<string, unknown> = { runs, large };
  rows.push(...(await pageRows(ctx.dir, scenario, dataDir, pageDb, pageSqlite, PAGE_EXECUTIONS, runs)));
  if (large) {
    await grow(LARGE_PAGE_EXECUTIONS);
    points.push(await readPoint(dataDir, pageDb, LARGE_PAGE_EXECUTIONS, PAGE));
    rows.push(...(await pageRows(ctx.dir, scenario, dataDir, pageDb, pageSqlite, LARGE_PAGE_EXECUTIONS, runs)));
  }
  pageSqlite.close();
  details.seedMs = seedMs;
  details.curves = points;
  return { rows, details, charts: readCharts(points, PAGE) };
}

async function pageRows(runDir: string, scenario: string, dataDir: string, db: string, sqlite: SqliteStore, count: number, runs: number): Promise<Row[]> {
  const [fresh, freshSql] = await interleaveFresh(
    runDir,
    runs,
    [
      { kind: 'library-page', dataDir, limit: PAGE },
      { kind: 'sqlite-page', db, limit: PAGE },
    ],
    PAGE,
  );

  // A running process pages, one execution is saved, and it pages again: the page after the save is timed.
  const adapter = new FileStorageAdapter(dataDir);
  await adapter.connect();
  const saved = (await adapter.getExecution(seededId(1))) as Execution;
  const savedTree = (await readAndParse(layout.execution(dataDir, seededId(1)))) as StoredTree;
  await adapter.queryExecutions({ limit: PAGE });
  sqlite.page(PAGE);
  const afterSave = await interleave(
    AFTER_SAVE_RUNS,
    async (run) => {
      await adapter.saveExecution({ ...saved, pc: run, updated: new Date() });
      const start = now();
      const page = await adapter.queryExecutions({ limit: PAGE });
      const ms = msSince(start);
      if (page.executions.length !== PAGE) throw new Error(`the page after a save held ${page.executions.length} executions`);
      return ms;
    },
    async (run) => {
      sqlite.saveExecution({ ...savedTree, pc: run, updated: new Date().toISOString() });
      const start = now();
      const page = sqlite.page(PAGE);
      const ms = msSince(start);
      if (page.length !== PAGE) throw new Error(`the SQLite page after a save held ${page.length} executions`);
      return ms;
    },
  );
  await adapter.disconnect();
  return [
    measuredRow(scenario, pageMeasure(count, 'fresh process'), 'ms', { library: fresh, sqlite: freshSql, against: 'SQLite', target: 10 }),
    measuredRow(scenario, pageMeasure(count, 'right after one save'), 'ms', { library: afterSave.a, sqlite: afterSave.b, against: 'SQLite', target: 10 }),
  ];
}
