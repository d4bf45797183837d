import { ValidationError } from '../errors';
import { isPlainObject } from './cvm-value-check';
import { assertKnownOptionKeys } from './option-keys';

const KEYS = ['expectedRevision'];

/**
 * The `expectedRevision` of a save's options (SaveOptions): undefined when the save is not
 * fenced, null for "no record yet", else a revision (a whole number from 1). Anything else is a
 * ValidationError naming the option.
 */
export function saveFenceOf(options: unknown): number | null | undefined {
  return expectedRevisionOf(options, 'SaveOptions', true);
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
