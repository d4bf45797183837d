import { setOwn } from '../util/set-own';
import { decodeText, encodeText, isTaggedText, isWellFormed, type StoredText } from './text-codec';
import { CodecError } from './value-codec-error';

/**
 * A lossless encoding of CVM data into trees that both JSON and BSON store faithfully, at the same
 * nesting depth as the value itself (MongoDB refuses documents nested over 100 levels):
 * - numbers JSON cannot write (NaN, Infinity, -Infinity, -0) become `{ num: 'NaN' }` and so on;
 * - every key of a plain object gets a `~` in front, and `%`, `.`, NUL and a lone surrogate inside
 *   it are written `%25`, `%2E`, `%00`, `%uD800`; so no stored field name starts with `$`, holds a
 *   dot or NUL, is empty or is `__proto__`, and a tag such as `num` (no `~`) is never a user key;
 * - a string with a lone surrogate becomes `{ str: ... }` (see text-codec);
 * - an array that is an element of an array becomes `{ arr: [...] }`, since FerretDB, for one,
 *   refuses arrays directly inside arrays (validation counts it as two levels of nesting);
 * - other strings, finite numbers, booleans, null and arrays stay as they are.
 * Input is validated first (JSON-like, and the CVM grammar in strict mode), so it is acyclic and
 * depth-bounded, and recursion is safe.
 */
export type Encoded =
  | StoredText
  | number
  | boolean
  | null
  | Encoded[]
  | { num: SpecialNumber }
  | { arr: Encoded[] }
  | { [escapedKey: string]: Encoded };

type SpecialNumber = 'NaN' | 'Infinity' | '-Infinity' | '-0';

export { CodecError } from './value-codec-error';

const KEY_PREFIX = '~';
// eslint-disable-next-line no-control-regex -- NUL cannot appear in a BSON field name, so it is escaped
const ESCAPED = /[%.\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPE_SEQUENCE = /%(?:u([0-9A-F]{4})|([0-9A-F]{2}))/g;

export function encodeValue(value: unknown): Encoded {
  switch (typeof value) {
    case 'string':
      return encodeText(value);
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { num: specialName(value) };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map(encodeElement);
      const encoded: { [escapedKey: string]: Encoded } = {};
      for (const key of Object.keys(value)) encoded[escapeKey(key)] = encodeValue((value as Record<string, unknown>)[key]);
      return encoded;
    }
    default:
      throw new CodecError(`cannot encode a value of type ${typeof value}`);
  }
}

export function decodeValue(encoded: unknown): unknown {
  switch (typeof encoded) {
    case 'string':
    case 'boolean':
    case 'number':
      return encoded;
    case 'object': {
      if (encoded === null) return null;
      if (Array.isArray(encoded)) return encoded.map(decodeValue);
      const stored = encoded as Record<string, unknown>;
      const keys = Object.keys(stored);
      if (keys.length === 1 && keys[0] === 'num') return decodeSpecial(stored.num);
      if (isTaggedText(stored)) return decodeText(stored, 'a string');
      if (keys.length === 1 && keys[0] === 'arr') return decodeNestedArray(stored.arr);
      const decoded: Record<string, unknown> = {};
      for (const key of keys) {
        setOwn(decoded, unescapeKey(key), decodeValue(stored[key]));
      }
      return decoded;
    }
    default:
      throw new CodecError(`unexpected value of type ${typeof encoded}`);
  }
}

/** A key of user data as stored: `~` in front, `%`, `.` and NUL escaped. */
export function escapeKey(key: string): string {
  // Most keys need no escape; indexOf is far cheaper than a regex replace on hot paths.
  if (key.indexOf('%') === -1 && key.indexOf('.') === -1 && key.indexOf('\u0000') === -1 && isWellFormed(key)) return KEY_PREFIX + key;
  return KEY_PREFIX + key.replace(ESCAPED, escapeChar);
}

export function unescapeKey(stored: string): string {
  if (stored[0] !== KEY_PREFIX) throw new CodecError(`unexpected field ${JSON.stringify(stored.slice(0, 40))}`);
  const key = stored.slice(1);
  if (key.indexOf('%') === -1) return key;
  return key.replace(ESCAPE_SEQUENCE, (_, unit: string | undefined, byte: string | undefined) => String.fromCharCode(parseInt(unit ?? byte ?? '', 16)));
}

/** `%25` for `%`, `%2E` for `.`, `%00` for NUL; `%uD800` for a lone surrogate, which UTF-8 cannot hold. */
function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  return code >= 0xd800 ? `%u${code.toString(16).toUpperCase()}` : `%${code.toString(16).padStart(2, '0').toUpperCase()}`;
}

/** An array inside an array is stored as `{ arr: [...] }`: some MongoDB-compatible servers refuse nested arrays. */
function encodeElement(item: unknown): Encoded {
  return Array.isArray(item) ? { arr: item.map(encodeElement) } : encodeValue(item);
}

function decodeNestedArray(stored: unknown): unknown[] {
  if (!Array.isArray(stored)) throw new CodecError('a nested array is not an array');
  return stored.map(decodeValue);
}

function specialName(value: number): SpecialNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return '-0';
}

function decodeSpecial(name: unknown): number {
  switch (name) {
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case '-0':
      return -0;
    default:
      throw new CodecError(`unknown special number ${JSON.stringify(name)}`);
  }
}
