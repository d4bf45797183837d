import { newExecution } from '../../src/testing';
import { validateExecution, validateProgram } from '../../src/validation';

describe('validateProgram / validateExecution', () => {
  it('return plain records that are themselves valid input', () => {
    const program = validateProgram({ id: 'p', name: 'n', source: '', bytecode: [{ op: 'PUSH', arg: 1 }], created: new Date(0) });
    expect(Object.getPrototypeOf(program)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(program.bytecode[0])).toBe(Object.prototype);
    expect(validateProgram(program)).toStrictEqual(program);

    const execution = validateExecution({ id: 'e', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {}, created: new Date(0) });
    expect(Object.getPrototypeOf(execution)).toBe(Object.prototype);
    expect(validateExecution(execution)).toStrictEqual(execution);
  });

  it('accept what newExecution builds: a READY execution at pc 0', () => {
    const created = new Date(5);
    const execution = newExecution('e', 'p', created);
    expect(execution).toStrictEqual({ id: 'e', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {}, created });
    expect(validateExecution(execution)).toStrictEqual(execution);
  });
});
