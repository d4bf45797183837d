import { constants as bufferConstants } from 'node:buffer';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../src/errors';
import { MAX_OUTPUT_BYTES } from '../../src/repositories/output-cap';
import { useDataFolders } from './support/data-folders';
import { recordFigures } from './support/figures';
import { expectRefused } from './support/refusals';
import { formatOutputRecord } from '../../src/repositories/file/output-log';

/**
 * An execution's output file never grows past MAX_OUTPUT_BYTES (256 MiB): the append that would
 * pass it gets a ValidationError and writes nothing, so getOutput, which reads the file into one
 * string (at most 512 MiB on 64-bit V8), can always read what was accepted. The logs near the cap
 * are sparse files (a truncate, no data blocks), so the tests run the real append path and the
 * real constant without writing hundreds of MiB; only the size the append sees matters.
 */
const folders = useDataFolders('cvm-output-cap-');
let cases = 0;

afterAll(async () => {
  await recordFigures('outputCap', { cases, maxOutputBytes: MAX_OUTPUT_BYTES });
});

/** A sparse output log for `id` of `size` bytes; returns its path. */
async function sparseLog(dataDir: string, id: string, size: number): Promise<string> {
  const file = path.join(dataDir, 'outputs', `${id}.jsonl`);
  await fs.writeFile(file, '');
  await fs.truncate(file, size);
  return file;
}

async function refusedWithValidationError(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => new Error('the append past the cap was accepted'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('an execution’s output is capped at a size that always reads back', () => {
  it('a log at the cap fits in one string, with over 255 MiB to spare for appends racing past it', () => {
    expect(MAX_OUTPUT_BYTES).toBe(256 * 1024 * 1024);
    expect(bufferConstants.MAX_STRING_LENGTH - MAX_OUTPUT_BYTES).toBeGreaterThan(255 * 1024 * 1024);
    cases += 1;
  });

  it('an append that fits exactly is accepted; one byte more is refused with ValidationError and writes nothing', async () => {
    const { adapter, dataDir } = await folders.seeded();
    const record = formatOutputRecord(['ab']); // what appendOutput(['ab']) writes
    const file = await sparseLog(dataDir, 'exec-full', MAX_OUTPUT_BYTES - Buffer.byteLength(record));
    await adapter.appendOutput('exec-full', ['ab']);
    expect((await fs.stat(file)).size).toBe(MAX_OUTPUT_BYTES);

    await fs.truncate(file, MAX_OUTPUT_BYTES - Buffer.byteLength(record) + 1);
    const error = await refusedWithValidationError(adapter.appendOutput('exec-full', ['ab']));
    expect(error.issues).toEqual([{ path: 'lines', constraints: { maxOutputBytes: expect.stringContaining('exec-full') as unknown } }]);
    expect(error.message).toContain(String(MAX_OUTPUT_BYTES));
    expect((await fs.stat(file)).size).toBe(MAX_OUTPUT_BYTES - Buffer.byteLength(record) + 1);
    expect(await adapter.getOutput('exec-ok')).toEqual(['good line']);
    await adapter.disconnect();
    cases += 1;
  });

  it('multi-byte lines count in encoded bytes, not characters', async () => {
    const { adapter, dataDir } = await folders.seeded();
    // ['中中中'] is 8 characters of JSON but 14 bytes of UTF-8.
    const file = await sparseLog(dataDir, 'exec-wide', MAX_OUTPUT_BYTES - 12);
    await refusedWithValidationError(adapter.appendOutput('exec-wide', ['中中中']));
    expect((await fs.stat(file)).size).toBe(MAX_OUTPUT_BYTES - 12);
    await adapter.disconnect();
    cases += 1;
  });

  it('a fenced save whose step output would pass the cap is refused before it writes: the state stays, later saves go on', async () => {
    const { adapter, dataDir } = await folders.seeded();
    const execution = { id: 'exec-step', programId: 'p', state: 'RUNNING' as const, pc: 0, stack: [], variables: {}, created: new Date('2026-01-01T00:00:00.000Z') };
    await adapter.createExecution(execution);
    const file = await sparseLog(dataDir, 'exec-step', MAX_OUTPUT_BYTES - 5);
    const before = await adapter.readExecution('exec-step');
    const revision = before?.revision ?? -1;
    await refusedWithValidationError(adapter.saveExecution({ ...execution, pc: 1 }, { expectedRevision: revision, output: ['a line'] }));
    expect(await adapter.readExecution('exec-step')).toEqual(before);
    expect((await fs.stat(file)).size).toBe(MAX_OUTPUT_BYTES - 5);
    await adapter.saveExecution({ ...execution, pc: 2 }, { expectedRevision: revision });
    expect(await adapter.readExecution('exec-step')).toEqual({ execution: { ...execution, pc: 2 }, revision: revision + 1 });
    await adapter.disconnect();
    cases += 1;
  });

  it('a log already past what a string holds (600 MiB, written by an older version): getOutput gives CorruptRecordError naming it, appends are refused', async () => {
    const { adapter, dataDir } = await folders.seeded();
    const file = await sparseLog(dataDir, 'exec-huge', 600 * 1024 * 1024);
    await expectRefused(adapter.getOutput('exec-huge'), file, /more than one string can hold/);
    await refusedWithValidationError(adapter.appendOutput('exec-huge', ['x']));
    expect((await fs.stat(file)).size).toBe(600 * 1024 * 1024);
    await adapter.disconnect();
    cases += 1;
  });
});
