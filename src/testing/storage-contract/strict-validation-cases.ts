import type { Execution, Program } from '../../types';
import { LIMITS } from '../../validation/limits';
import { makeExecution, makeProgram, without } from './records';
import type { BadRecord } from './rejections';

/**
 * The cases of strict validation of records: the contract runs a few of each
 * (strict-validation.ts), the package's own tests run them all against the validators.
 */

/** `record` with `key` set to `value` as an own enumerable property (works for `__proto__` too). */
function withField(record: object, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const TOO_LONG = 'x'.repeat(LIMITS.maxStringLength + 1);

const program = (id: string): Program => makeProgram({ id });
const setP = (key: string, value: unknown): BadRecord => (id) => withField(program(id), key, value);
const bytecode = (...items: unknown[]): BadRecord => setP('bytecode', items);

/** [label, bad program, path of the issue]. */
export const BAD_PROGRAMS: [string, BadRecord, string][] = [
  ['missing name', (id) => without(program(id), 'name'), 'name'],
  ['missing source', (id) => without(program(id), 'source'), 'source'],
  ['missing bytecode', (id) => without(program(id), 'bytecode'), 'bytecode'],
  ['missing created', (id) => without(program(id), 'created'), 'created'],
  ['name a number', setP('name', 42), 'name'],
  ['name null', setP('name', null), 'name'],
  ['name longer than LIMITS.maxNameLength', setP('name', 'n'.repeat(LIMITS.maxNameLength + 1)), 'name'],
  ['source a number', setP('source', 42), 'source'],
  ['source an array', setP('source', ['a']), 'source'],
  ['source longer than LIMITS.maxStringLength', setP('source', TOO_LONG), 'source'],
  ['bytecode a string', setP('bytecode', 'PUSH 1'), 'bytecode'],
  ['bytecode an object', setP('bytecode', { 0: { op: 'HALT' } }), 'bytecode'],
  ['bytecode item without op', bytecode({ op: 'PUSH', arg: 1 }, { arg: 1 }), 'bytecode.1.op'],
  ['bytecode item with empty op', bytecode({ op: '' }), 'bytecode.0.op'],
  ['bytecode item with numeric op', bytecode({ op: 42 }), 'bytecode.0.op'],
  ['bytecode item with op longer than LIMITS.maxOpLength', bytecode({ op: 'X'.repeat(LIMITS.maxOpLength + 1) }), 'bytecode.0.op'],
  ['bytecode item with negative line', bytecode({ op: 'HALT', line: -1 }), 'bytecode.0.line'],
  ['bytecode item with fractional line', bytecode({ op: 'HALT', line: 1.5 }), 'bytecode.0.line'],
  ['bytecode item with an unknown property', bytecode({ op: 'HALT', foo: 1 }), 'bytecode.0.foo'],
  ['bytecode item a string', bytecode('HALT'), 'bytecode'],
  ['bytecode item null', bytecode(null), 'bytecode'],
  ['created an ISO string', setP('created', '2024-01-01T00:00:00.000Z'), 'created'],
  ['created a number', setP('created', 1_700_000_000_000), 'created'],
  ['created an invalid Date', setP('created', new Date('not a date')), 'created'],
  ['created null', setP('created', null), 'created'],
  ['updated an ISO string', setP('updated', '2024-01-01T00:00:00.000Z'), 'updated'],
  ['updated an invalid Date', setP('updated', new Date(NaN)), 'updated'],
  ['updated null', setP('updated', null), 'updated'],
  ['unknown property _id', setP('_id', 'abc'), '_id'],
  ['unknown property foo', setP('foo', 1), 'foo'],
  ['own __proto__ property', setP('__proto__', { isAdmin: true }), '__proto__'],
];

const execution = (id: string): Execution => makeExecution({ id });
const setE = (key: string, value: unknown): BadRecord => (id) => withField(execution(id), key, value);
const iterator = (overrides: Record<string, unknown>): Record<string, unknown> => ({
  array: { type: 'array', elements: [1] },
  index: 0,
  length: 1,
  ...overrides,
});

/** [label, bad execution, path of the issue]. */
export const BAD_EXECUTIONS: [string, BadRecord, string][] = [
  ['missing state', (id) => without(execution(id), 'state'), 'state'],
  ['missing pc', (id) => without(execution(id), 'pc'), 'pc'],
  ['missing stack', (id) => without(execution(id), 'stack'), 'stack'],
  ['missing variables', (id) => without(execution(id), 'variables'), 'variables'],
  ['missing created', (id) => without(execution(id), 'created'), 'created'],
  ['unknown state PAUSED', setE('state', 'PAUSED'), 'state'],
  ['state in lower case', setE('state', 'running'), 'state'],
  ['state null', setE('state', null), 'state'],
  ['state a number', setE('state', 1), 'state'],
  ['negative pc', setE('pc', -1), 'pc'],
  ['fractional pc', setE('pc', 1.5), 'pc'],
  ['pc a numeric string', setE('pc', '1'), 'pc'],
  ['pc NaN', setE('pc', NaN), 'pc'],
  ['pc Infinity', setE('pc', Infinity), 'pc'],
  ['pc null', setE('pc', null), 'pc'],
  ['stack an object', setE('stack', { 0: 1 }), 'stack'],
  ['stack a string', setE('stack', 'abc'), 'stack'],
  ['stack null', setE('stack', null), 'stack'],
  ['a stack with an extra property', setE('stack', Object.assign([1, 2], { extra: 1 })), 'stack'],
  ['variables an array', setE('variables', [1]), 'variables'],
  ['variables null', setE('variables', null), 'variables'],
  ['variables a Map', setE('variables', new Map([['x', 1]])), 'variables'],
  ['iterators an object', setE('iterators', {}), 'iterators'],
  ['iterators null', setE('iterators', null), 'iterators'],
  ['iterator with negative index', setE('iterators', [iterator({ index: -1 })]), 'iterators'],
  ['iterator with fractional length', setE('iterators', [iterator({ length: 0.5 })]), 'iterators'],
  ['iterator over a non-array', setE('iterators', [iterator({ array: { type: 'object', properties: {} } })]), 'iterators'],
  ['iterator with an unknown property', setE('iterators', [iterator({ extra: 1 })]), 'iterators'],
  ['heap null', setE('heap', null), 'heap'],
  ['heap without nextId', setE('heap', { objects: {} }), 'heap'],
  ['heap with negative nextId', setE('heap', { objects: {}, nextId: -1 }), 'heap'],
  ['heap with a key that is not an id', setE('heap', { objects: { abc: { type: 'object', data: null } }, nextId: 1 }), 'heap'],
  ['heap object of unknown type', setE('heap', { objects: { 0: { type: 'map', data: null } }, nextId: 1 }), 'heap'],
  ['error a number', setE('error', 42), 'error'],
  ['error null', setE('error', null), 'error'],
  ['error longer than LIMITS.maxStringLength', setE('error', TOO_LONG), 'error'],
  ['ccPrompt a number', setE('ccPrompt', 42), 'ccPrompt'],
  ['ccPrompt an object', setE('ccPrompt', { text: 'x' }), 'ccPrompt'],
  ['created an ISO string', setE('created', '2024-01-01T00:00:00.000Z'), 'created'],
  ['created a number', setE('created', 1_700_000_000_000), 'created'],
  ['created an invalid Date', setE('created', new Date('not a date')), 'created'],
  ['updated an ISO string', setE('updated', '2024-01-01T00:00:00.000Z'), 'updated'],
  ['updated an invalid Date', setE('updated', new Date(NaN)), 'updated'],
  ['updated null', setE('updated', null), 'updated'],
  ['unknown property _id', setE('_id', 'abc'), '_id'],
  ['unknown property foo', setE('foo', 1), 'foo'],
  ['own __proto__ property', setE('__proto__', { isAdmin: true }), '__proto__'],
  [
    'more than LIMITS.maxRecordBytes stored in one record',
    setE('variables', { a: 'a'.repeat(LIMITS.maxStringLength), b: 'b'.repeat(LIMITS.maxStringLength), c: 'c'.repeat(LIMITS.maxStringLength), d: 'd'.repeat(LIMITS.maxStringLength) }),
    'variables',
  ],
];

export const NOT_RECORDS: [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['a string', 'program'],
  ['a number', 42],
  ['an array', [makeProgram()]],
];
