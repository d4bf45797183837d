import { CorruptRecordError } from '../../../src/errors';

/** Expects `promise` to reject with CorruptRecordError whose location is `file`; returns its message. */
export async function expectRefused(promise: Promise<unknown>, file: string, reason: RegExp): Promise<void> {
  const error = await promise.then(
    () => new Error(`expected CorruptRecordError for ${file}, but the call succeeded`),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CorruptRecordError);
  expect(error).toMatchObject({ code: 'CORRUPT_RECORD', location: file });
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(reason);
}
