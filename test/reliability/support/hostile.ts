import fc from 'fast-check';
import { LIMITS } from '../../../src/validation/limits';
import { MAX_VALID_CHAIN, chain, objectOf } from './arbitraries';
import { validExecution, validProgram } from '../../support/fixtures/records';

/**
 * Invalid programs and executions: each is a valid record with one thing broken — a field of the
 * wrong type, a required field missing, an unknown state, a negative pc, an unknown key, or a
 * broken CVM value (cyclic, 10,000 deep, huge, of a non-CVM type) placed somewhere inside it,
 * possibly wrapped in valid containers. Ids stay valid, so only ValidationError is acceptable.
 */

const HUGE_STRING = 'x'.repeat(LIMITS.maxStringLength + 1);
/** Just within the string limit, so only the record-size limit is broken when several are used. */
const BIG_STRING = 'y'.repeat(LIMITS.maxStringLength);
const EPOCH = new Date(Date.UTC(2024, 0, 1));

class NotPlain {
  type = 'object';
  properties = {};
}

function cyclicObject(): unknown {
  const value: { type: string; properties: Record<string, unknown> } = { type: 'object', properties: {} };
  value.properties.self = value;
  return value;
}

function cyclicArray(): unknown {
  const value: { type: string; elements: unknown[] } = { type: 'array', elements: [] };
  value.elements.push({ type: 'object', properties: { back: value } });
  return value;
}

/** Names `value` in fast-check's reports, which would otherwise overflow printing a deep one. */
function labelled<T extends object>(value: T, label: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => label, enumerable: false });
  return value;
}

/** 10,000 nested plain arrays: not CVM values at all, and deep enough to overflow a naive walk. */
function deepRawArray(depth: number): unknown {
  let value: unknown[] = [];
  for (let level = 0; level < depth; level++) value = [value];
  return labelled(value, `<${depth} nested arrays>`);
}

function deepChain(length: number): unknown {
  return labelled(chain(length, 1) as object, `<chain of ${length} CVM containers>`);
}

/** A value that must be refused wherever a CVM value is expected. */
export const invalidCvmValue: fc.Arbitrary<unknown> = fc
  .constantFrom<() => unknown>(
    () => undefined,
    () => () => 1,
    () => Symbol('s'),
    () => 10n,
    () => new Date(0),
    () => new Map([['type', 'object']]),
    () => new Set([1]),
    () => /re/,
    () => new NotPlain(),
    () => Object.assign(Object.create({ inherited: true }) as object, { type: 'undefined' }),
    () => ({}),
    () => [],
    () => [1, 2],
    () => ({ type: 'bogus' }),
    () => ({ type: 'OBJECT', properties: {} }),
    () => ({ type: ['object'], properties: {} }),
    () => ({ type: 'object' }),
    () => ({ type: 'object', properties: [] }),
    () => ({ type: 'object', properties: null }),
    () => ({ type: 'object', properties: { a: undefined } }),
    () => ({ type: 'object', properties: {}, extra: 1 }),
    () => ({ type: 'array' }),
    () => ({ type: 'array', elements: {} }),
    () => ({ type: 'array', elements: [undefined] }),
    () => ({ type: 'array', elements: [], properties: [] }),
    () => ({ type: 'array-ref', id: -1 }),
    () => ({ type: 'array-ref', id: 1.5 }),
    () => ({ type: 'object-ref', id: '1' }),
    () => ({ type: 'object-ref', id: NaN }),
    () => ({ type: 'object-ref' }),
    () => ({ type: 'undefined', value: 1 }),
    () => cyclicObject(),
    () => cyclicArray(),
    () => deepChain(10_000),
    () => deepChain(MAX_VALID_CHAIN + 1),
    () => deepRawArray(10_000),
    () => HUGE_STRING,
    () => ({ type: 'object', properties: objectOf([[HUGE_STRING, 1]]) }),
    () => labelled({ type: 'array', elements: new Array<number>(LIMITS.maxNodes + 1).fill(0) }, `<array of ${LIMITS.maxNodes + 1} zeros>`),
  )
  .map((make) => make());

/** Wraps `value` in `levels` valid containers, so the fault sits deeper than the top. */
function wrap(value: unknown, levels: number): unknown {
  let wrapped = value;
  for (let level = 0; level < levels; level++) {
    wrapped = level % 2 === 0 ? { type: 'array', elements: [1, wrapped] } : { type: 'object', properties: { k: wrapped } };
  }
  return wrapped;
}

/**
 * An invalid value inside 0 to 3 valid containers. `undefined` is only invalid inside one: an
 * optional field set to undefined is simply absent.
 */
const buried: fc.Arbitrary<unknown> = fc
  .tuple(invalidCvmValue, fc.nat({ max: 3 }))
  .map(([value, levels]) => wrap(value, value === undefined ? Math.max(1, levels) : levels));

/**
 * Bytecode items that once slipped through validateProgram: an empty array, Map or Set item was
 * stored as `{}`, after which the program and every listPrograms() failed with
 * CorruptRecordError, and 10,000 nested arrays overflowed the stack (see hostile-input.test.ts).
 */
export const NON_OBJECT_BYTECODE_ITEMS: { label: string; make: () => unknown }[] = [
  { label: 'an empty array', make: () => [] },
  { label: 'nested empty arrays', make: () => [[[]]] },
  { label: 'an empty Map', make: () => new Map() },
  { label: 'an empty Set', make: () => new Set() },
  { label: '10,000 nested arrays', make: () => deepRawArray(10_000) },
];

const wrongDates = fc.constantFrom<unknown>('2024-01-01T00:00:00.000Z', 0, Date.now(), null, new Date(NaN), {}, [], true);
const notStrings = fc.constantFrom<unknown>(1, null, true, [], {}, ['x'], new Date(0), { toString: () => 'x' });

type Mutation = (record: Record<string, unknown>) => void;

const set =
  (key: string, value: unknown): Mutation =>
  (record) => {
    record[key] = value;
  };
const remove =
  (key: string): Mutation =>
  (record) => {
    delete record[key];
  };
/** An unknown key, added as an own property whatever its name (JSON.parse does the same). */
const extraKey = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', '_id', '$set', 'extra', '', 'Id', 'ID'), fc.jsonValue())
  .map(([key, value]): Mutation => (record) => Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true }));

const programMutation: fc.Arbitrary<Mutation> = fc.oneof(
  notStrings.map((value) => set('name', value)),
  fc.constant(set('name', 'n'.repeat(LIMITS.maxNameLength + 1))),
  notStrings.map((value) => set('source', value)),
  fc.constant(set('source', HUGE_STRING)),
  fc.constantFrom('name', 'source', 'bytecode', 'created').map(remove),
  fc.constantFrom<unknown>(null, {}, 'PUSH', 1, [null], [1], ['PUSH'], [[1]], [{}], [new Set([1])], [new Date(0)]).map((value) => set('bytecode', value)),
  fc.constantFrom(...NON_OBJECT_BYTECODE_ITEMS).map(({ make }) => set('bytecode', [{ op: 'HALT' }, make()])),
  fc
    .constantFrom<Record<string, unknown>>(
      { op: '' },
      { op: 'x'.repeat(LIMITS.maxOpLength + 1) },
      { op: 1 },
      { op: null },
      { op: 'PUSH', line: -1 },
      { op: 'PUSH', line: 1.5 },
      { op: 'PUSH', line: '1' },
      { op: 'PUSH', line: NaN },
      { op: 'PUSH', extra: 1 },
      { arg: 1 },
    )
    .map((instruction) => set('bytecode', [{ op: 'HALT' }, instruction])),
  buried.map((arg) => set('bytecode', [{ op: 'PUSH', arg }])),
  wrongDates.map((value) => set('created', value)),
  wrongDates.filter((value) => value !== undefined).map((value) => set('updated', value)),
  fc.constant<Mutation>((record) => {
    record.source = BIG_STRING;
    record.bytecode = [{ op: 'PUSH', arg: BIG_STRING }, { op: 'PUSH', arg: BIG_STRING }, { op: 'PUSH', arg: BIG_STRING }];
  }),
  extraKey,
);

const executionMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom<unknown>('bogus', 'ready', 'Running', '', ' READY', null, 1, ['READY'], {}).map((value) => set('state', value)),
  fc.constantFrom<unknown>(-1, -0.5, 1.5, NaN, Infinity, -Infinity, '0', null, []).map((value) => set('pc', value)),
  fc.constantFrom('state', 'pc', 'stack', 'variables', 'created').map(remove),
  fc.constantFrom<unknown>(null, {}, 'x', 1, new Set([1]), deepRawArray(10_000)).map((value) => set('stack', value)),
  buried.map((value) => set('stack', [1, value])),
  fc.constantFrom<unknown>(null, [], 'x', 1, new Map(), new NotPlain()).map((value) => set('variables', value)),
  fc.tuple(fc.constantFrom('x', '', '__proto__', '$where'), buried).map(([key, value]) => set('variables', objectOf([[key, value]]))),
  buried.map((value) => set('returnValue', value)),
  fc
    .constantFrom<unknown>(
      {},
      [null],
      [{ array: { type: 'object', properties: {} }, index: 0, length: 0 }],
      [{ array: { type: 'array', elements: [] }, index: -1, length: 0 }],
      [{ array: { type: 'array', elements: [] }, index: 0, length: 0.5 }],
      [{ array: { type: 'array', elements: [] }, index: 0, length: 0, extra: 1 }],
      [{ index: 0, length: 0 }],
    )
    .map((value) => set('iterators', value)),
  buried.map((value) => set('iterators', [{ array: { type: 'array', elements: [value] }, index: 0, length: 1 }])),
  fc
    .constantFrom<unknown>(
      [],
      { objects: [], nextId: 0 },
      { objects: {}, nextId: -1 },
      { objects: {}, nextId: 0.5 },
      { objects: {}, nextId: 0, extra: 1 },
      { objects: { '-1': { type: 'object', data: 1 } }, nextId: 0 },
      { objects: { '01': { type: 'object', data: 1 } }, nextId: 0 },
      { objects: { x: { type: 'object', data: 1 } }, nextId: 0 },
      { objects: { 0: { type: 'bogus', data: 1 } }, nextId: 0 },
      { objects: { 0: { type: 'object' } }, nextId: 1 },
      { objects: { 0: { type: 'object', data: 1, extra: 1 } }, nextId: 1 },
    )
    .map((value) => set('heap', value)),
  buried.map((data) => set('heap', { objects: { 0: { type: 'array', data } }, nextId: 1 })),
  notStrings.map((value) => set('error', value)),
  notStrings.map((value) => set('ccPrompt', value)),
  fc.constantFrom('error', 'ccPrompt').map((key) => set(key, HUGE_STRING)),
  wrongDates.map((value) => set('created', value)),
  wrongDates.map((value) => set('updated', value)),
  fc.constant<Mutation>((record) => {
    record.error = BIG_STRING;
    record.ccPrompt = BIG_STRING;
    record.stack = [BIG_STRING, BIG_STRING];
  }),
  extraKey,
);

/** Not records at all. */
const notRecords = fc.constantFrom<unknown>(null, undefined, 'record', 42, [], [{}], new Map(), new Date(0), () => ({}));

export function invalidProgram(id: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 20, arbitrary: programMutation.map((mutate) => mutated(validProgram(id), mutate)) },
    { weight: 1, arbitrary: notRecords },
    { weight: 1, arbitrary: fc.constant(new (class Program { id = id; name = 'x'; source = ''; bytecode = []; created = EPOCH })()) },
  );
}

export function invalidExecution(id: string, programId: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 20, arbitrary: executionMutation.map((mutate) => mutated(validExecution(id, programId), mutate)) },
    { weight: 1, arbitrary: notRecords },
  );
}

/** Output lines that must be refused. */
export const invalidLines: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  undefined,
  'line',
  { 0: 'line', length: 1 },
  [1],
  [null],
  ['ok', undefined],
  [['nested']],
  [{ toString: () => 'x' }],
  [HUGE_STRING],
  [BIG_STRING, BIG_STRING, BIG_STRING, BIG_STRING],
);

function mutated(record: Record<string, unknown>, mutate: Mutation): Record<string, unknown> {
  mutate(record);
  return record;
}
