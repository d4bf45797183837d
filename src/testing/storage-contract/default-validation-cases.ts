import { LIMITS } from '../../validation/limits';
import { makeExecution, makeProgram } from './records';
import type { BadRecord, RecordKind } from './rejections';
import { crossCases } from './representatives';

/**
 * The cases of default validation: the contract runs a few of each (default-validation.ts), the
 * package's own tests run them all against the validators.
 */

export type Fields = Record<string, unknown>;

class Point {
  x = 1;
}

/** `depth` plain arrays nested in each other around 1, built without recursion. */
export function nestedLists(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** `depth` containers nested in each other around 1, objects and arrays in turn (no array directly in an array). */
export function nestedMixed(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

function cyclicObject(): unknown {
  const value: Fields = { a: 1 };
  value.self = { back: value };
  return value;
}

function cyclicArray(): unknown {
  const value: unknown[] = [1];
  value.push([value]);
  return value;
}

export function withExtraProperty(): unknown {
  const list: unknown[] & { extra?: number } = [1, 2];
  list.extra = 1;
  return list;
}

/** [label, a fresh value that is not a bounded JSON-like value]. */
export const NOT_JSON: [string, () => unknown][] = [
  ['a function', () => () => 1],
  ['a symbol', () => Symbol('s')],
  ['a bigint', () => BigInt(1)],
  ['a Map', () => new Map([['a', 1]])],
  ['a Set', () => new Set([1])],
  ['a Buffer', () => Buffer.from('ab')],
  ['a Uint8Array', () => new Uint8Array([1, 2])],
  ['a Date inside a value', () => ({ at: new Date(0) })],
  ['a class instance', () => new Point()],
  ['a boxed string', () => Object('s') as unknown],
  ['a cyclic object', cyclicObject],
  ['a cyclic array', cyclicArray],
  // eslint-disable-next-line no-sparse-arrays
  ['a sparse array', () => [1, , 3]],
  ['an array with an extra property', withExtraProperty],
  ['undefined inside an array', () => [1, undefined]],
  ['a value nested deeper than LIMITS.maxFieldDepth', () => nestedLists(LIMITS.maxFieldDepth + 1)],
  ['a value nested 10,000 deep', () => nestedLists(10_000)],
  ['a string longer than LIMITS.maxStringLength', () => 's'.repeat(LIMITS.maxStringLength + 1)],
  ['a key longer than LIMITS.maxStringLength', () => ({ ['k'.repeat(LIMITS.maxStringLength + 1)]: 1 })],
];

/** [where, the kind of record, bad record holding the value there, path of the issue]. */
const PLACES: [string, RecordKind, (value: () => unknown) => BadRecord, string][] = [
  ['the stack', 'execution', (value) => (id) => ({ ...makeExecution({ id }), stack: [1, value()] }), 'stack.1'],
  ['a variable', 'execution', (value) => (id) => ({ ...makeExecution({ id }), variables: { ok: 1, bad: value() } }), 'variables.bad'],
  ['the heap', 'execution', (value) => (id) => ({ ...makeExecution({ id }), heap: { objects: { 1: { type: 'object', data: value() } }, nextId: 2 } }), 'heap.objects.1.data'],
  ['an extra field', 'execution', (value) => (id) => ({ ...makeExecution({ id }), status: 'running', extra: value() }), 'extra'],
  ['a bytecode arg', 'program', (value) => (id) => ({ ...makeProgram({ id }), bytecode: [{ op: 'HALT' }, { op: 'PUSH', arg: value() }] }), 'bytecode.1.arg'],
];

/**
 * [value, place, kind, bad record, path of the issue]: every value that is not bounded JSON in
 * every place, or (`diagonal`) each value once, the places taken in turn.
 */
export function notJsonCases(diagonal: boolean): [string, string, RecordKind, BadRecord, string][] {
  return crossCases(NOT_JSON, PLACES, diagonal).map(([[label, value], [where, kind, place, path]]) => [label, where, kind, place(value), path]);
}

const program = (id: string): Fields => ({ ...makeProgram({ id }) });
const execution = (id: string): Fields => ({ ...makeExecution({ id }) });
const setP = (key: string, value: unknown): BadRecord => (id) => ({ ...program(id), [key]: value });
const setE = (key: string, value: unknown): BadRecord => (id) => ({ ...execution(id), [key]: value });

/** [label, bad program, path of the issue]: the fields storage itself relies on. */
export const BAD_PROGRAMS: [string, BadRecord, string][] = [
  ['name a number', setP('name', 42), 'name'],
  ['name null', setP('name', null), 'name'],
  ['name longer than LIMITS.maxNameLength', setP('name', 'n'.repeat(LIMITS.maxNameLength + 1)), 'name'],
  ['source an array', setP('source', ['a']), 'source'],
  ['bytecode a string', setP('bytecode', 'PUSH 1'), 'bytecode'],
  ['bytecode an object', setP('bytecode', { 0: { op: 'HALT' } }), 'bytecode'],
  ['a bytecode item that is a string', setP('bytecode', ['HALT']), 'bytecode.0'],
  ['a bytecode item without op', setP('bytecode', [{ op: 'PUSH', arg: 1 }, { arg: 1 }]), 'bytecode.1.op'],
  ['a bytecode item with a numeric op', setP('bytecode', [{ op: 42 }]), 'bytecode.0.op'],
  ['a bytecode item with an empty op', setP('bytecode', [{ op: '' }]), 'bytecode.0.op'],
  ['a bytecode arg that is a Map', setP('bytecode', [{ op: 'PUSH', arg: new Map() }]), 'bytecode.0.arg'],
  ['created an ISO string', setP('created', '2024-01-01T00:00:00.000Z'), 'created'],
  ['created an invalid Date', setP('created', new Date(NaN)), 'created'],
  ['updated null', setP('updated', null), 'updated'],
];

/** [label, bad execution, path of the issue]. */
export const BAD_EXECUTIONS: [string, BadRecord, string][] = [
  ['state empty', setE('state', ''), 'state'],
  ['state null', setE('state', null), 'state'],
  ['state a number', setE('state', 3), 'state'],
  ['a negative pc', setE('pc', -1), 'pc'],
  ['a fractional pc', setE('pc', 1.5), 'pc'],
  ['pc a numeric string', setE('pc', '1'), 'pc'],
  ['pc NaN', setE('pc', NaN), 'pc'],
  ['stack an object', setE('stack', { 0: 1 }), 'stack'],
  ['stack null', setE('stack', null), 'stack'],
  ['a stack with an extra property', (id) => ({ ...execution(id), stack: withExtraProperty() }), 'stack'],
  ['variables an array', setE('variables', [1]), 'variables'],
  ['variables a Map', setE('variables', new Map([['x', 1]])), 'variables'],
  ['created a number', setE('created', 1_700_000_000_000), 'created'],
  ['updated an ISO string', setE('updated', '2024-01-01T00:00:00.000Z'), 'updated'],
  [
    'more than LIMITS.maxRecordBytes stored in one record, naming its largest field',
    setE('output', ['a', 'b', 'c', 'd'].map((letter) => letter.repeat(LIMITS.maxStringLength))),
    'output',
  ],
  [
    '5.5 Mi characters of U+4E2D (17 MB of UTF-8, more than a MongoDB document holds)',
    (id) => ({ ...execution(id), variables: { a: '\u4e2d'.repeat(2_883_584) }, answer: '\u4e2d'.repeat(2_883_584) }),
    'variables',
  ],
  [
    '1,000,000 numbers in the stack and 1,000,000 in another field',
    (id) => ({ ...execution(id), stack: Array.from({ length: 1_000_000 }, (_, i) => i + 0.5), scores: Array.from({ length: 1_000_000 }, (_, i) => i) }),
    'stack',
  ],
];

export const REQUIRED_PROGRAM_FIELDS = ['name', 'source', 'bytecode', 'created'] as const;
export const REQUIRED_EXECUTION_FIELDS = ['state', 'pc', 'stack', 'variables', 'created'] as const;

/** [label, record refused by the strict grammar, which default validation stores as given]. */
export const STRICT_ONLY: [string, RecordKind, Fields][] = [
  ['error a number', 'execution', { ...execution('x'), error: 42 }],
  ['iterators an object', 'execution', { ...execution('x'), iterators: {} }],
  ['heap null', 'execution', { ...execution('x'), heap: null }],
  ['a heap key that is not an id', 'execution', { ...execution('x'), heap: { objects: { abc: { type: 'object', data: null } }, nextId: 1 } }],
  ['{ type: "bogus" } in the stack', 'execution', { ...execution('x'), stack: [{ type: 'bogus' }] }],
  ['a bare array in a variable', 'execution', { ...execution('x'), variables: { list: [1, [2]] } }],
  ['an unknown property _id', 'execution', { ...execution('x'), _id: 'abc' }],
  ['a bytecode item with a negative line', 'program', { ...program('x'), bytecode: [{ op: 'HALT', line: -1 }] }],
  ['a bytecode item with an unknown property', 'program', { ...program('x'), bytecode: [{ op: 'HALT', foo: 1 }] }],
  ['an unknown program property', 'program', { ...program('x'), foo: { bar: [1] } }],
];

