import { LIMITS } from './limits';

/**
 * Bounded structural checks of CVM values. Each returns null when the value is valid, else a
 * message that starts with the path of the first offending part. Recursion is bounded by
 * LIMITS.maxDepth, so a 10,000-deep or cyclic value is reported, never a stack overflow.
 */
type Check = (value: unknown, path: string, walk: Walk) => string | null;

class Walk {
  nodes = 0;
  private readonly ancestors = new Set<object>();

  enter(value: object, path: string, depth: number): string | null {
    if (this.ancestors.has(value)) return `${path} refers to itself (cycle)`;
    if (depth > LIMITS.maxDepth) return `${path} is nested deeper than ${LIMITS.maxDepth} levels`;
    this.ancestors.add(value);
    return null;
  }

  leave(value: object): void {
    this.ancestors.delete(value);
  }

  count(path: string): string | null {
    this.nodes += 1;
    return this.nodes > LIMITS.maxNodes ? `${path} holds more than ${LIMITS.maxNodes} values` : null;
  }
}

const VALUE_TYPES = ['undefined', 'array', 'object', 'array-ref', 'object-ref'] as const;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isNonNegativeInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

function checkValue(value: unknown, path: string, walk: Walk, depth: number): string | null {
  const counted = walk.count(path);
  if (counted) return counted;
  switch (typeof value) {
    case 'string':
      return value.length > LIMITS.maxStringLength
        ? `${path} is a string longer than ${LIMITS.maxStringLength} characters`
        : null;
    case 'number':
    case 'boolean':
      return null;
    case 'object':
      if (value === null) return null;
      return checkTagged(value, path, walk, depth);
    default:
      return `${path} must be a CVM value, got ${typeof value}`;
  }
}

function checkTagged(value: object, path: string, walk: Walk, depth: number): string | null {
  if (!isPlainObject(value)) return `${path} must be a CVM value (a plain object with a type), got ${describe(value)}`;
  const entered = walk.enter(value, path, depth);
  if (entered) return entered;
  try {
    const type = value.type;
    if (!VALUE_TYPES.includes(type as (typeof VALUE_TYPES)[number])) {
      return `${join(path, 'type')} must be one of ${VALUE_TYPES.join(', ')}`;
    }
    switch (type) {
      case 'undefined':
        return onlyKeys(value, path, ['type']);
      case 'array-ref':
      case 'object-ref':
        return (
          onlyKeys(value, path, ['type', 'id']) ??
          (isNonNegativeInt(value.id) ? null : `${join(path, 'id')} must be a non-negative integer`)
        );
      case 'array':
        return (
          onlyKeys(value, path, ['type', 'elements', 'properties']) ??
          checkList(value.elements, join(path, 'elements'), walk, depth + 1) ??
          (value.properties === undefined
            ? null
            : checkRecord(value.properties, join(path, 'properties'), walk, depth + 1))
        );
      default:
        return (
          onlyKeys(value, path, ['type', 'properties']) ??
          checkRecord(value.properties, join(path, 'properties'), walk, depth + 1)
        );
    }
  } finally {
    walk.leave(value);
  }
}

function checkList(value: unknown, path: string, walk: Walk, depth: number): string | null {
  if (!Array.isArray(value)) return `${path} must be an array`;
  const entered = walk.enter(value, path, depth);
  if (entered) return entered;
  try {
    for (let i = 0; i < value.length; i++) {
      const problem = checkValue(value[i], join(path, i), walk, depth + 1);
      if (problem) return problem;
    }
    return null;
  } finally {
    walk.leave(value);
  }
}

function checkRecord(value: unknown, path: string, walk: Walk, depth: number): string | null {
  if (!isPlainObject(value)) return `${path} must be a plain object`;
  const entered = walk.enter(value, path, depth);
  if (entered) return entered;
  try {
    for (const key of Object.keys(value)) {
      if (key.length > LIMITS.maxStringLength) return `${path} has a key longer than ${LIMITS.maxStringLength} characters`;
      const problem = checkValue(value[key], join(path, key), walk, depth + 1);
      if (problem) return problem;
    }
    return null;
  } finally {
    walk.leave(value);
  }
}

function onlyKeys(value: Record<string, unknown>, path: string, allowed: string[]): string | null {
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  return extra === undefined ? null : `${path} has an unknown property ${JSON.stringify(extra)}`;
}

function describe(value: object): string {
  return Array.isArray(value) ? 'an array' : (Object.getPrototypeOf(value)?.constructor?.name ?? 'an object');
}

function checkIterator(value: unknown, path: string, walk: Walk): string | null {
  if (!isPlainObject(value)) return `${path} must be an object { array, index, length }`;
  const problem = onlyKeys(value, path, ['array', 'index', 'length']);
  if (problem) return problem;
  if (!isNonNegativeInt(value.index)) return `${join(path, 'index')} must be a non-negative integer`;
  if (!isNonNegativeInt(value.length)) return `${join(path, 'length')} must be a non-negative integer`;
  const array = value.array;
  if (!isPlainObject(array) || array.type !== 'array') return `${join(path, 'array')} must be a CVM array`;
  return checkValue(array, join(path, 'array'), walk, 1);
}

function checkHeapObject(value: unknown, path: string, walk: Walk): string | null {
  if (!isPlainObject(value)) return `${path} must be an object { type, data }`;
  const problem = onlyKeys(value, path, ['type', 'data']);
  if (problem) return problem;
  if (value.type !== 'array' && value.type !== 'object') return `${join(path, 'type')} must be 'array' or 'object'`;
  return checkValue(value.data, join(path, 'data'), walk, 1);
}

const checks: Record<string, Check> = {
  value: (value, path, walk) => checkValue(value, path, walk, 0),
  list: (value, path, walk) => checkList(value, path, walk, 0),
  record: (value, path, walk) => checkRecord(value, path, walk, 0),
  iterators: (value, path, walk) => {
    if (!Array.isArray(value)) return `${path} must be an array`;
    for (let i = 0; i < value.length; i++) {
      const problem = checkIterator(value[i], join(path, i), walk);
      if (problem) return problem;
    }
    return null;
  },
  heap: (value, path, walk) => {
    if (!isPlainObject(value)) return `${path} must be an object { objects, nextId }`;
    const problem = onlyKeys(value, path, ['objects', 'nextId']);
    if (problem) return problem;
    if (!isNonNegativeInt(value.nextId)) return `${join(path, 'nextId')} must be a non-negative integer`;
    const objects = value.objects;
    if (!isPlainObject(objects)) return `${join(path, 'objects')} must be a plain object`;
    for (const key of Object.keys(objects)) {
      if (!/^(0|[1-9][0-9]{0,15})$/.test(key)) return `${join(path, 'objects')} has a key ${JSON.stringify(key.slice(0, 40))} that is not a heap id`;
      const inner = checkHeapObject(objects[key], join(join(path, 'objects'), key), walk);
      if (inner) return inner;
    }
    return null;
  },
};

export type CvmShape = 'value' | 'list' | 'record' | 'iterators' | 'heap';

/** Checks `value` as the given shape of CVM data; returns the first problem or null. */
export function checkCvmValue(shape: CvmShape, value: unknown, path: string): string | null {
  return checks[shape](value, path, new Walk());
}
