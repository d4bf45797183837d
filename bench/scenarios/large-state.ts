import { FileStorageAdapter } from '../../src';
import { makeLargeExecution } from '../fixtures';
import { type BenchContext, type ScenarioResult, fileSize, layout, makeLayout, scenarioDir } from '../lib/context';
import { durableReplace, readAndParse } from '../lib/floor';
import { compare } from '../lib/report';
import { interleave, msSince, now } from '../lib/stats';

const EXECUTION_ID = 'large-exec';
const RUNS = 7;

/**
 * Save and load one execution of about 5 MB as stored (a heap of 10,000 documents and an
 * iterator over them). The save's floor is JSON.stringify of the stored tree + a durable replace;
 * the load's floor is read + JSON.parse of the same file.
 */
export async function largeState(ctx: BenchContext): Promise<ScenarioResult> {
  const libraryDir = await scenarioDir(ctx, 'large-library');
  const floorDir = await scenarioDir(ctx, 'large-floor');
  await makeLayout(floorDir);
  const execution = makeLargeExecution(EXECUTION_ID, 5);

  const adapter = new FileStorageAdapter(libraryDir);
  await adapter.connect();
  await adapter.saveExecution(execution);
  const libraryFile = layout.execution(libraryDir, EXECUTION_ID);
  const floorFile = layout.execution(floorDir, EXECUTION_ID);
  const tree = (await readAndParse(libraryFile)) as { updated: string };
  await durableReplace(floorFile, JSON.stringify(tree));

  const saves = await interleave(
    RUNS,
    async (run) => {
      execution.updated = new Date(Date.parse('2025-01-02T00:00:00.000Z') + run);
      const start = now();
      await adapter.saveExecution(execution);
      return msSince(start);
    },
    async (run) => {
      tree.updated = new Date(Date.parse('2025-01-02T00:00:00.000Z') + run).toISOString();
      const start = now();
      await durableReplace(floorFile, JSON.stringify(tree));
      return msSince(start);
    },
  );
  const loads = await interleave(
    RUNS,
    async () => {
      const start = now();
      const loaded = await adapter.getExecution(EXECUTION_ID);
      const time = msSince(start);
      if (loaded?.heap === undefined) throw new Error('the large execution did not load');
      return time;
    },
    async () => {
      const start = now();
      await readAndParse(floorFile);
      return msSince(start);
    },
  );
  await adapter.disconnect();

  return {
    rows: [
      compare('Large state', 'saveExecution', 'ms', saves.a, saves.b),
      compare('Large state', 'getExecution', 'ms', loads.a, loads.b),
    ],
    details: {
      executionFileBytes: await fileSize(libraryFile),
      floorFileBytes: await fileSize(floorFile),
      plainJsonBytes: Buffer.byteLength(JSON.stringify(execution)),
      heapObjects: Object.keys(execution.heap?.objects ?? {}).length,
      runs: RUNS,
    },
  };
}
