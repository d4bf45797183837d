import { ValidationError } from '../errors';
import { isPlainObject } from './cvm-value-check';
import { assertKnownOptionKeys } from './option-keys';
import { validateOutputLines } from './validate-record';

const KEYS = ['expectedRevision'];
const SAVE_KEYS = ['expectedRevision', 'output'];

/**
 * The `expectedRevision` of a save's options (SaveOptions): undefined when the save is not
 * fenced, null for "no record yet", else a revision (a whole number from 1). Anything else is a
 * ValidationError naming the option.
 */
export function saveFenceOf(options: unknown): number | null | undefined {
  return expectedRevisionOf(options, 'SaveOptions', true);
}

/**
 * A save's fence and the output lines it commits with the state (SaveOptions.output): a copy of
 * them, or undefined. `output` needs a fence (an expectedRevision) and a record with output (an
 * execution, `withOutput`); bad lines are a ValidationError whose paths start with `output`.
 */
export function saveOptionsOf(options: unknown, withOutput: boolean): { expected: number | null | undefined; output: string[] | undefined } {
  if (options !== undefined && isPlainObject(options)) assertKnownOptionKeys(options, SAVE_KEYS, 'SaveOptions');
  const expected = expectedRevisionOf(options === undefined || !isPlainObject(options) ? options : { expectedRevision: options.expectedRevision }, 'SaveOptions', true);
  const lines = (options as { output?: unknown } | undefined)?.output;
  if (lines === undefined) return { expected, output: undefined };
  if (!withOutput) throw invalid('SaveOptions', 'output', 'output can be committed only with an execution');
  if (expected === undefined) throw invalid('SaveOptions', 'output', 'output is committed only by a fenced save: give expectedRevision too');
  try {
    return { expected, output: [...validateOutputLines(lines)] };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError('SaveOptions', error.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^lines/, 'output') })));
  }
}

/** As saveFenceOf, for an append's options (AppendOptions), where null has no meaning. */
export function appendFenceOf(options: unknown): number | undefined {
  return expectedRevisionOf(options, 'AppendOptions', false) ?? undefined;
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
