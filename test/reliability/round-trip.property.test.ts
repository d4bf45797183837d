import fc from 'fast-check';
import type { Execution, Program } from '../../src/types';
import { compareCodePoints } from '../../src/util/order-records';
import { execution, program } from './support/arbitraries';
import { oneBackendPerEncoding } from './support/backends';
import { recordFigures } from './support/figures';
import { cloneData, firstDifference } from '../support/same-value';
import { RUN_SEED, bySize, printSeed } from './support/size';

printSeed();

/**
 * Property: whatever valid Program or Execution is saved comes back deep-equal (NaN, -0,
 * Infinity, unicode, empty and special keys, Dates, deep nesting), the input is left untouched,
 * and list() returns exactly the last record saved under each id.
 */
const RUNS = { file: bySize(300, 10_000), mongodb: bySize(100, 5_000) };

function roundTrip<T extends { id: string; created: Date }>(
  arbitrary: fc.Arbitrary<T>,
  runs: number,
  save: (record: T) => Promise<void>,
  get: (id: string) => Promise<T | null>,
  saved: Map<string, T>,
): Promise<void> {
  return fc.assert(
    fc.asyncProperty(arbitrary, async (record) => {
      const before = cloneData(record);
      await save(record);
      saved.set(record.id, before);
      expect(firstDifference(before, record)).toBeNull();
      expect(firstDifference(before, await get(record.id))).toBeNull();
    }),
    { numRuns: runs, seed: RUN_SEED, endOnFailure: false },
  );
}

function byCreatedThenId(a: { created: Date; id: string }, b: { created: Date; id: string }): number {
  return a.created.getTime() - b.created.getTime() || compareCodePoints(a.id, b.id);
}

describe.each(oneBackendPerEncoding())('lossless round trip, property-based: $name', (backend) => {
  const runs = RUNS[backend.kind];
  const tried = { programs: 0, executions: 0, failedProperties: 0 };

  const failed = (error: unknown): never => {
    tried.failedProperties += 1;
    throw error;
  };

  beforeAll(() => backend.start());
  afterAll(async () => {
    await backend.stop();
    await recordFigures(`roundTrip.${backend.name}`, {
      seed: RUN_SEED,
      programsRoundTripped: tried.programs,
      executionsRoundTripped: tried.executions,
      failedProperties: tried.failedProperties,
    });
  });

  it(`${runs} generated programs come back deep-equal, in get() and list() (seed ${RUN_SEED})`, async () => {
    const { adapter } = await backend.open();
    const saved = new Map<string, Program>();
    await roundTrip(program, runs, (p) => adapter.saveProgram(p), (id) => adapter.getProgram(id), saved).catch(failed);
    expect(firstDifference([...saved.values()].sort(byCreatedThenId), await adapter.listPrograms())).toBeNull();
    tried.programs = runs;
  }, bySize(120_000, 1_800_000));

  it(`${runs} generated executions come back deep-equal, in get() and list() (seed ${RUN_SEED})`, async () => {
    const { adapter } = await backend.open();
    const saved = new Map<string, Execution>();
    await roundTrip(execution, runs, (e) => adapter.saveExecution(e), (id) => adapter.getExecution(id), saved).catch(failed);
    expect(firstDifference([...saved.values()].sort(byCreatedThenId), await adapter.listExecutions())).toBeNull();
    tried.executions = runs;
  }, bySize(120_000, 1_800_000));
});
