import fc from 'fast-check';
import type { CVMArray, CVMValue, Execution, Heap, HeapObject, Instruction, IteratorState, Program } from '../../../src/types';
import { EXECUTION_STATES } from '../../../src/types';
import { LIMITS } from '../../../src/validation/limits';
import { isValidId } from '../../../src/validation/ids';

/**
 * fast-check arbitraries for valid CVM data: any unicode (whole code points), empty and special
 * keys, every special number, Dates across the whole valid range, and now and then a chain of
 * containers as deep as validation allows. Records have only the optional fields they draw, so a
 * deep-equal round trip needs nothing to be dropped or added.
 */

/**
 * The deepest chain of CVM arrays and objects around a scalar that a stack, variable, heap,
 * return or argument value may hold: each level is two JavaScript containers (the tagged object
 * and its elements or properties), counted against LIMITS.maxDepth.
 */
export const MAX_VALID_CHAIN = Math.floor(LIMITS.maxDepth / 2);

const SPECIAL_STRINGS = ['', '\u0000', '\uFEFF', '\u2028\u2029', 'a\nb\r\n', '"\\\'', '𝄞☃é', '👩‍👩‍👧', 'NaN', '-0', '$where', '{"num":"NaN"}'];
const SPECIAL_KEYS = ['', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$where', '$gt', 'a.b', '.', '$', '0', '-1', 'type', 'num', 'obj', ' ', '\u0000', '𝄞'];

export const cvmString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1_000, maxLength: 5_000 }) },
);

export const cvmKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
);

export const cvmNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, -Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2),
);

const scalar: fc.Arbitrary<CVMValue> = fc.oneof(cvmString, cvmNumber, fc.boolean(), fc.constant(null), fc.constant({ type: 'undefined' } as const));

const ref: fc.Arbitrary<CVMValue> = fc.record({
  type: fc.constantFrom('array-ref' as const, 'object-ref' as const),
  id: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
});

/** An object built with defineProperty, so `__proto__` is an own key like any other. */
export function objectOf<T>(entries: [string, T][]): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [key, value] of entries) Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  return result;
}

function recordOf<T>(value: fc.Arbitrary<T>, maxKeys: number): fc.Arbitrary<Record<string, T>> {
  return fc.array(fc.tuple(cvmKey, value), { maxLength: maxKeys }).map(objectOf);
}

const { tree } = fc.letrec<{ tree: CVMValue; array: CVMValue; object: CVMValue }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', maxDepth: 12, withCrossShrink: true }, scalar, ref, tie('array'), tie('object')),
  array: fc
    .tuple(fc.array(tie('tree'), { maxLength: 5 }), fc.option(recordOf(tie('tree'), 3), { nil: undefined }))
    .map(([elements, properties]): CVMValue => (properties === undefined ? { type: 'array', elements } : { type: 'array', elements, properties })),
  object: recordOf(tie('tree'), 5).map((properties): CVMValue => ({ type: 'object', properties })),
}));

/** A chain of `length` nested CVM containers (arrays and objects alternating) around `leaf`. */
export function chain(length: number, leaf: CVMValue, key = 'k'): CVMValue {
  let value = leaf;
  for (let level = 0; level < length; level++) {
    value = level % 2 === 0 ? { type: 'array', elements: [value] } : { type: 'object', properties: objectOf([[key, value]]) };
  }
  return value;
}

const deep: fc.Arbitrary<CVMValue> = fc
  .tuple(fc.integer({ min: MAX_VALID_CHAIN - 8, max: MAX_VALID_CHAIN }), scalar, cvmKey)
  // A tagged leaf ({ type: 'undefined' }, a ref) is a container too.
  .map(([length, leaf, key]) => chain(typeof leaf === 'object' && leaf !== null ? length - 1 : length, leaf, key));

/** Any valid CVM value; one in twenty is a chain at or near the nesting limit. */
export const cvmValue: fc.Arbitrary<CVMValue> = fc.oneof({ weight: 19, arbitrary: tree }, { weight: 1, arbitrary: deep });

/** Dates anywhere in the valid range (years -271821 to 275760), most of them near now. */
export const date: fc.Arbitrary<Date> = fc.oneof(
  fc.date({ noInvalidDate: true }),
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
  fc.constantFrom(new Date(0), new Date(-1), new Date(8.64e15), new Date(-8.64e15)),
);

/** An iterator's array: itself one container deeper than a stack value, so its elements are shallow trees. */
const cvmArray: fc.Arbitrary<CVMArray> = fc
  .tuple(fc.array(tree, { maxLength: 4 }), fc.option(recordOf(tree, 2), { nil: undefined }))
  .map(([elements, properties]) => (properties === undefined ? { type: 'array', elements } : { type: 'array', elements, properties }));

const iterator: fc.Arbitrary<IteratorState> = fc.record({ array: cvmArray, index: fc.nat(), length: fc.nat() });

const heap: fc.Arbitrary<Heap> = fc.record({
  objects: fc
    .array(
      fc.tuple(
        fc.nat().map(String),
        fc.record({ type: fc.constantFrom('array' as const, 'object' as const), data: cvmValue }),
      ),
      { maxLength: 4 },
    )
    .map((entries) => objectOf<HeapObject>(entries) as unknown as Record<number, HeapObject>),
  nextId: fc.nat(),
});

/** Ids: often of the old alphabet (lengths 1 to 200), else any string isValidId accepts (spaces, slashes, control characters, any code point). */
export const id: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcXYZ019_.:-'), minLength: 1, maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('a', 'A', '/', '\\', '.', ' ', '%', '$', '\u0000', '\n', '\u00e9', '\u{1f600}'), minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
).filter(isValidId);

const instruction: fc.Arbitrary<Instruction> = fc.record(
  {
    op: fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }).filter((op) => op.length <= 64),
    arg: cvmValue,
    line: fc.nat(),
  },
  { requiredKeys: ['op'] },
);

export const program: fc.Arbitrary<Program> = fc.record(
  {
    id,
    name: fc.oneof(cvmString.filter((name) => name.length <= 1000), fc.constant('')),
    source: cvmString,
    bytecode: fc.array(instruction, { maxLength: 8 }),
    created: date,
    updated: date,
  },
  { requiredKeys: ['id', 'name', 'source', 'bytecode', 'created'] },
);

export const execution: fc.Arbitrary<Execution> = fc.record(
  {
    id,
    programId: id,
    state: fc.constantFrom(...EXECUTION_STATES),
    pc: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    stack: fc.array(cvmValue, { maxLength: 6 }),
    variables: recordOf(cvmValue, 6),
    iterators: fc.array(iterator, { maxLength: 3 }),
    heap,
    error: cvmString,
    ccPrompt: cvmString,
    returnValue: cvmValue,
    created: date,
    updated: date,
  },
  { requiredKeys: ['id', 'programId', 'state', 'pc', 'stack', 'variables', 'created'] },
);
