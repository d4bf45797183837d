import { Binary, Document, Long, ObjectId, Timestamp } from 'bson';
import { compareCodePoints } from '../../../src/util/order-records';

/**
 * Options used for every document read off the wire. Doubles become JS numbers (NaN, ±Infinity and -0
 * survive; bson writes -0/NaN/fractions back as doubles), int64 stays `Long` and binary stays `Binary`,
 * so those round-trip with their original BSON type.
 */
export const DESERIALIZE_OPTIONS = {
  promoteValues: true,
  promoteLongs: false,
  promoteBuffers: false,
  bsonRegExp: false,
} as const;

export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function bsonTypeName(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/** Deep copy of plain objects, arrays and dates; BSON value classes are immutable and shared. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneValue(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const out: Document = {};
    for (const key of Object.keys(value)) out[key] = cloneValue(value[key]);
    return out as T;
  }
  return value;
}

/** Number, Long, Int32, Double, Decimal128 or bigint as a JS number; undefined for anything else. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object') {
    switch (bsonTypeName(value)) {
      case 'Long':
        return (value as Long).toNumber();
      case 'Int32':
      case 'Double':
        return (value as { valueOf(): number }).valueOf();
      case 'Decimal128':
        return Number.parseFloat(String(value));
    }
  }
  return undefined;
}

export function toInteger(value: unknown, fallback: number): number {
  const n = numericValue(value);
  return n === undefined || Number.isNaN(n) ? fallback : Math.trunc(n);
}

/** Canonical BSON type order used for sorting and comparisons. */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 2;
  if (numericValue(value) !== undefined) return 3;
  if (typeof value === 'string') return 4;
  if (typeof value === 'boolean') return 9;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  if (Array.isArray(value)) return 6;
  if (isPlainObject(value)) return 5;
  if (typeof value === 'object') {
    switch (bsonTypeName(value)) {
      case 'MinKey':
        return 1;
      case 'BSONSymbol':
        return 4;
      case 'DBRef':
        return 5;
      case 'Binary':
        return 7;
      case 'ObjectId':
        return 8;
      case 'Timestamp':
        return 11;
      case 'BSONRegExp':
        return 12;
      case 'Code':
        return 13;
      case 'MaxKey':
        return 100;
    }
  }
  return 50;
}

function compareScalars<T extends number | string | bigint | boolean>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNumbers(a: unknown, b: unknown): number {
  if (a instanceof Long && b instanceof Long) return a.compare(b);
  const x = numericValue(a) as number;
  const y = numericValue(b) as number;
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return compareScalars(x, y);
}

function compareBinary(a: Binary, b: Binary): number {
  if (a.length() !== b.length()) return compareScalars(a.length(), b.length());
  if (a.sub_type !== b.sub_type) return compareScalars(a.sub_type, b.sub_type);
  return Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer));
}

function compareDocuments(a: Document, b: Document): number {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  for (let i = 0; i < Math.min(keysA.length, keysB.length); i++) {
    const rank = compareScalars(typeRank(a[keysA[i]]), typeRank(b[keysB[i]]));
    if (rank !== 0) return rank;
    const name = compareScalars(keysA[i], keysB[i]);
    if (name !== 0) return name;
    const value = compareValues(a[keysA[i]], b[keysB[i]]);
    if (value !== 0) return value;
  }
  return compareScalars(keysA.length, keysB.length);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return compareScalars(a.length, b.length);
}

/** Total order over BSON values following MongoDB's comparison/sort order. */
export function compareValues(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return compareScalars(rankA, rankB);
  switch (rankA) {
    case 3:
      return compareNumbers(a, b);
    case 4:
      // MongoDB compares strings by their UTF-8 bytes: code point order.
      return Math.sign(compareCodePoints(String(a), String(b)));
    case 5:
      return compareDocuments(a as Document, b as Document);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7:
      return compareBinary(a as Binary, b as Binary);
    case 8:
      return compareScalars((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 9:
      return compareScalars(a as boolean, b as boolean);
    case 10:
      return compareScalars((a as Date).getTime(), (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12:
      return compareScalars(String(a), String(b));
    default:
      return 0;
  }
}

/**
 * A string that is equal for two values exactly when MongoDB treats them as equal index keys
 * (numbers compare by value across int/long/double, -0 equals 0, key order in sub-documents matters).
 */
export function valueKey(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  const n = numericValue(value);
  if (n !== undefined) {
    if (value instanceof Long && !Number.isSafeInteger(n)) return `n:${value.toString()}`;
    return `n:${Object.is(n, -0) ? 0 : n}`;
  }
  if (typeof value === 'string') return `s:${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return value ? 'b:1' : 'b:0';
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (value instanceof RegExp) return `r:${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}:${valueKey(value[key])}`)
      .join(',')}}`;
  }
  if (typeof value === 'object') {
    const tag = bsonTypeName(value) ?? 'object';
    if (tag === 'ObjectId') return `o:${(value as ObjectId).toHexString()}`;
    if (tag === 'Binary') {
      const bin = value as Binary;
      return `x:${bin.sub_type}:${bin.toString('base64')}`;
    }
    return `${tag}:${String(value)}`;
  }
  return `${typeof value}:${String(value)}`;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return valueKey(a) === valueKey(b);
}
