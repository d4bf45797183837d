import { LIMITS } from '../../validation/limits';
import { DEEPEST_VALID_ARRAYS, makeExecution, makeProgram, nestedArrays } from './records';
import type { BadRecord, RecordKind } from './rejections';
import { crossCases } from './representatives';

/**
 * The cases of the strict grammar of CVM values: the contract runs each value once
 * (strict-value-grammar.ts), the package's own tests run every value in every place against the
 * validators.
 */

function cyclicObject(): unknown {
  const properties: Record<string, unknown> = { a: 1 };
  const value = { type: 'object', properties };
  properties.self = value;
  return value;
}

function cyclicArray(): unknown {
  const elements: unknown[] = [1];
  const value = { type: 'array', elements };
  elements.push(value);
  return value;
}

/** 10,000 CVM arrays nested in each other; a recursive validator or codec overflows its stack. */
function tenThousandDeep(): unknown {
  return nestedArrays(10_000, 1);
}

class Holder {
  type = 'undefined';
}

/** [label, a fresh value outside the CVM grammar or its limits]. */
export const BAD_VALUES: [string, () => unknown][] = [
  ['{ type: "bogus" }', () => ({ type: 'bogus' })],
  ['an object without type', () => ({ properties: {} })],
  ['{ type: "undefined" } with an extra key', () => ({ type: 'undefined', value: 1 })],
  ['a CVM object without properties', () => ({ type: 'object' })],
  ['a CVM object whose properties are an array', () => ({ type: 'object', properties: [1] })],
  ['a CVM array without elements', () => ({ type: 'array' })],
  ['a CVM array whose elements are an object', () => ({ type: 'array', elements: { 0: 1 } })],
  ['an array-ref with a negative id', () => ({ type: 'array-ref', id: -1 })],
  ['an object-ref with a fractional id', () => ({ type: 'object-ref', id: 1.5 })],
  ['an object-ref with a string id', () => ({ type: 'object-ref', id: '1' })],
  ['a bare JavaScript array', () => [1, 2]],
  ['a function', () => () => 1],
  ['undefined inside an array', () => ({ type: 'array', elements: [1, undefined] })],
  ['a Map', () => new Map([['a', 1]])],
  ['a Date', () => new Date(0)],
  ['a class instance', () => new Holder()],
  ['a boxed number', () => Object(1) as unknown],
  ['a bigint', () => BigInt(1)],
  ['a symbol', () => Symbol('s')],
  ['a cyclic object', cyclicObject],
  ['a cyclic array', cyclicArray],
  ['a value nested 10,000 deep', tenThousandDeep],
  ['a value nested LIMITS.maxDepth CVM arrays deep', () => nestedArrays(LIMITS.maxDepth, 1)],
  ['a value nested one CVM array deeper than allowed', () => nestedArrays(DEEPEST_VALID_ARRAYS + 1, 1)],
  ['a string longer than LIMITS.maxStringLength', () => 's'.repeat(LIMITS.maxStringLength + 1)],
];

/** [where, the kind of record, bad record holding the value there, path of the issue]. */
const PLACES: [string, RecordKind, (value: () => unknown) => BadRecord, string][] = [
  ['stack', 'execution', (value) => (id) => ({ ...makeExecution({ id }), stack: [1, value()] }), 'stack'],
  ['variables', 'execution', (value) => (id) => ({ ...makeExecution({ id }), variables: { ok: 1, bad: value() } }), 'variables'],
  ['returnValue', 'execution', (value) => (id) => ({ ...makeExecution({ id }), returnValue: value() }), 'returnValue'],
  [
    'heap',
    'execution',
    (value) => (id) => ({ ...makeExecution({ id }), heap: { objects: { 0: { type: 'object', data: value() } }, nextId: 1 } }),
    'heap',
  ],
  [
    'iterators',
    'execution',
    (value) => (id) => ({
      ...makeExecution({ id }),
      iterators: [{ array: { type: 'array', elements: [value()] }, index: 0, length: 1 }],
    }),
    'iterators',
  ],
  ['a bytecode arg', 'program', (value) => (id) => ({ ...makeProgram({ id }), bytecode: [{ op: 'HALT' }, { op: 'PUSH', arg: value() }] }), 'bytecode.1.arg'],
];

/**
 * [value, place, kind, bad record, path of the issue]: every value outside the CVM grammar in
 * every place, or (`diagonal`) each value once, the places taken in turn.
 */
export function badValueCases(diagonal: boolean): [string, string, RecordKind, BadRecord, string][] {
  return crossCases(BAD_VALUES, PLACES, diagonal).map(([[label, value], [where, kind, place, path]]) => [label, where, kind, place(value), path]);
}
