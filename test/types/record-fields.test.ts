/**
 * The record fields declared once (src/types/record-fields.ts). The `@ts-expect-error` lines fail
 * `npm run typecheck` if the declarations stopped being checked against the record types; the run
 * proves that the codec and both validation modes take their field lists from the declarations.
 */
import { executionToDocument, programToDocument, type ExecutionDocument, type ProgramDocument } from '../../src/codec/record-codec';
import { valueFields } from '../../src/codec/value-fields';
import type { Execution, Instruction, Program } from '../../src/types';
import { EXECUTION_FIELDS, fieldNames, INSTRUCTION_FIELDS, PROGRAM_FIELDS, type RecordFields } from '../../src/types/record-fields';
import { validateExecution, validateProgram } from '../../src/validation/validate-record';
import { makeFullExecution, makeProgram } from '../support/fixtures';

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type DocumentedKeys<D> = Exclude<keyof D, `~${string}` | 'format'>;

function typeErrorsStillHappen(): void {
  const { updated: _left, ...missing } = PROGRAM_FIELDS;
  // @ts-expect-error a field of Program without a declaration
  void (missing satisfies RecordFields<Program>);
  // @ts-expect-error a declaration of a field Program does not have
  void ({ ...PROGRAM_FIELDS, author: { kind: 'text', required: false } } satisfies RecordFields<Program>);
  // @ts-expect-error a field added to the type and not declared
  void (PROGRAM_FIELDS satisfies RecordFields<Program & { author: string }>);
  // @ts-expect-error an optional field declared required
  void ({ ...PROGRAM_FIELDS, updated: { kind: 'date', required: true } } satisfies RecordFields<Program>);
  // @ts-expect-error a required field declared optional
  void ({ ...EXECUTION_FIELDS, pc: { kind: 'count', required: false } } satisfies RecordFields<Omit<Execution, 'status' | 'output'>>);
  // @ts-expect-error a Date field declared as another kind
  void ({ ...PROGRAM_FIELDS, created: { kind: 'text', required: true } } satisfies RecordFields<Program>);
  // @ts-expect-error a field that is not a Date declared as a date
  void ({ ...INSTRUCTION_FIELDS, op: { kind: 'date', required: true } } satisfies RecordFields<Instruction>);
  // The stored documents' types name exactly the declared fields (besides `format` and the `~` extras).
  const programDocument: Equal<DocumentedKeys<ProgramDocument>, keyof typeof PROGRAM_FIELDS> = true;
  const executionDocument: Equal<DocumentedKeys<ExecutionDocument>, keyof typeof EXECUTION_FIELDS> = true;
  void [programDocument, executionDocument];
}

describe('the record fields, declared once', () => {
  it('compiles: the declarations are checked against the record types', () => {
    expect(typeof typeErrorsStillHappen).toBe('function');
  });

  it('the codec stores every declared field under its own name, the CVM data and loose ones encoded, any other field as an extra', () => {
    const execution = { ...makeFullExecution(), status: 'waiting_cc' } as Execution;
    const document = executionToDocument(execution) as unknown as Record<string, unknown>;
    expect(Object.keys(document).sort()).toStrictEqual(['format', ...fieldNames(EXECUTION_FIELDS), '~status'].sort());
    expect(valueFields(EXECUTION_FIELDS)).toStrictEqual(['stack', 'variables', 'iterators', 'heap', 'error', 'ccPrompt', 'returnValue']);
    expect(document.pc).toBe(execution.pc);

    const program = makeProgram({ updated: new Date(5), bytecode: [{ op: 'PUSH', arg: 1, line: 2 }] });
    const stored = programToDocument({ ...program, author: 'me' } as Program) as unknown as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toStrictEqual(['format', ...fieldNames(PROGRAM_FIELDS), '~author'].sort());
    expect(Object.keys((stored.bytecode as object[])[0]).sort()).toStrictEqual(fieldNames(INSTRUCTION_FIELDS).sort());
  });

  it('strict validation accepts exactly the declared fields', () => {
    expect(Object.keys(validateExecution(makeFullExecution(), 'strict')).sort()).toStrictEqual(fieldNames(EXECUTION_FIELDS).sort());
    expect(() => validateExecution({ ...makeFullExecution(), status: 'waiting_cc' }, 'strict')).toThrow('property status should not exist');
    const program = makeProgram({ updated: new Date(5), bytecode: [{ op: 'PUSH', arg: 1, line: 2 }] });
    expect(Object.keys(validateProgram(program, 'strict')).sort()).toStrictEqual(fieldNames(PROGRAM_FIELDS).sort());
    expect(Object.keys(validateProgram(program, 'strict').bytecode[0]).sort()).toStrictEqual(fieldNames(INSTRUCTION_FIELDS).sort());
  });

  it('default validation requires the required fields and checks the fields that are not loose', () => {
    const required = fieldNames(EXECUTION_FIELDS).filter((name) => EXECUTION_FIELDS[name].required);
    expect(() => validateExecution({ id: 'e', programId: 'p' })).toThrow(
      expect.objectContaining({ issues: required.filter((name) => name !== 'id' && name !== 'programId').map((path) => ({ path, constraints: { isDefined: `${path} is required` } })) }),
    );
    const loose = { ...makeFullExecution(), iterators: 1, heap: 'x', error: null, ccPrompt: 2, returnValue: [] } as unknown as Execution;
    expect(validateExecution(loose)).toStrictEqual(loose);
    expect(() => validateProgram({ ...makeProgram(), bytecode: [{ op: '', arg: {}, line: 'x' }] })).toThrow(
      expect.objectContaining({ issues: [{ path: 'bytecode.0.op', constraints: { length: 'bytecode.0.op must be 1 to 64 characters' } }] }),
    );
  });
});
