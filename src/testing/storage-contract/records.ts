import type { CVMValue, Execution, Instruction, Program } from '../../types';
import { LIMITS } from '../../validation/limits';

/** Builders of valid records and of values that naive storage would change. Each call returns fresh objects. */

export const T0 = new Date('2024-03-04T05:06:07.089Z');

/** A Date `ms` milliseconds after T0. */
export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

export function makeBytecode(): Instruction[] {
  return [
    { op: 'PUSH', arg: 'Say hello', line: 1 },
    { op: 'CC', line: 1 },
    { op: 'RETURN' },
    { op: 'HALT' },
  ];
}

/** A valid program with only the required fields (plus `overrides`). */
export function makeProgram(overrides: Partial<Program> = {}): Program {
  return {
    id: 'prog-1',
    name: 'Program one',
    source: 'function main() { return CC("Say hello"); }',
    bytecode: makeBytecode(),
    created: at(0),
    ...overrides,
  };
}

/** A valid execution with only the required fields (plus `overrides`). */
export function makeExecution(overrides: Partial<Execution> = {}): Execution {
  return {
    id: 'exec-1',
    programId: 'prog-1',
    state: 'READY',
    pc: 0,
    stack: [],
    variables: {},
    created: at(0),
    ...overrides,
  };
}

/** A valid execution with every optional field set. */
export function makeFullExecution(overrides: Partial<Execution> = {}): Execution {
  return makeExecution({
    state: 'AWAITING_COGNITIVE_RESULT',
    pc: 7,
    stack: [1, 'two', true, null, { type: 'undefined' }],
    variables: { count: 3, name: 'cvm', items: { type: 'array-ref', id: 0 }, cfg: { type: 'object-ref', id: 1 } },
    iterators: [{ array: { type: 'array', elements: ['a', 'b', 'c'] }, index: 1, length: 3 }],
    heap: {
      objects: {
        0: { type: 'array', data: { type: 'array', elements: [1, 2, 3] } },
        1: { type: 'object', data: { type: 'object', properties: { mode: 'fast' } } },
      },
      nextId: 2,
    },
    error: 'previous attempt failed',
    ccPrompt: 'Summarise the text',
    returnValue: { type: 'object', properties: { ok: true } },
    updated: at(5000),
    ...overrides,
  });
}

/** `record` without `key`, as a new object. */
export function without<T extends object, K extends keyof T>(record: T, key: K): Omit<T, K> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** A plain object whose keys are all own, enumerable properties, `__proto__` included. */
export function ownRecord(entries: [string, CVMValue][]): Record<string, CVMValue> {
  const record: Record<string, CVMValue> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return record;
}

export const TRICKY_NUMBERS: [string, number][] = [
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['-0', -0],
  ['0', 0],
  ['MAX_VALUE', Number.MAX_VALUE],
  ['MIN_VALUE', Number.MIN_VALUE],
  ['EPSILON', Number.EPSILON],
  ['0.1 + 0.2', 0.1 + 0.2],
  ['-1e-300', -1e-300],
  ['1e300', 1e300],
  ['MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER],
  ['MIN_SAFE_INTEGER', Number.MIN_SAFE_INTEGER],
  ['2^53 + 2', 2 ** 53 + 2],
  ['2^31', 2 ** 31],
  ['-2^31 - 1', -(2 ** 31) - 1],
  ['2^64', 2 ** 64],
];

export const TRICKY_STRINGS: [string, string][] = [
  ['empty', ''],
  ['space', ' '],
  ['emoji', '😀👍🏽👨‍👩‍👧'],
  ['RTL', 'שלום עולם مرحبا'],
  ['NUL', 'a\u0000b'],
  ['newlines', 'a\nb\r\nc\r'],
  ['decomposed accent', 'e\u0301'],
  ['BOM and line separator', '\uFEFFx\u2028y\u2029'],
  ['JSON-looking', '{"num":"NaN"}'],
  ['tagged-looking', '{"$oid":"0123456789abcdef01234567"}'],
  ['ISO date', '2024-01-01T00:00:00.000Z'],
  ['numeric', '42'],
  ['backslashes', 'C:\\x\\y'],
];

/** Property keys that are special to JavaScript, JSON, MongoDB or dotted paths. */
export const TRICKY_KEYS: string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'toJSON',
  'then',
  'a.b',
  '.',
  '$where',
  '$ne',
  '$',
  '_id',
  '',
  ' ',
  '0',
  '1',
  '10',
  '-1',
  '01',
  '1.5',
  'length',
  'type',
  'num',
  'obj',
  '😀',
];

/**
 * A CVM object with every tricky key as an own property. Values are scalars so that Jest's
 * constructor check is not fooled by a `constructor` key holding an object.
 */
export function trickyKeysObject(): CVMValue {
  return { type: 'object', properties: ownRecord(TRICKY_KEYS.map((key, i) => [key, `v${i}:${key}`])) };
}

/** A CVM object built by JSON.parse, where `__proto__` is an ordinary own key holding an object. */
export function jsonProtoObject(): CVMValue {
  return JSON.parse(
    '{"type":"object","properties":{"__proto__":{"type":"object","properties":{"polluted":"yes"}},"x":1}}',
  ) as CVMValue;
}

/** A CVM array is two containers deep (itself and its elements), so this many nest within LIMITS.maxDepth. */
export const DEEPEST_VALID_ARRAYS = LIMITS.maxDepth / 2;

/** `depth` CVM arrays nested in each other around `inner`; built without recursion. */
export function nestedArrays(depth: number, inner: CVMValue = 'bottom'): CVMValue {
  let value: CVMValue = inner;
  for (let i = 0; i < depth; i++) value = { type: 'array', elements: [value] };
  return value;
}

/** A CVM value holding every tricky number, string and key, an array with properties and more. */
export function trickyValue(): CVMValue {
  return {
    type: 'object',
    properties: ownRecord([
      ['numbers', { type: 'array', elements: TRICKY_NUMBERS.map(([, n]) => n) }],
      ['strings', { type: 'array', elements: TRICKY_STRINGS.map(([, s]) => s) }],
      ['keys', trickyKeysObject()],
      ['protoJson', jsonProtoObject()],
      ['undef', { type: 'undefined' }],
      ['nul', null],
      ['flags', { type: 'array', elements: [true, false] }],
      [
        'arrayWithProps',
        {
          type: 'array',
          elements: [1, { type: 'array', elements: [], properties: { inner: 'x' } }],
          properties: ownRecord([
            ['length', 99],
            ['__proto__', 'p'],
            ['$ne', null],
          ]),
        },
      ],
      ['emptyArray', { type: 'array', elements: [] }],
      ['emptyObject', { type: 'object', properties: {} }],
      ['refs', { type: 'array', elements: [{ type: 'array-ref', id: 0 }, { type: 'object-ref', id: 12345 }] }],
      ['nested', nestedArrays(5, -0)],
    ]),
  };
}

/** Every tricky scalar on its own, for a stack or an array's elements. */
export function trickyScalars(): CVMValue[] {
  return [...TRICKY_NUMBERS.map(([, n]) => n), ...TRICKY_STRINGS.map(([, s]) => s), true, false, null];
}

/**
 * A small valid program as plain data (typed loosely, so tests can spread it into invalid or
 * damaged variants): the reliability suite's good record.
 */
export function validProgram(id: string): Record<string, unknown> {
  return { id, name: 'valid', source: 'print(1)', bytecode: [{ op: 'PUSH', arg: 1, line: 1 }, { op: 'HALT' }], created: new Date(Date.UTC(2024, 0, 1)) };
}

/** A valid RUNNING execution of `programId` with a stack, variables, an iterator and a heap, as plain data. */
export function validExecution(id: string, programId: string): Record<string, unknown> {
  return {
    id,
    programId,
    state: 'RUNNING',
    pc: 1,
    stack: [1, { type: 'undefined' }],
    variables: { x: 1 },
    iterators: [{ array: { type: 'array', elements: [1] }, index: 0, length: 1 }],
    heap: { objects: { 0: { type: 'object', data: { type: 'object', properties: {} } } }, nextId: 1 },
    created: new Date(Date.UTC(2024, 0, 1)),
  };
}
