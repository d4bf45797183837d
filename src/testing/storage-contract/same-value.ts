/**
 * Strict structural equality for storage round trips: numbers by Object.is (NaN equals NaN, -0
 * differs from 0), Dates by time, plain objects by their own enumerable keys (including
 * `__proto__` and ''), arrays by length and elements. Returns the path of the first difference,
 * or null when the values are the same; a path is easier to read in a failure than a diff.
 */
export function firstDifference(expected: unknown, actual: unknown, path = '(root)'): string | null {
  if (typeof expected !== typeof actual) return `${path}: expected ${kind(expected)}, got ${kind(actual)}`;
  if (typeof expected !== 'object' || expected === null || actual === null) {
    return Object.is(expected, actual) ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (expected instanceof Date || actual instanceof Date) {
    if (!(expected instanceof Date) || !(actual instanceof Date)) return `${path}: expected ${kind(expected)}, got ${kind(actual)}`;
    return Object.is(expected.getTime(), actual.getTime()) ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return `${path}: expected ${kind(expected)}, got ${kind(actual)}`;
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  if (Array.isArray(e) && Array.isArray(a) && e.length !== a.length) {
    return `${path}: expected ${e.length} elements, got ${a.length}`;
  }
  const expectedKeys = Object.keys(e);
  const actualKeys = Object.keys(a);
  const missing = expectedKeys.find((key) => !Object.hasOwn(a, key));
  if (missing !== undefined) return `${path}: key ${JSON.stringify(missing)} is missing`;
  const extra = actualKeys.find((key) => !Object.hasOwn(e, key));
  if (extra !== undefined) return `${path}: unexpected key ${JSON.stringify(extra)}`;
  for (const key of expectedKeys) {
    const difference = firstDifference(e[key], a[key], `${path}.${key}`);
    if (difference !== null) return difference;
  }
  return null;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value;
}

function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

/** A deep copy of plain data (objects, arrays, Dates), keeping `__proto__` as an own key. */
export function cloneData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => cloneData(item)) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = cloneData((value as Record<string, unknown>)[key]);
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return copy as T;
}
