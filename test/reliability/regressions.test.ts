import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CorruptRecordError, ValidationError } from '../../src/errors';
import type { Execution, Program } from '../../src/types';
import { useDataFolders } from './support/data-folders';
import { MAX_VALID_CHAIN, chain } from './support/arbitraries';
import { mongoBackends } from './support/backends';
import { NON_OBJECT_BYTECODE_ITEMS } from './support/hostile';
import { validExecution, validProgram } from '../support/fixtures/records';
import { firstDifference } from '../support/same-value';

/**
 * Bugs the reliability suite found in the code of earlier issues, now fixed; each case here
 * failed before its fix. The generators cover them too, these pin them down by name.
 */
const folders = useDataFolders('cvm-regressions-');

describe('bytecode items that are not objects are refused (were accepted, or crashed)', () => {
  // validateProgram handed such items to class-validator, whose ValidateNested walks into arrays,
  // Maps and Sets: an empty one was accepted and stored as `{}`, after which the program and
  // every listPrograms() failed with CorruptRecordError; 10,000 nested arrays threw RangeError.
  it.each(NON_OBJECT_BYTECODE_ITEMS)('a bytecode item that is $label: ValidationError, storage unchanged', async ({ make }) => {
    const { adapter, dataDir } = await folders.connected();
    try {
      await adapter.saveProgram(validProgram('prog-ok') as never);
      const error = await adapter.saveProgram({ ...validProgram('prog-bad'), bytecode: [{ op: 'HALT' }, make()] } as never).then(
        () => 'accepted',
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(await fs.readdir(path.join(dataDir, 'programs'))).toEqual(['prog-ok.json']);
      expect(await adapter.listPrograms()).toHaveLength(1);
    } finally {
      await adapter.disconnect();
    }
  });
});

describe('a record file holding JSON null is corrupt (was read as no record)', () => {
  it.each([
    ['programs', 'prog-bad'],
    ['executions', 'exec-bad'],
  ] as const)('%s/<id>.json holding null: CorruptRecordError naming the file, in get() and list()', async (folder, id) => {
    const { adapter, dataDir } = await folders.connected();
    try {
      const file = path.join(dataDir, folder, `${id}.json`);
      await fs.writeFile(file, 'null');
      const read = folder === 'programs' ? adapter.getProgram(id) : adapter.getExecution(id);
      await expect(read).rejects.toBeInstanceOf(CorruptRecordError);
      await expect(folder === 'programs' ? adapter.listPrograms() : adapter.listExecutions()).rejects.toMatchObject({ code: 'CORRUPT_RECORD', location: file });
    } finally {
      await adapter.disconnect();
    }
  });

  it('metadata.json holding null: CorruptRecordError naming the file', async () => {
    const { adapter, dataDir } = await folders.connected();
    try {
      const file = path.join(dataDir, 'metadata.json');
      await fs.writeFile(file, 'null');
      await expect(adapter.getCurrentExecutionId()).rejects.toMatchObject({ code: 'CORRUPT_RECORD', location: file });
    } finally {
      await adapter.disconnect();
    }
  });
});

/** Nesting depth of a stored document as MongoDB counts it: each object or array is a level. */
function nestingDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null || !(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) return 0;
  let deepest = 0;
  for (const item of Object.values(value)) deepest = Math.max(deepest, nestingDepth(item));
  return 1 + deepest;
}

/** MongoDB refuses documents nested deeper than this ("Nested Depth for BSON Documents"). */
const MONGODB_MAX_NESTING = 100;

const deepest = (): ReturnType<typeof chain> => chain(MAX_VALID_CHAIN, 1);

/** The deepest valid value in every CVM-valued field of an execution. */
const DEEP_EXECUTION = (): Execution =>
  ({
    ...validExecution('exec-deep', 'prog-ok'),
    stack: [deepest()],
    variables: { deep: deepest() },
    returnValue: deepest(),
    // The iterator's own array is the outermost level.
    iterators: [{ array: { type: 'array', elements: [chain(MAX_VALID_CHAIN - 1, 1)] }, index: 0, length: 1 }],
    heap: { objects: { 0: { type: 'array', data: deepest() } }, nextId: 1 },
  }) as unknown as Execution;

const DEEP_PROGRAM = (): Program => ({ ...validProgram('prog-deep'), bytecode: [{ op: 'PUSH', arg: deepest() }] }) as unknown as Program;

describe.each(mongoBackends())('the deepest valid values fit MongoDB nesting limit ($name)', (backend) => {
  // Values were stored as `{ obj: [[key, value]] }` pairs, about six BSON levels per CVM level,
  // so values within the old limit made documents over 600 levels deep, which a real server
  // refuses. Values are now stored at their own depth and the limit is 64 containers.
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());

  it(`an execution with ${MAX_VALID_CHAIN}-level values in every field is stored within ${MONGODB_MAX_NESTING} levels and comes back equal`, async () => {
    const { adapter, rawDocuments } = await backend.open();
    await adapter.saveExecution(DEEP_EXECUTION());
    const [document] = await rawDocuments!('executions');
    expect(nestingDepth(document)).toBeLessThanOrEqual(MONGODB_MAX_NESTING);
    expect(firstDifference(DEEP_EXECUTION(), await adapter.getExecution('exec-deep'))).toBeNull();
  });

  it(`a program with a ${MAX_VALID_CHAIN}-level argument is stored within ${MONGODB_MAX_NESTING} levels and comes back equal`, async () => {
    const { adapter, rawDocuments } = await backend.open();
    await adapter.saveProgram(DEEP_PROGRAM());
    const [document] = await rawDocuments!('programs');
    expect(nestingDepth(document)).toBeLessThanOrEqual(MONGODB_MAX_NESTING);
    expect(firstDifference(DEEP_PROGRAM(), await adapter.getProgram('prog-deep'))).toBeNull();
  });
});
