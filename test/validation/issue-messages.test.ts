/**
 * The issues default validation reports for each kind of declared field, and strict validation's
 * refusal of an instruction that is not an object: paths, constraint names and messages exactly.
 */
import { ValidationError } from '../../src/errors';
import { validateExecution, validateProgram } from '../../src/validation/validate-record';
import { makeExecution, makeProgram } from '../support/fixtures';

function issuesOf(validate: () => unknown): unknown {
  try {
    validate();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('not refused');
}

const one = (path: string, constraint: string, message: string) => [{ path, constraints: { [constraint]: message } }];

describe('default validation issues, by kind of field', () => {
  it.each([
    ['a name too long', { name: 'x'.repeat(1001) }, one('name', 'maxLength', 'name must be at most 1000 characters')],
    ['a source not a string', { source: 1 }, one('source', 'isString', 'source must be a string')],
    ['bytecode not an array', { bytecode: {} }, one('bytecode', 'isArray', 'bytecode must be an array')],
    ['an instruction not an object', { bytecode: [1] }, one('bytecode.0', 'isInstruction', 'bytecode.0 must be an object with a string op')],
    ['an instruction without op', { bytecode: [{ arg: 1 }] }, one('bytecode.0.op', 'isDefined', 'bytecode.0.op is required')],
    ['an empty op', { bytecode: [{ op: '' }] }, one('bytecode.0.op', 'length', 'bytecode.0.op must be 1 to 64 characters')],
    ['an invalid date', { created: new Date(NaN) }, one('created', 'isDate', 'created must be a valid Date, not Invalid Date')],
    ['updated not a date', { updated: 'x' }, one('updated', 'isDate', 'updated must be a Date')],
    ['no name and no source', { name: undefined, source: undefined }, [
      { path: 'name', constraints: { isDefined: 'name is required' } },
      { path: 'source', constraints: { isDefined: 'source is required' } },
    ]],
  ])('program: %s', (_case, change, issues) => {
    expect(issuesOf(() => validateProgram({ ...makeProgram(), ...change }))).toStrictEqual(issues);
  });

  it.each([
    ['a state not a string', { state: 1 }, one('state', 'isString', 'state must be a string')],
    ['an empty state', { state: '' }, one('state', 'length', 'state must be 1 to 64 characters')],
    ['a state with a lone surrogate', { state: '\ud800' }, one('state', 'isWellFormed', 'state must not hold a lone surrogate')],
    ['a negative pc', { pc: -1 }, one('pc', 'isNonNegativeInteger', 'pc must be a non-negative integer')],
    ['a stack not an array', { stack: {} }, one('stack', 'isArray', 'stack must be an array')],
    ['variables not a plain object', { variables: [] }, one('variables', 'isObject', 'variables must be a plain object')],
    ['no stack and no created', { stack: undefined, created: undefined }, [
      { path: 'stack', constraints: { isDefined: 'stack is required' } },
      { path: 'created', constraints: { isDefined: 'created is required' } },
    ]],
  ])('execution: %s', (_case, change, issues) => {
    expect(issuesOf(() => validateExecution({ ...makeExecution(), ...change }))).toStrictEqual(issues);
  });
});

describe('strict validation issues', () => {
  it('an instruction that is not an object names the instruction fields, and its op is checked as missing', () => {
    expect(issuesOf(() => validateProgram({ ...makeProgram(), bytecode: [{ op: 'PUSH' }, 'HALT'] }, 'strict'))).toStrictEqual([
      ...one('bytecode.1', 'isInstruction', 'bytecode.1 must be an object { op, arg?, line? }'),
      { path: 'bytecode.1.op', constraints: { isLength: 'op must be longer than or equal to 1 characters', isString: 'op must be a string' } },
    ]);
  });
});
