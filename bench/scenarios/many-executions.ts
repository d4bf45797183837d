import path from 'node:path';
import { FileStorageAdapter, type Execution } from '../../src';
import { makeExecution } from '../fixtures';
import { type BenchContext, type ScenarioResult, fileSize, layout, makeLayout, scenarioDir } from '../lib/context';
import { durableReplace, mapBounded, readAndParse, readFolderParallel } from '../lib/floor';
import { compare } from '../lib/report';
import { interleave, msSince, now } from '../lib/stats';
import { SETTLED_AFTER_MS } from '../../src/repositories/file/file-store';

/** Saves in flight at once while filling the folder; the floor uses the same. */
const SAVE_CONCURRENCY = 8;
/** The library reads with 32 in flight; the floor reads with the same bound. */
const READ_CONCURRENCY = 32;
const SAVE_BATCHES = 5;

/**
 * Save `count` executions (10 stack entries and 10 variables each, about 4 KB stored), then list
 * them all. Saving is timed in batches against durable writes of the same bytes; listing against
 * reading and parsing the same files with bounded parallelism.
 */
export async function manyExecutions(ctx: BenchContext): Promise<ScenarioResult> {
  const count = ctx.stress ? 20_000 : 2_000;
  const listRuns = ctx.stress ? 3 : 15;
  const libraryDir = await scenarioDir(ctx, 'many-library');
  const floorDir = await scenarioDir(ctx, 'many-floor');
  await makeLayout(floorDir);
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  const records: Execution[] = Array.from({ length: count }, (_, i) =>
    makeExecution(`exec-${String(i).padStart(6, '0')}`, 10, 10, 100 + i, new Date(base + i * 1000)),
  );

  const adapter = new FileStorageAdapter(libraryDir);
  await adapter.connect();

  const saveLibrary: number[] = [];
  const saveFloor: number[] = [];
  const batchSize = Math.ceil(count / SAVE_BATCHES);
  for (let batch = 0; batch < SAVE_BATCHES; batch++) {
    const slice = records.slice(batch * batchSize, (batch + 1) * batchSize);
    let start = now();
    await mapBounded(slice, SAVE_CONCURRENCY, (record) => adapter.saveExecution(record));
    saveLibrary.push(msSince(start) / slice.length);
    // The floor writes exactly the bytes the library wrote: it re-serializes the stored trees.
    const trees = await mapBounded(slice, READ_CONCURRENCY, (record) => readAndParse(layout.execution(libraryDir, record.id)));
    start = now();
    await mapBounded([...slice.keys()], SAVE_CONCURRENCY, (index) =>
      durableReplace(layout.execution(floorDir, slice[index].id), JSON.stringify(trees[index])),
    );
    saveFloor.push(msSince(start) / slice.length);
  }

  // Let the files settle, so the read cache may keep them (see SETTLED_AFTER_MS).
  await adapter.disconnect();
  await new Promise((resolve) => setTimeout(resolve, SETTLED_AFTER_MS + 200));

  // Cold: a new adapter each time, as a process that just started. The floor reads the same files.
  let listed = 0;
  const samples = await interleave(
    listRuns,
    async () => {
      const cold = new FileStorageAdapter(libraryDir);
      await cold.connect();
      const start = now();
      listed = (await cold.listExecutions()).length;
      const ms = msSince(start);
      await cold.disconnect();
      return ms;
    },
    async () => {
      const start = now();
      await readFolderParallel(path.join(floorDir, 'executions'), READ_CONCURRENCY);
      return msSince(start);
    },
  );
  if (listed !== count) throw new Error(`listExecutions returned ${listed} executions, expected ${count}`);

  // Warm: the same adapter lists again; only files whose identity changed are read.
  const warmAdapter = new FileStorageAdapter(libraryDir);
  await warmAdapter.connect();
  await warmAdapter.listExecutions();
  const warm: number[] = [];
  for (let run = 0; run < listRuns; run++) {
    const start = now();
    listed = (await warmAdapter.listExecutions()).length;
    warm.push(msSince(start));
  }
  if (listed !== count) throw new Error(`warm listExecutions returned ${listed} executions, expected ${count}`);
  await warmAdapter.disconnect();

  return {
    rows: [
      compare(
        `Many executions (${count.toLocaleString('en')})`,
        `saveExecution, ${SAVE_CONCURRENCY} in flight`,
        'ms/save',
        saveLibrary,
        saveFloor,
        undefined,
        `${SAVE_BATCHES} batches`,
      ),
      compare(
        `Many executions (${count.toLocaleString('en')})`,
        'listExecutions',
        'ms',
        samples.a,
        samples.b,
        count === 2_000 ? 1.5 : undefined,
        'cold: a new adapter per list',
      ),
      compare(
        `Many executions (${count.toLocaleString('en')})`,
        'listExecutions warm (floor column: cold)',
        'ms',
        warm,
        samples.a,
        count === 2_000 ? 0.15 : undefined,
        'ratio warm / cold',
      ),
    ],
    details: {
      executions: count,
      executionFileBytes: await fileSize(layout.execution(libraryDir, records[0].id)),
      saveConcurrency: SAVE_CONCURRENCY,
      readConcurrency: READ_CONCURRENCY,
      listRuns,
    },
  };
}
