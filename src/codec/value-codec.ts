/**
 * A lossless encoding of CVM data into trees that both JSON and BSON store faithfully:
 * - numbers JSON cannot write (NaN, Infinity, -Infinity, -0) become `{ num: 'NaN' }` and so on;
 * - every plain object becomes `{ obj: [[key, value], ...] }`, so no user key (`$where`, `a.b`,
 *   `''`, `__proto__`) is ever a field name in a file or a MongoDB document;
 * - strings, finite numbers, booleans, null and arrays stay as they are.
 * Input is validated first, so it is acyclic and depth-bounded and recursion is safe.
 */
export type Encoded = string | number | boolean | null | Encoded[] | { num: SpecialNumber } | { obj: [string, Encoded][] };

type SpecialNumber = 'NaN' | 'Infinity' | '-Infinity' | '-0';

export class CodecError extends Error {}

export function encodeValue(value: unknown): Encoded {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { num: specialName(value) };
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return value.map(encodeValue);
      return { obj: Object.keys(value).map((key) => [key, encodeValue((value as Record<string, unknown>)[key])]) };
    default:
      throw new CodecError(`cannot encode a value of type ${typeof value}`);
  }
}

export function decodeValue(encoded: unknown): unknown {
  switch (typeof encoded) {
    case 'string':
    case 'boolean':
      return encoded;
    case 'number':
      return encoded;
    case 'object': {
      if (encoded === null) return null;
      if (Array.isArray(encoded)) return encoded.map(decodeValue);
      const tagged = encoded as Record<string, unknown>;
      const keys = Object.keys(tagged);
      if (keys.length === 1 && keys[0] === 'num') return decodeSpecial(tagged.num);
      if (keys.length === 1 && keys[0] === 'obj' && Array.isArray(tagged.obj)) return decodeObject(tagged.obj);
      throw new CodecError(`unexpected object with keys ${JSON.stringify(keys.slice(0, 5))}`);
    }
    default:
      throw new CodecError(`unexpected value of type ${typeof encoded}`);
  }
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

function decodeObject(entries: unknown[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') {
      throw new CodecError('object entry is not a [key, value] pair');
    }
    const [key, value] = entry;
    if (key === '__proto__') {
      // Assignment would replace the prototype; defineProperty makes it an own key like any other.
      Object.defineProperty(result, key, { value: decodeValue(value), enumerable: true, writable: true, configurable: true });
    } else {
      result[key] = decodeValue(value);
    }
  }
  return result;
}
