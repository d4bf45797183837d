import { ValidationError } from '../../errors';
import type { Execution, Program } from '../../types';
import { LIMITS } from '../../validation/limits';
import { firstDifference } from './same-value';
import { call, expectValidationError, rejectionOf } from './expectations';
import { makeExecution, makeProgram, without } from './records';
import { useSession, type ContractHarness } from './harness';
import { expectExecutionRejected, expectProgramRejected, type BadRecord } from './rejections';
import { describe, expect, it } from './runner';

type Fields = Record<string, unknown>;

class Point {
  x = 1;
}

/** `depth` plain arrays nested in each other around 1, built without recursion. */
function nestedLists(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** `depth` containers nested in each other around 1, objects and arrays in turn (no array directly in an array). */
function nestedMixed(depth: number): unknown {
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

function withExtraProperty(): unknown {
  const list: unknown[] & { extra?: number } = [1, 2];
  list.extra = 1;
  return list;
}

/** [label, a fresh value that is not a bounded JSON-like value]. */
const NOT_JSON: [string, () => unknown][] = [
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

/** [where, bad execution holding the value there, path of the issue]. */
const PLACES: [string, (value: () => unknown) => BadRecord, string][] = [
  ['the stack', (value) => (id) => ({ ...makeExecution({ id }), stack: [1, value()] }), 'stack.1'],
  ['a variable', (value) => (id) => ({ ...makeExecution({ id }), variables: { ok: 1, bad: value() } }), 'variables.bad'],
  ['the heap', (value) => (id) => ({ ...makeExecution({ id }), heap: { objects: { 1: { type: 'object', data: value() } }, nextId: 2 } }), 'heap.objects.1.data'],
  ['an extra field', (value) => (id) => ({ ...makeExecution({ id }), status: 'running', extra: value() }), 'extra'],
];

const CASES = NOT_JSON.flatMap(([label, value]) => PLACES.map(([where, place, path]) => [label, where, place(value), path] as const));

const program = (id: string): Fields => ({ ...makeProgram({ id }) });
const execution = (id: string): Fields => ({ ...makeExecution({ id }) });
const setP = (key: string, value: unknown): BadRecord => (id) => ({ ...program(id), [key]: value });
const setE = (key: string, value: unknown): BadRecord => (id) => ({ ...execution(id), [key]: value });

/** [label, bad program, path of the issue]: the fields storage itself relies on. */
const BAD_PROGRAMS: [string, BadRecord, string][] = [
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
const BAD_EXECUTIONS: [string, BadRecord, string][] = [
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

const REQUIRED_PROGRAM_FIELDS = ['name', 'source', 'bytecode', 'created'] as const;
const REQUIRED_EXECUTION_FIELDS = ['state', 'pc', 'stack', 'variables', 'created'] as const;

/** [label, record refused by the strict grammar, which default validation stores as given]. */
const STRICT_ONLY: [string, 'program' | 'execution', Fields][] = [
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

export function describeDefaultValidation(harness: ContractHarness): void {
  describe('default validation: required fields and bounded JSON-like values', () => {
    const session = useSession(harness, { connect: true });

    it.each(CASES)('rejects %s in %s with a ValidationError naming its path, and keeps the store unchanged', async (_label, _where, bad, path) => {
      await expectExecutionRejected(session, bad, path);
    });

    it.each(NOT_JSON)('rejects %s as a bytecode arg', async (_label, value) => {
      await expectProgramRejected(session, (id) => ({ ...program(id), bytecode: [{ op: 'HALT' }, { op: 'PUSH', arg: value() }] }), 'bytecode.1.arg');
    });

    it.each(BAD_PROGRAMS)('saveProgram rejects a program with %s', async (_label, bad, path) => {
      await expectProgramRejected(session, bad, path);
    });

    // The largest of these walks two million values: more than jest's 30 s on a busy 2-core machine.
    it.each(BAD_EXECUTIONS)(
      'saveExecution rejects an execution with %s',
      async (_label, bad, path) => {
        await expectExecutionRejected(session, bad, path);
      },
      120_000,
    );

    it.each(REQUIRED_PROGRAM_FIELDS)('a program without %s is refused with "<field> is required"', async (field) => {
      const error = await expectValidationError(() => session.adapter.saveProgram(without(makeProgram(), field) as Program), field);
      expect(error.message).toContain(`${field} is required`);
    });

    it.each(REQUIRED_EXECUTION_FIELDS)('an execution without %s is refused with "<field> is required"', async (field) => {
      const error = await expectValidationError(() => session.adapter.saveExecution(without(makeExecution(), field) as Execution), field);
      expect(error.message).toContain(`${field} is required`);
    });

    it('symbol-keyed and non-enumerable properties are not part of a record and are not stored', async () => {
      const saved = { ...makeExecution(), [Symbol('secret')]: 1 } as Fields;
      Object.defineProperty(saved, 'hidden', { value: 2, enumerable: false });
      Object.defineProperty(saved.variables, 'hiddenVariable', { value: 3, enumerable: false });
      await session.adapter.saveExecution(saved as unknown as Execution);
      expect(await (await session.reopen()).getExecution('exec-1')).toStrictEqual(makeExecution());
    });

    it('error: null is accepted, not refused as a string that is too long', async () => {
      // The CVM VM stores these nulls, though its Execution type (and so this package's) says string.
      const saved = { ...makeExecution(), error: null, ccPrompt: null } as unknown as Execution;
      await session.adapter.saveExecution(saved);
      expect(await session.adapter.getExecution('exec-1')).toStrictEqual(saved);
    });

    it('a rejected execution lists every failing field', async () => {
      // eslint-disable-next-line no-sparse-arrays -- a hole is one of the failures
      const bad = { ...makeExecution(), state: '', pc: -2, stack: 'x', extra: [1, , 2] };
      const error = await rejectionOf(call(() => session.adapter.saveExecution(bad as unknown as Execution)));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['state', 'pc', 'stack', 'extra.1']));
    });

    it('a record of 12 Mi characters, under LIMITS.maxRecordBytes stored, is stored and read back', async () => {
      const big = (letter: string): string => letter.repeat(LIMITS.maxStringLength);
      const saved = { ...makeExecution(), stack: [big('a')], variables: { b: big('b') }, note: big('c') };
      await session.adapter.saveExecution(saved as unknown as Execution);
      const reopened = await session.reopen();
      expect(firstDifference(saved, await reopened.getExecution('exec-1'))).toBeNull();
    });

    it('the deepest nesting allowed (LIMITS.maxFieldDepth) is stored in any field', async () => {
      const saved = { ...makeExecution(), stack: [{ k: nestedMixed(LIMITS.maxFieldDepth - 2) }], deep: nestedMixed(LIMITS.maxFieldDepth) };
      await session.adapter.saveExecution(saved as unknown as Execution);
      const reopened = await session.reopen();
      expect(firstDifference(saved, await reopened.getExecution('exec-1'))).toBeNull();
    });

    it('arrays nested directly in arrays count two levels each (they are stored wrapped)', async () => {
      const deepest = LIMITS.maxFieldDepth / 2;
      const saved = { ...makeExecution(), stack: nestedLists(deepest) as unknown[], grid: [[1, [2, []]], [], [[[]]]] };
      await session.adapter.saveExecution(saved as unknown as Execution);
      const reopened = await session.reopen();
      expect(firstDifference(saved, await reopened.getExecution('exec-1'))).toBeNull();
      await expectValidationError(() => session.adapter.saveExecution({ ...makeExecution(), stack: nestedLists(deepest + 1) } as unknown as Execution), 'stack');
    });
  });

  describe('default validation accepts what the strict grammar refuses', () => {
    const session = useSession(harness, { connect: true });

    it.each(STRICT_ONLY)('%s is stored as given', async (_label, kind, record) => {
      if (kind === 'program') {
        await session.adapter.saveProgram(record as unknown as Program);
        expect(firstDifference(record, await (await session.reopen()).getProgram('x'))).toBeNull();
      } else {
        await session.adapter.saveExecution(record as unknown as Execution);
        expect(firstDifference(record, await (await session.reopen()).getExecution('x'))).toBeNull();
      }
    });
  });

  describe('strict validation refuses what default validation accepts', () => {
    const session = useSession(harness, { connect: true, validation: 'strict' });

    it.each(STRICT_ONLY)('%s is a ValidationError', async (_label, kind, record) => {
      const save = kind === 'program' ? () => session.adapter.saveProgram(record as unknown as Program) : () => session.adapter.saveExecution(record as unknown as Execution);
      await expect(call(save)).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
