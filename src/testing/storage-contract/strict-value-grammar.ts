import { LIMITS } from '../../validation/limits';
import { DEEPEST_VALID_ARRAYS, makeExecution, makeProgram, nestedArrays } from './records';
import { useSession, type ContractHarness } from './harness';
import { expectExecutionRejected, expectProgramRejected, type BadRecord } from './rejections';
import { describe, it } from './runner';

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
const BAD_VALUES: [string, () => unknown][] = [
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

/** [where, bad execution holding the value there, path of the issue]. */
const EXECUTION_PLACES: [string, (value: () => unknown) => BadRecord, string][] = [
  ['stack', (value) => (id) => ({ ...makeExecution({ id }), stack: [1, value()] }), 'stack'],
  ['variables', (value) => (id) => ({ ...makeExecution({ id }), variables: { ok: 1, bad: value() } }), 'variables'],
  ['returnValue', (value) => (id) => ({ ...makeExecution({ id }), returnValue: value() }), 'returnValue'],
  [
    'heap',
    (value) => (id) => ({ ...makeExecution({ id }), heap: { objects: { 0: { type: 'object', data: value() } }, nextId: 1 } }),
    'heap',
  ],
  [
    'iterators',
    (value) => (id) => ({
      ...makeExecution({ id }),
      iterators: [{ array: { type: 'array', elements: [value()] }, index: 0, length: 1 }],
    }),
    'iterators',
  ],
];

const CASES = BAD_VALUES.flatMap(([label, value]) =>
  EXECUTION_PLACES.map(([where, place, path]) => [label, where, place(value), path] as const),
);

export function describeStrictValueGrammar(harness: ContractHarness): void {
  describe('strict validation of CVM values', () => {
    const session = useSession(harness, { connect: true, validation: 'strict' });

    it.each(CASES)('rejects %s in %s with a ValidationError and keeps the store unchanged', async (_label, _where, bad, path) => {
      await expectExecutionRejected(session, bad, path);
    });

    it.each(BAD_VALUES)('rejects %s as a bytecode arg and keeps the store unchanged', async (_label, value) => {
      const bad: BadRecord = (id) => ({ ...makeProgram({ id }), bytecode: [{ op: 'HALT' }, { op: 'PUSH', arg: value() }] });
      await expectProgramRejected(session, bad, 'bytecode.1.arg');
    });

    it('a variable holding JavaScript undefined is rejected', async () => {
      await expectExecutionRejected(session, (id) => ({ ...makeExecution({ id }), variables: { x: undefined } }), 'variables');
    });

    it('a stack with a hole is rejected', async () => {
      // eslint-disable-next-line no-sparse-arrays
      await expectExecutionRejected(session, (id) => ({ ...makeExecution({ id }), stack: [1, , 3] }), 'stack');
    });
  });
}
