import { ValidationError } from '../errors';
import { isPlainObject } from './cvm-value-check';

/** A checked output range: `limit` undefined reads to the end. */
export interface CheckedOutputRange {
  readonly from: number;
  readonly limit: number | undefined;
}

const RANGE_KEYS = ['from', 'limit'];

/**
 * Checks an output range (`{ from?, limit? }`) and returns a copy with `from` filled in; throws a
 * ValidationError naming the field: each given one must be a non-negative safe integer, and no
 * other key is accepted (a misspelt key would otherwise read the whole output).
 */
export function validateOutputRange(range: unknown): CheckedOutputRange {
  if (!isPlainObject(range)) throw invalid('(root)', 'isObject', 'the output range must be an object { from?, limit? }');
  for (const key of Object.keys(range)) {
    if (!RANGE_KEYS.includes(key)) throw invalid(key, 'isKnownField', `${key} is not a field of an output range (from, limit)`);
  }
  return { from: count(range.from, 'from') ?? 0, limit: count(range.limit, 'limit') };
}

function count(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(field, 'isNonNegativeSafeInteger', `${field} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, not ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return value === null ? 'null' : typeof value;
}

function invalid(path: string, constraint: string, message: string): ValidationError {
  return new ValidationError('OutputRange', [{ path, constraints: { [constraint]: message } }]);
}

/** The lines of `[from, from + limit)` taken from `lines`, all of `lines` (as a copy) when the range covers them. */
export function sliceRange(lines: string[], range: CheckedOutputRange): string[] {
  return lines.slice(range.from, range.limit === undefined ? undefined : range.from + range.limit);
}
