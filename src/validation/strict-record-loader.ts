import type * as StrictRecord from './strict-record';

let strictRecord: typeof StrictRecord | undefined;

/** The strict validators, whose schema loads class-validator: only on the first strict check. */
export function loadStrictRecord(): typeof StrictRecord {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  strictRecord ??= require('./strict-record') as typeof StrictRecord;
  return strictRecord;
}
