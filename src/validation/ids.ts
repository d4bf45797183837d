import { InvalidIdError } from '../errors';
import { isWellFormed } from '../codec/text-codec';

/**
 * The longest id, in UTF-8 bytes. The original CVM had no limit; this one is far above any name a
 * person gives a program (and a `<name>-<timestamp>` execution id), keeps an id a small key in a
 * MongoDB index, and lets the file backend keep most ids as the file name itself (see
 * docs/compatibility.md).
 */
export const MAX_ID_BYTES = 1024;

/**
 * The ids accepted before any string was: each still names the file it always did. Not the rule
 * for what is valid any more (see isValidId); kept for code that checked ids against it.
 * @deprecated use isValidId
 */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,200}$/;

/**
 * Any non-empty string up to MAX_ID_BYTES, as the original accepted any string. A lone surrogate
 * (half of a UTF-16 pair) is refused: MongoDB keys are UTF-8 and would hold U+FFFD instead.
 */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_BYTES && Buffer.byteLength(value, 'utf8') <= MAX_ID_BYTES && isWellFormed(value);
}

export function assertValidId(value: unknown, field = 'id'): asserts value is string {
  if (!isValidId(value)) throw new InvalidIdError(field, value);
}
