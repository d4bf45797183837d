import { promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ValidationError } from '../../src/errors';
import type { CvmStorage } from '../../src/adapters/storage-adapter';
import { oneBackendPerEncoding, type Store } from './support/backends';
import { recordFigures } from './support/figures';
import { useDataFolders } from './support/data-folders';
import { NON_OBJECT_BYTECODE_ITEMS, invalidExecution, invalidLines, invalidProgram } from './support/hostile';
import { validExecution, validProgram } from '../support/fixtures/records';
import { RUN_SEED, bySize, printSeed } from './support/size';

printSeed();

/**
 * Property: every generated invalid program, execution or output is refused by strict validation
 * (the generators break the CVM value grammar) with ValidationError
 * (never a crash, a stack overflow or another error), and the storage is byte-for-byte unchanged.
 * The invalid records reuse the ids of stored ones, so a write that slipped through would show.
 */
const RUNS = bySize(400, 5_000);

/** The rejection of `call`, which must return a promise (a synchronous throw fails the test). */
async function rejectionOf(call: () => Promise<unknown>): Promise<unknown> {
  const promise = call();
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return new Error('expected a rejection, but the call succeeded');
}

/** Inputs that were not refused with ValidationError, across the run (recorded in the figures). */
let notRefused = 0;

function expectValidationError(error: unknown): void {
  if (!(error instanceof ValidationError)) {
    notRefused += 1;
    throw new Error(`expected ValidationError, got ${String(error)}`, { cause: error });
  }
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.issues.length).toBeGreaterThan(0);
}

async function seed(adapter: CvmStorage): Promise<void> {
  await adapter.saveProgram(validProgram('prog-1') as never);
  await adapter.saveExecution(validExecution('exec-1', 'prog-1') as never);
  await adapter.appendOutput('exec-1', ['first line']);
  await adapter.setCurrentExecutionId('exec-1');
}

describe.each(oneBackendPerEncoding())('hostile input: $name', (backend) => {
  const tried = { programs: 0, executions: 0, outputs: 0 };
  let store: Store;
  let before: unknown;

  beforeAll(async () => {
    await backend.start();
    store = await backend.open({ validation: 'strict' });
    await seed(store.adapter);
    before = await store.snapshot();
  });

  afterAll(async () => {
    await backend.stop();
    await recordFigures(`hostileInput.${backend.name}`, { seed: RUN_SEED, ...tried, notRefused });
  });

  // Each test ends by comparing everything stored with the snapshot taken before any hostile call.
  afterEach(async () => {
    expect(await store.snapshot()).toEqual(before);
  });

  it(`refuses ${RUNS} generated invalid programs with ValidationError (seed ${RUN_SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(invalidProgram('prog-1'), async (input) => {
        tried.programs += 1;
        expectValidationError(await rejectionOf(() => store.adapter.saveProgram(input as never)));
      }),
      { numRuns: RUNS, seed: RUN_SEED },
    );
  }, bySize(60_000, 600_000));

  it(`refuses ${RUNS} generated invalid executions with ValidationError (seed ${RUN_SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(invalidExecution('exec-1', 'prog-1'), async (input) => {
        tried.executions += 1;
        expectValidationError(await rejectionOf(() => store.adapter.saveExecution(input as never)));
      }),
      { numRuns: RUNS, seed: RUN_SEED },
    );
  }, bySize(60_000, 600_000));

  it('refuses invalid output lines with ValidationError', async () => {
    await fc.assert(
      fc.asyncProperty(invalidLines, async (lines) => {
        tried.outputs += 1;
        expectValidationError(await rejectionOf(() => store.adapter.appendOutput('exec-1', lines as never)));
      }),
      { numRuns: bySize(100, 1_000), seed: RUN_SEED },
    );
    expect(await store.adapter.getOutput('exec-1')).toEqual(['first line']);
  }, bySize(60_000, 600_000));
});

describe('bytecode items that are not objects are refused (file backend)', () => {
  // Found by this suite and fixed: validateProgram handed such items to class-validator, whose
  // ValidateNested walks into arrays, Maps and Sets: an empty one was accepted and stored as `{}`,
  // after which the program and every listPrograms() failed with CorruptRecordError; 10,000
  // nested arrays threw RangeError.
  const folders = useDataFolders('cvm-bytecode-items-');

  it.each(NON_OBJECT_BYTECODE_ITEMS)('a bytecode item that is $label: ValidationError, storage unchanged', async ({ make }) => {
    const { adapter, dataDir } = await folders.connected();
    try {
      await adapter.saveProgram(validProgram('prog-ok') as never);
      const error = await rejectionOf(() => adapter.saveProgram({ ...validProgram('prog-bad'), bytecode: [{ op: 'HALT' }, make()] } as never));
      expectValidationError(error);
      expect(await fs.readdir(path.join(dataDir, 'programs'))).toEqual(['prog-ok.json']);
      expect(await adapter.listPrograms()).toHaveLength(1);
    } finally {
      await adapter.disconnect();
    }
  });
});
