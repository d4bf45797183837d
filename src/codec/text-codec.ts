import { CodecError } from './value-codec-error';

/**
 * BSON writes strings as UTF-8, which cannot hold a lone surrogate (half of a UTF-16 pair, as
 * `'😀'.slice(0, 1)` gives): MongoDB would store U+FFFD instead. A string holding one is stored
 * as `{ str: <its JSON text> }`, which is plain ASCII escapes for the surrogates; every other
 * string is stored as it is. Both backends use this, so both keep every string exactly.
 */
export type StoredText = string | { str: string };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type WellFormedCheck = (this: string) => boolean;
const nativeCheck = (String.prototype as { isWellFormed?: WellFormedCheck }).isWellFormed;

/** False when `text` holds a lone surrogate. */
export function isWellFormed(text: string): boolean {
  return nativeCheck !== undefined ? nativeCheck.call(text) : !LONE_SURROGATE.test(text);
}

export function encodeText(text: string): StoredText {
  return isWellFormed(text) ? text : { str: JSON.stringify(text) };
}

/** True for the stored form of a string with a lone surrogate. */
export function isTaggedText(stored: unknown): stored is { str: string } {
  if (typeof stored !== 'object' || stored === null) return false;
  const keys = Object.keys(stored);
  return keys.length === 1 && keys[0] === 'str';
}

export function decodeText(stored: unknown, field: string): string {
  if (typeof stored === 'string') return stored;
  if (isTaggedText(stored) && typeof stored.str === 'string') {
    try {
      const text: unknown = JSON.parse(stored.str);
      if (typeof text === 'string') return text;
    } catch {
      // reported below
    }
  }
  throw new CodecError(`${field} is not a string`);
}
