/**
 * The strict schema keeps its own class-validator decorators; this pins each class to the
 * declared record fields (src/types/record-fields.ts): one rule set per declared field, the rule
 * its kind calls for, and a skip when absent exactly for the optional ones.
 */
import { getMetadataStorage } from 'class-validator';
import { StrictExecution } from '../../src/validation/strict-schema/strict-execution';
import { StrictInstruction } from '../../src/validation/strict-schema/strict-instruction';
import { StrictProgram } from '../../src/validation/strict-schema/strict-program';
import {
  EXECUTION_FIELDS,
  INSTRUCTION_FIELDS,
  PROGRAM_FIELDS,
  type FieldDeclaration,
  type FieldKind,
} from '../../src/types/record-fields';

type Class = new () => object;

/** The class-validator rules strict validation applies to each kind of field (besides OptionalField). */
const RULES_OF_KIND: Record<FieldKind, string[]> = {
  id: ['isSafeId'],
  name: ['isString', 'isLength'],
  text: ['isString', 'maxLength'],
  op: ['isString', 'isLength'],
  state: ['isIn'],
  count: ['isInt', 'min'],
  date: ['isDate'],
  bytecode: ['isArray', 'nested'],
  'cvm-value': ['isCvmValue'],
  'cvm-list': ['isCvmList'],
  'cvm-record': ['isCvmRecord'],
  iterators: ['isCvmIterators'],
  heap: ['isCvmHeap'],
};

function rulesOf(schema: Class): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false)) {
    const name = metadata.type === 'customValidation' ? metadata.name : metadata.type === 'nestedValidation' ? 'nested' : metadata.type;
    rules.set(metadata.propertyName, [...(rules.get(metadata.propertyName) ?? []), name ?? metadata.type]);
  }
  return rules;
}

describe.each([
  ['StrictProgram', StrictProgram, PROGRAM_FIELDS],
  ['StrictInstruction', StrictInstruction, INSTRUCTION_FIELDS],
  ['StrictExecution', StrictExecution, EXECUTION_FIELDS],
] as [string, Class, Record<string, FieldDeclaration>][])('%s', (_name, schema, fields) => {
  it('has rules for exactly the declared fields, each the rules of its kind, skipped when absent exactly for the optional fields', () => {
    const actual = Object.fromEntries([...rulesOf(schema)].map(([name, rules]) => [name, [...rules].sort()]));
    const expected = Object.fromEntries(
      Object.entries(fields).map(([name, field]) => [name, [...RULES_OF_KIND[field.kind], ...(field.required ? [] : ['conditionalValidation'])].sort()]),
    );
    expect(actual).toStrictEqual(expected);
  });
});
