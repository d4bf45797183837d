import { MemoryStorageAdapter } from '../../src/adapters/memory-storage-adapter';
import { ValidationError } from '../../src/errors';
import { MAX_OUTPUT_BYTES } from '../../src/repositories/output-cap';
import { RESUMED_EXECUTION_ID, resumedExecution } from '../../src/testing/multi-writer/records';

/*
 * The memory backend caps an execution's output at MAX_OUTPUT_BYTES (256 MiB) of encoded bytes,
 * the file backend's cap (test/reliability/output-cap.test.ts), with the same ValidationError.
 * An append counts the UTF-8 length of its lines as a JSON array. The outputs near the cap are
 * a stored byte count set below it, so nothing holds hundreds of MiB; only the count an append
 * sees matters.
 */

async function nearTheCap(bytes: number): Promise<MemoryStorageAdapter> {
  const adapter = new MemoryStorageAdapter();
  await adapter.connect();
  await adapter.createExecution(resumedExecution(0, -1));
  adapter.store.outputs.set(RESUMED_EXECUTION_ID, { lines: ['earlier'], bytes });
  return adapter;
}

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => new Error('the append past the cap was accepted'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('the memory backend caps an execution’s output as the file backend does', () => {
  it('an append that fits exactly is accepted; one byte more is refused with the file backend\'s ValidationError and writes nothing', async () => {
    const fits = await nearTheCap(MAX_OUTPUT_BYTES - Buffer.byteLength('["ab"]'));
    await fits.appendOutput(RESUMED_EXECUTION_ID, ['ab']);
    expect(fits.store.outputs.get(RESUMED_EXECUTION_ID)?.bytes).toBe(MAX_OUTPUT_BYTES);
    expect(await fits.getOutput(RESUMED_EXECUTION_ID)).toEqual(['earlier', 'ab']);

    const over = await nearTheCap(MAX_OUTPUT_BYTES - Buffer.byteLength('["ab"]') + 1);
    const error = await refusal(over.appendOutput(RESUMED_EXECUTION_ID, ['ab']));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues).toEqual([{ path: 'lines', constraints: { maxOutputBytes: expect.stringContaining(RESUMED_EXECUTION_ID) as unknown } }]);
    expect(error.message).toContain(`the limit of ${MAX_OUTPUT_BYTES} bytes (256 MiB) per execution`);
    expect(await over.getOutput(RESUMED_EXECUTION_ID)).toEqual(['earlier']);
    expect(await over.getOutputLength(RESUMED_EXECUTION_ID)).toBe(1);
  });

  it('multi-byte lines count in encoded bytes, not characters', async () => {
    // ["中中中"] is 7 characters of JSON but 13 bytes of UTF-8.
    const adapter = await nearTheCap(MAX_OUTPUT_BYTES - 12);
    await refusal(adapter.appendOutput(RESUMED_EXECUTION_ID, ['中中中']));
    expect(await adapter.getOutput(RESUMED_EXECUTION_ID)).toEqual(['earlier']);
  });

  it('a fenced save whose step output would pass the cap is refused before it writes: neither the state nor the lines are stored', async () => {
    const adapter = await nearTheCap(MAX_OUTPUT_BYTES - 5);
    const before = await adapter.readExecution(RESUMED_EXECUTION_ID);
    const revision = before?.revision ?? -1;
    await refusal(adapter.saveExecution(resumedExecution(revision, 1), { expectedRevision: revision, output: ['ab'] }));
    expect(await adapter.readExecution(RESUMED_EXECUTION_ID)).toEqual(before);
    expect(await adapter.getOutput(RESUMED_EXECUTION_ID)).toEqual(['earlier']);

    await adapter.saveExecution(resumedExecution(revision, 1), { expectedRevision: revision, output: ['a'] });
    expect(await adapter.readExecution(RESUMED_EXECUTION_ID)).toEqual({ execution: resumedExecution(revision, 1), revision: revision + 1 });
    expect(await adapter.getOutput(RESUMED_EXECUTION_ID)).toEqual(['earlier', 'a']);
    expect(adapter.store.outputs.get(RESUMED_EXECUTION_ID)?.bytes).toBe(MAX_OUTPUT_BYTES);
  });

  it('deleting the execution frees its bytes: its id starts again from none', async () => {
    const adapter = await nearTheCap(MAX_OUTPUT_BYTES);
    await refusal(adapter.appendOutput(RESUMED_EXECUTION_ID, ['x']));
    await adapter.deleteExecution(RESUMED_EXECUTION_ID);
    await adapter.appendOutput(RESUMED_EXECUTION_ID, ['x']);
    expect(adapter.store.outputs.get(RESUMED_EXECUTION_ID)).toEqual({ lines: ['x'], bytes: Buffer.byteLength('["x"]') });
  });
});
