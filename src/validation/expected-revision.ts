import { ValidationError } from '../errors';
import type { AppendOptions } from '../repositories/output-repository';
import type { SaveOptions } from '../repositories/record-repository';
import { isPlainObject } from './cvm-value-check';
import { assertKnownOptionKeys } from './option-keys';
import { validateOutputLines } from './validate-record';

const KEYS = ['expectedRevision'];
const SAVE_KEYS = ['expectedRevision', 'output'];

/**
 * A save's options (SaveOptions), checked, as a copy; undefined when none were given. The
 * `expectedRevision` is null for "no record yet", else a whole number from 1. `output` needs a
 * fence (an expectedRevision) and a record with output (an execution, `withOutput`); bad lines
 * are a ValidationError whose paths start with `output`. Anything else is a ValidationError
 * naming the option.
 */
export function saveOptionsOf(options: unknown, withOutput: boolean): SaveOptions | undefined {
  if (options === undefined) return undefined;
  if (isPlainObject(options)) assertKnownOptionKeys(options, SAVE_KEYS, 'SaveOptions');
  const expected = expectedRevisionOf(isPlainObject(options) ? { expectedRevision: options.expectedRevision } : options, 'SaveOptions', true);
  const fence = expected === undefined ? {} : { expectedRevision: expected };
  const lines = (options as { output?: unknown }).output;
  if (lines === undefined) return fence;
  if (!withOutput) throw invalid('SaveOptions', 'output', 'output can be committed only with an execution');
  if (expected === undefined) throw invalid('SaveOptions', 'output', 'output is committed only by a fenced save: give expectedRevision too');
  try {
    return { ...fence, output: [...validateOutputLines(lines)] };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError('SaveOptions', error.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^lines/, 'output') })));
  }
}

/** As saveOptionsOf, for an append's options (AppendOptions), where null has no meaning. */
export function appendOptionsOf(options: unknown): AppendOptions | undefined {
  const expected = expectedRevisionOf(options, 'AppendOptions', false);
  return typeof expected === 'number' ? { expectedRevision: expected } : undefined;
}

function expectedRevisionOf(options: unknown, entity: string, allowNull: boolean): number | null | undefined {
  if (options === undefined) return undefined;
  if (!isPlainObject(options)) throw invalid(entity, '', `${entity} must be a plain object`);
  assertKnownOptionKeys(options, KEYS, entity);
  const revision = options.expectedRevision;
  if (revision === undefined) return undefined;
  if (revision === null && allowNull) return null;
  if (typeof revision === 'number' && Number.isSafeInteger(revision) && revision >= 1) return revision;
  throw invalid(entity, 'expectedRevision', `expectedRevision must be a whole number from 1${allowNull ? ', or null for a record not stored yet' : ''}`);
}

function invalid(entity: string, path: string, message: string): ValidationError {
  return new ValidationError(entity, [{ path, constraints: { isRevision: message } }]);
}
