import type { ValidationIssue } from '../errors';
import { isPlainObject } from './cvm-value-check';
import { escapeKey } from '../codec/value-codec';
import { isWellFormed } from '../codec/text-codec';
import { setOwn } from '../util/set-own';
import { LIMITS } from './limits';

/** A value JSON and BSON can both hold: what default validation accepts in any field it does not type. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

class ValueProblem extends Error {
  constructor(readonly issue: ValidationIssue) {
    super(Object.values(issue.constraints)[0]);
  }
}

function fail(path: string, constraint: string, message: string): never {
  throw new ValueProblem({ path, constraints: { [constraint]: message } });
}

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

/**
 * Copies the JSON-like values of one record out of the caller's objects, checking them as it goes:
 * strings, numbers (NaN, +/-Infinity and -0 included), booleans, null, dense arrays without extra
 * properties and plain objects, within LIMITS. A property holding `undefined` is absent, as in
 * JSON; symbol-keyed and non-enumerable properties are not part of the value. Each value is read
 * once, so what is stored is what the caller passed at the call, even if it changes later.
 * Recursion is bounded by LIMITS.maxFieldDepth, so a cyclic or 10,000-deep value is reported.
 */
export class JsonCapture {
  /** An upper bound of the bytes the values captured so far take stored, over all fields of the record. */
  bytes = 0;
  private nodes = 0;
  private readonly ancestors = new Set<object>();
  /** The field's path, and the keys from it down to the value being copied: joined only for a problem. */
  private base = '';
  private readonly keys: (string | number)[] = [];

  /** A checked copy of the value of the field at `path`, or the first problem in it. */
  capture(value: unknown, path: string): { value: unknown } | { issue: ValidationIssue } {
    this.nodes = 0;
    this.base = path;
    this.keys.length = 0;
    try {
      return { value: this.copy(value, 1) };
    } catch (error) {
      if (!(error instanceof ValueProblem)) throw error;
      this.ancestors.clear();
      return { issue: error.issue };
    }
  }

  /** The path of the value being copied (`base.key.0...`), as join() would have built it. */
  private path(): string {
    let path = this.base;
    for (const key of this.keys) path = join(path, key);
    return path;
  }

  /** The value under `key` of the container being copied, copied with the path one key deeper. */
  private copyAt(value: unknown, key: string | number, depth: number): unknown {
    this.keys.push(key);
    const copy = this.copy(value, depth);
    this.keys.pop();
    return copy;
  }

  private copy(value: unknown, depth: number): unknown {
    this.nodes += 1;
    if (this.nodes > LIMITS.maxNodes) {
      const path = this.path();
      fail(path, 'maxNodes', `${path} holds more than ${LIMITS.maxNodes} values`);
    }
    switch (typeof value) {
      case 'string':
        this.bytes += stringBytes(value);
        if (value.length > LIMITS.maxStringLength) {
          const path = this.path();
          fail(path, 'maxLength', `${path} is a string longer than ${LIMITS.maxStringLength} characters`);
        }
        return value;
      case 'number':
        this.bytes += Number.isFinite(value) && !Object.is(value, -0) ? NUMBER_BYTES : SPECIAL_NUMBER_BYTES;
        return value;
      case 'boolean':
        this.bytes += 1;
        return value;
      case 'object':
        if (value === null) return null;
        return Array.isArray(value) ? this.copyArray(value, depth) : this.copyObject(value, depth);
      case 'undefined': {
        const path = this.path();
        return fail(path, 'isDefined', `${path} is undefined, which an array cannot hold in JSON`);
      }
      default: {
        const path = this.path();
        return fail(path, 'isJsonValue', `${path} must be a JSON-like value (string, number, boolean, null, array or plain object), got a ${typeof value}`);
      }
    }
  }

  private copyArray(list: unknown[], depth: number): unknown[] {
    this.enter(list, depth);
    this.bytes += CONTAINER_BYTES;
    const copy = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      this.bytes += elementBytes(i);
      if (!Object.hasOwn(list, i)) {
        const path = this.path();
        fail(join(path, i), 'isDense', `${path} has a hole at index ${i} (a sparse array)`);
      }
      const item = list[i];
      // An array in an array is stored wrapped (`{ arr: [...] }`): two levels, and the wrapper's bytes.
      const nested = Array.isArray(item);
      if (nested) this.bytes += NESTED_ARRAY_BYTES;
      copy[i] = this.copyAt(item, i, depth + (nested ? 2 : 1));
    }
    const keys = Object.keys(list);
    if (keys.length !== list.length) {
      const extra = keys.find((key) => !/^(0|[1-9][0-9]*)$/.test(key)) ?? '';
      const path = this.path();
      fail(path, 'noExtraProperties', `${path} is an array with an extra property ${JSON.stringify(extra.slice(0, 40))}, which JSON would drop`);
    }
    this.ancestors.delete(list);
    return copy;
  }

  private copyObject(object: object, depth: number): Record<string, unknown> {
    if (!isPlainObject(object)) {
      const path = this.path();
      fail(path, 'isJsonValue', `${path} must be a JSON-like value (string, number, boolean, null, array or plain object), got ${describe(object)}`);
    }
    this.enter(object, depth);
    this.bytes += CONTAINER_BYTES;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      if (key.length > LIMITS.maxStringLength) {
        const path = this.path();
        fail(path, 'maxLength', `${path} has a key longer than ${LIMITS.maxStringLength} characters`);
      }
      this.bytes += fieldBytes(key);
      const item = object[key];
      if (item !== undefined) setOwn(copy, key, this.copyAt(item, key, depth + 1));
    }
    this.ancestors.delete(object);
    return copy;
  }

  private enter(container: object, depth: number): void {
    if (this.ancestors.has(container)) {
      const path = this.path();
      fail(path, 'isAcyclic', `${path} refers to itself (a cycle)`);
    }
    if (depth > LIMITS.maxFieldDepth) {
      const path = this.path();
      fail(path, 'maxDepth', `${path} is nested deeper than ${LIMITS.maxFieldDepth} levels`);
    }
    this.ancestors.add(container);
  }
}

/*
 * Upper bounds of the BSON bytes of stored values, which are larger than their JSON: a document or
 * array is a 4-byte length and a terminator around its elements; each element is a type byte and
 * its name as a C string (an array's is its decimal index); a number is at most 8 bytes, or a small
 * `{ num }` document when special; a string is a 4-byte length, its UTF-8 bytes and a terminator.
 */
const CONTAINER_BYTES = 5;
const NUMBER_BYTES = 8;
const SPECIAL_NUMBER_BYTES = 32;
const NESTED_ARRAY_BYTES = 10;

/** Stored bytes of a string value (a lone surrogate is written as 3 bytes). */
export function stringBytes(value: string): number {
  return 5 + Buffer.byteLength(value, 'utf8');
}

/** The type byte and name of an element under `key` in a stored document (keys are escaped). */
export function fieldBytes(key: string): number {
  // A key that needs no escape is stored as `~` and itself: its bytes counted without building it.
  if (key.indexOf('%') === -1 && key.indexOf('.') === -1 && key.indexOf('\u0000') === -1 && isWellFormed(key)) return 3 + Buffer.byteLength(key, 'utf8');
  return 2 + Buffer.byteLength(escapeKey(key), 'utf8');
}

function elementBytes(index: number): number {
  return 2 + (index < 10 ? 1 : Math.floor(Math.log10(index)) + 1);
}

function describe(value: object): string {
  const name: unknown = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object that is not a plain object';
}
