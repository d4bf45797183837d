import type { CvmStorage } from '../../adapters/storage-adapter';
import type { CVMValue, Execution, Program } from '../../types';
import { LIMITS } from '../../validation/limits';
import {
  DEEPEST_VALID_ARRAYS,
  TRICKY_KEYS,
  TRICKY_NUMBERS,
  TRICKY_STRINGS,
  at,
  jsonProtoObject,
  makeExecution,
  makeProgram,
  nestedArrays,
  ownRecord,
  trickyKeysObject,
  trickyScalars,
  trickyValue,
} from './records';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

/** An execution holding a fresh `make()` in the stack, a variable, the heap, an iterator and returnValue. */
function executionHolding(make: () => CVMValue): Execution {
  return makeExecution({
    state: 'COMPLETED',
    stack: [make()],
    variables: { v: make() },
    heap: { objects: { 0: { type: 'object', data: make() } }, nextId: 1 },
    iterators: [{ array: { type: 'array', elements: [make()] }, index: 0, length: 1 }],
    returnValue: make(),
  });
}

/** The five places executionHolding put a value, read back from `execution`. */
function heldValues(execution: Execution): [string, unknown][] {
  return [
    ['stack', execution.stack[0]],
    ['variables', execution.variables.v],
    ['heap', execution.heap?.objects[0]?.data],
    ['iterators', execution.iterators?.[0]?.array?.elements[0]],
    ['returnValue', execution.returnValue],
  ];
}

function programHolding(make: () => CVMValue): Program {
  return makeProgram({ bytecode: [{ op: 'PUSH', arg: make(), line: 0 }, { op: 'HALT' }] });
}

/** Records whose keys are chosen by the program (CVM object properties, variables): their key order is data. */
const USER_KEYED = ['properties', 'variables'];

/**
 * Beyond toStrictEqual: every number is the same by Object.is, every object has Object.prototype
 * and the same own keys, in the same order where the keys are the program's (`ordered`).
 */
function expectSameShape(actual: unknown, expected: unknown): void {
  expect(shapeDifference(actual, expected)).toBeNull();
}

/** Where `actual` first differs from `expected` in shape or value (what expectSameShape checks), or null. */
function shapeDifference(actual: unknown, expected: unknown, path = '$', ordered = false): ShapeDifference | null {
  const differs = (what: string, got: unknown, want: unknown): ShapeDifference => ({ path, what, got, want });
  if (typeof expected === 'number') return Object.is(actual, expected) ? null : differs('number (Object.is)', actual, expected);
  if (typeof expected !== 'object' || expected === null) return actual === expected ? null : differs('value', actual, expected);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return differs('is an array', false, true);
    if (actual.length !== expected.length) return differs('length', actual.length, expected.length);
    for (let i = 0; i < expected.length; i++) {
      const inner = shapeDifference(actual[i], expected[i], `${path}[${i}]`);
      if (inner !== null) return inner;
    }
    return null;
  }
  if (expected instanceof Date) {
    if (!(actual instanceof Date)) return differs('is a Date', false, true);
    return actual.getTime() === expected.getTime() ? null : differs('time', actual.getTime(), expected.getTime());
  }
  if (typeof actual !== 'object' || actual === null) return differs('is an object', false, true);
  if (Object.getPrototypeOf(actual) !== Object.prototype) return differs('plain object', false, true);
  const record = actual as Record<string, unknown>;
  const keys = (value: object): string[] => (ordered ? Object.keys(value) : Object.keys(value).sort());
  if (JSON.stringify(keys(record)) !== JSON.stringify(keys(expected))) return differs(ordered ? 'keys, in order' : 'keys', keys(record), keys(expected));
  for (const key of Object.keys(expected)) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) return differs(`own key ${JSON.stringify(key)}`, false, true);
    const inner = shapeDifference(record[key], (expected as Record<string, unknown>)[key], `${path}[${JSON.stringify(key)}]`, !ordered && USER_KEYED.includes(key));
    if (inner !== null) return inner;
  }
  return null;
}

interface ShapeDifference {
  path: string;
  what: string;
  got: unknown;
  want: unknown;
}

async function expectExecutionLossless(session: { adapter: CvmStorage; reopen(): Promise<CvmStorage> }, execution: Execution): Promise<void> {
  await session.adapter.saveExecution(execution);
  const got = await session.adapter.getExecution(execution.id);
  expect(got).toStrictEqual(execution);
  expectSameShape(got, execution);
  const reopened = await session.reopen();
  const again = await reopened.getExecution(execution.id);
  expect(again).toStrictEqual(execution);
  expectSameShape(again, execution);
  expect(await reopened.listExecutions()).toStrictEqual([execution]);
}

async function expectProgramLossless(session: { adapter: CvmStorage; reopen(): Promise<CvmStorage> }, program: Program): Promise<void> {
  await session.adapter.saveProgram(program);
  const got = await session.adapter.getProgram(program.id);
  expect(got).toStrictEqual(program);
  expectSameShape(got, program);
  const reopened = await session.reopen();
  const again = await reopened.getProgram(program.id);
  expect(again).toStrictEqual(program);
  expectSameShape(again, program);
  expect(await reopened.listPrograms()).toStrictEqual([program]);
}

export function describeLossless(harness: ContractHarness): void {
  describe('lossless values', () => {
    const session = useSession(harness, { connect: true });

    it.each(TRICKY_NUMBERS)('number %s survives in stack, variables, heap, iterators and returnValue', async (_label, n) => {
      const execution = executionHolding(() => n);
      await expectExecutionLossless(session, execution);
      const got = (await session.adapter.getExecution('exec-1')) as Execution;
      for (const [where, value] of heldValues(got)) {
        expect({ where, same: Object.is(value, n) }).toStrictEqual({ where, same: true });
      }
    });

    it.each(TRICKY_NUMBERS)('number %s survives as a bytecode arg', async (_label, n) => {
      await expectProgramLossless(session, programHolding(() => n));
      const got = (await session.adapter.getProgram('prog-1')) as Program;
      expect(Object.is(got.bytecode[0].arg, n)).toBe(true);
    });

    it('-0 stays -0 and 0 stays 0', async () => {
      const execution = makeExecution({ stack: [-0, 0, -0], variables: { neg: -0, pos: 0 } });
      await expectExecutionLossless(session, execution);
      const got = (await session.adapter.getExecution('exec-1')) as Execution;
      expect(Object.is(got.stack[0], -0)).toBe(true);
      expect(Object.is(got.stack[1], 0)).toBe(true);
      expect(Object.is(got.stack[2], -0)).toBe(true);
      expect(Object.is(got.variables.neg, -0)).toBe(true);
      expect(Object.is(got.variables.pos, 0)).toBe(true);
    });

    it.each(TRICKY_STRINGS)('string %s survives everywhere', async (_label, s) => {
      await expectExecutionLossless(session, executionHolding(() => s));
    });

    it.each(TRICKY_STRINGS)('string %s survives as a bytecode arg, program name and source', async (_label, s) => {
      const program = programHolding(() => s);
      program.name = s;
      program.source = s;
      await expectProgramLossless(session, program);
    });

    it('every scalar side by side in the stack keeps its position and value', async () => {
      await expectExecutionLossless(session, makeExecution({ stack: trickyScalars() }));
    });

    it('{ type: "undefined" } survives everywhere', async () => {
      await expectExecutionLossless(session, executionHolding(() => ({ type: 'undefined' })));
      await expectProgramLossless(session, programHolding(() => ({ type: 'undefined' })));
    });

    it('null survives everywhere', async () => {
      await expectExecutionLossless(session, executionHolding(() => null));
      await expectProgramLossless(session, programHolding(() => null));
    });

    it('a value with every tricky number, string, key and an array with properties survives everywhere', async () => {
      await expectExecutionLossless(session, executionHolding(trickyValue));
    });

    it('the same tricky value survives as a bytecode arg', async () => {
      await expectProgramLossless(session, programHolding(trickyValue));
    });

    it('object property keys that are special keep their values, order and own-ness', async () => {
      await expectExecutionLossless(session, executionHolding(trickyKeysObject));
      const got = (await session.adapter.getExecution('exec-1')) as Execution;
      const value = got.variables.v as { type: 'object'; properties: Record<string, CVMValue> };
      expect(Object.keys(value.properties)).toStrictEqual(
        Object.keys(ownRecord(TRICKY_KEYS.map((key) => [key, null]))),
      );
      expect(Object.getPrototypeOf(value.properties)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(value.properties, '__proto__')).toBe(true);
      expect(value.properties.constructor).toBe(`v${TRICKY_KEYS.indexOf('constructor')}:constructor`);
      expect(value.properties.$where).toBe(`v${TRICKY_KEYS.indexOf('$where')}:$where`);
      expect(value.properties['a.b']).toBe(`v${TRICKY_KEYS.indexOf('a.b')}:a.b`);
    });

    it('a __proto__ key from JSON.parse holding an object stays an own key and never becomes the prototype', async () => {
      await expectExecutionLossless(session, executionHolding(jsonProtoObject));
      const got = (await session.adapter.getExecution('exec-1')) as Execution;
      for (const [, held] of heldValues(got)) {
        const properties = (held as { properties: Record<string, unknown> }).properties;
        expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
        expect(Object.keys(properties)).toStrictEqual(['__proto__', 'x']);
        expect(Object.prototype.hasOwnProperty.call(properties, '__proto__')).toBe(true);
        expect(properties.polluted).toBeUndefined();
        expect(properties.type).toBeUndefined();
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('a variable named __proto__ stays an own variable', async () => {
      const variables = ownRecord([
        ['__proto__', { type: 'object', properties: { polluted: 'yes' } }],
        ['x', 1],
        ['constructor', 'c'],
      ]);
      const execution = makeExecution({ variables });
      await expectExecutionLossless(session, execution);
      const got = (await session.adapter.getExecution('exec-1')) as Execution;
      expect(Object.getPrototypeOf(got.variables)).toBe(Object.prototype);
      expect(Object.keys(got.variables)).toStrictEqual(['__proto__', 'x', 'constructor']);
      expect(Object.prototype.hasOwnProperty.call(got.variables, '__proto__')).toBe(true);
      expect((got.variables as Record<string, unknown>).polluted).toBeUndefined();
      expect((got.variables as Record<string, unknown>).type).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('variable names with dots, dollars, empty and numeric strings survive', async () => {
      const variables = ownRecord(TRICKY_KEYS.map((key, i) => [key, i]));
      await expectExecutionLossless(session, makeExecution({ variables }));
    });

    it('the deepest nesting allowed (LIMITS.maxDepth / 2 CVM arrays) survives everywhere', async () => {
      const deepest = (): CVMValue => nestedArrays(DEEPEST_VALID_ARRAYS, -0);
      await expectExecutionLossless(
        session,
        makeExecution({
          stack: [deepest()],
          variables: { v: deepest() },
          heap: { objects: { 0: { type: 'array', data: deepest() } }, nextId: 1 },
          // The iterator's own array is one of the levels.
          iterators: [{ array: { type: 'array', elements: [nestedArrays(DEEPEST_VALID_ARRAYS - 1, -0)] }, index: 0, length: 1 }],
          returnValue: deepest(),
        }),
      );
      await expectProgramLossless(session, programHolding(() => nestedArrays(DEEPEST_VALID_ARRAYS, NaN)));
    });

    it('an array with properties and an empty array survive', async () => {
      const make = (): CVMValue => ({
        type: 'array',
        elements: [{ type: 'array', elements: [] }, { type: 'array', elements: [], properties: {} }],
        properties: ownRecord([
          ['length', 2],
          ['0', 'not an element'],
          ['__proto__', { type: 'undefined' }],
        ]),
      });
      await expectExecutionLossless(session, executionHolding(make));
    });

    it('a value referenced twice (not a cycle) is accepted and both copies come back', async () => {
      const shared: CVMValue = { type: 'object', properties: { n: NaN } };
      const execution = makeExecution({ stack: [shared, shared], variables: { a: shared, b: shared } });
      await session.adapter.saveExecution(execution);
      const got = (await session.adapter.getExecution('exec-1')) as Execution;
      expect(got).toStrictEqual(execution);
      expectSameShape(got, execution);
    });

    it('a string of exactly LIMITS.maxStringLength survives', async () => {
      const long = 'x'.repeat(LIMITS.maxStringLength - 1) + 'y';
      await session.adapter.saveExecution(makeExecution({ variables: { long } }));
      const got = (await session.adapter.getExecution('exec-1')) as Execution;
      expect(got.variables.long === long).toBe(true);
    });

    it.each([
      ['epoch', new Date(0)],
      ['before the epoch', new Date('1901-02-03T04:05:06.007Z')],
      ['far future', new Date('9999-12-31T23:59:59.999Z')],
      ['odd milliseconds', new Date(1_700_000_000_123)],
    ])('Date fields stay Dates with the same time: %s', async (_label, date) => {
      const execution = makeExecution({ created: date, updated: new Date(date.getTime() + 1) });
      const program = makeProgram({ created: date, updated: new Date(date.getTime() + 1) });
      await session.adapter.saveExecution(execution);
      await session.adapter.saveProgram(program);
      const reopened = await session.reopen();
      const gotExecution = (await reopened.getExecution('exec-1')) as Execution;
      const gotProgram = (await reopened.getProgram('prog-1')) as Program;
      expect(gotExecution).toStrictEqual(execution);
      expect(gotProgram).toStrictEqual(program);
      for (const got of [gotExecution, gotProgram]) {
        expect(got.created).toBeInstanceOf(Date);
        expect(got.created.getTime()).toBe(date.getTime());
        expect(got.updated).toBeInstanceOf(Date);
        expect(got.updated?.getTime()).toBe(date.getTime() + 1);
      }
    });

    it('strings with lone surrogates survive in values, keys, text fields, instructions, extra fields and output', async () => {
      const lone = ['\uD800', 'a\uDC00b', '\uDBFF\uDBFF\uDFFF', '😀'.slice(0, 1), '%u' + '\uD800' + '%25'];
      const keys = ownRecord(lone.map((text, i) => [text, i]));
      const execution = {
        ...makeExecution({ stack: [...lone], variables: keys }),
        error: lone[0],
        ccPrompt: lone[1],
        [lone[2]]: lone[3],
        answer: { nested: lone, [lone[4]]: { type: 'string' } },
      } as unknown as Execution;
      await expectExecutionLossless(session, execution);
      await expectProgramLossless(
        session,
        makeProgram({ name: lone[0], source: lone.join('|'), bytecode: [{ op: `PUSH${lone[1]}`, arg: { pattern: lone[2] } }, { op: 'HALT' }] }),
      );
      await session.adapter.appendOutput('exec-1', lone);
      await session.adapter.appendOutput('exec-1', ['plain']);
      expect(await session.adapter.getOutput('exec-1')).toStrictEqual([...lone, 'plain']);
      expect(await (await session.reopen()).getOutput('exec-1')).toStrictEqual([...lone, 'plain']);
    });

    it('created and updated stay distinct Dates (not one shared object)', async () => {
      const execution = makeExecution({ created: at(0), updated: at(0) });
      await session.adapter.saveExecution(execution);
      const got = (await session.adapter.getExecution('exec-1')) as Execution;
      expect(got).toStrictEqual(execution);
      got.created.setTime(5);
      expect(got.updated?.getTime()).toBe(at(0).getTime());
    });
  });
}
