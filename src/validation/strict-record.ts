import { validateSync, type ValidationError as ClassValidatorError } from 'class-validator';
import { StrictExecution } from './strict-schema/strict-execution';
import { StrictInstruction } from './strict-schema/strict-instruction';
import { StrictProgram } from './strict-schema/strict-program';
import { ValidationError, type ValidationIssue } from '../errors';
import type { Execution, Program } from '../types';
import { EXECUTION_FIELDS, fieldNames, INSTRUCTION_FIELDS, PROGRAM_FIELDS } from '../types/record-fields';
import { isPlainObject } from './cvm-value-check';
import { requireObject } from './compatible-record';
import { assertValidId } from './ids';

const PROGRAM_KEYS = fieldNames(PROGRAM_FIELDS);
const INSTRUCTION_KEYS = fieldNames(INSTRUCTION_FIELDS);
const EXECUTION_KEYS = fieldNames(EXECUTION_FIELDS);
/** `{ op, arg?, line? }`: the instruction fields, optional ones marked. */
const INSTRUCTION_SHAPE = `{ ${INSTRUCTION_KEYS.map((key) => (INSTRUCTION_FIELDS[key].required ? key : `${key}?`)).join(', ')} }`;

/**
 * Strict validation: checks a program against the strict schema's rules (the CVM value grammar, no
 * unknown fields) and returns it as a plain record holding only the known fields that are present.
 * Throws InvalidIdError for a bad id, ValidationError otherwise.
 */
export function validateStrictProgram(input: unknown): Program {
  const source = requireObject(input, 'Program');
  assertValidId(source.id, 'program id');
  const issues: ValidationIssue[] = [];
  const entity = fill(new StrictProgram(), source, PROGRAM_KEYS, '', issues);
  if (Array.isArray(source.bytecode)) {
    entity.bytecode = source.bytecode.map((item: unknown, index: number) => {
      if (isPlainObject(item)) return fill(new StrictInstruction(), item, INSTRUCTION_KEYS, `bytecode.${index}`, issues);
      issues.push({ path: `bytecode.${index}`, constraints: { isInstruction: `bytecode.${index} must be an object ${INSTRUCTION_SHAPE}` } });
      return new StrictInstruction();
    });
  }
  const program = finish('Program', entity, issues);
  // Plain instructions, so the result is itself a valid input (isPlainObject refuses class instances).
  return { ...program, bytecode: program.bytecode.map((instruction) => ({ ...instruction })) };
}

/** As validateStrictProgram, for an execution; `programId` is checked as an id too. */
export function validateStrictExecution(input: unknown): Execution {
  const source = requireObject(input, 'Execution');
  assertValidId(source.id, 'execution id');
  assertValidId(source.programId, 'programId');
  const issues: ValidationIssue[] = [];
  const entity = fill(new StrictExecution(), source, EXECUTION_KEYS, '', issues);
  return finish('Execution', entity, issues);
}

/** Copies the allowed keys of `source` onto `target`; every other key becomes an issue. */
function fill<T extends object>(
  target: T,
  source: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  issues: ValidationIssue[],
): T {
  for (const key of Object.keys(source)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (!allowed.includes(key)) {
      issues.push({ path: keyPath, constraints: { whitelistValidation: `property ${keyPath} should not exist` } });
    } else if (source[key] !== undefined) {
      (target as Record<string, unknown>)[key] = source[key];
    }
  }
  return target;
}

function finish<T extends object>(entity: string, record: T, issues: ValidationIssue[]): T {
  const errors = validateSync(record, {
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  for (const error of errors) flatten(error, '', issues);
  if (issues.length > 0) throw new ValidationError(entity, issues);
  return { ...record };
}

function flatten(error: ClassValidatorError, parent: string, issues: ValidationIssue[]): void {
  const path = parent ? `${parent}.${error.property}` : error.property;
  if (error.constraints) issues.push({ path, constraints: error.constraints });
  for (const child of error.children ?? []) flatten(child, path, issues);
}
