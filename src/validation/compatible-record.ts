import { ValidationError, type ValidationIssue } from '../errors';
import { isWellFormed } from '../codec/text-codec';
import type { Execution, Program } from '../types';
import { isPlainObject } from './cvm-value-check';
import { assertValidId } from './ids';
import { setOwn } from '../util/set-own';
import { fieldBytes, JsonCapture, stringBytes } from './json-value';
import { LIMITS } from './limits';

type Checked = { value: unknown } | { issue: ValidationIssue };

/** How default validation checks one documented field; every other field is any JSON-like value. */
interface FieldRule {
  required: boolean;
  check(value: unknown, path: string, capture: JsonCapture): Checked;
}

function issue(path: string, constraint: string, message: string): Checked {
  return { issue: { path, constraints: { [constraint]: message } } };
}

const id: FieldRule = { required: true, check: (value) => ({ value }) };

function text(maxLength: number): FieldRule {
  return {
    required: true,
    check(value, path) {
      if (typeof value !== 'string') return issue(path, 'isString', `${path} must be a string`);
      if (value.length > maxLength) return issue(path, 'maxLength', `${path} must be at most ${maxLength} characters`);
      return { value };
    },
  };
}

function date(required: boolean): FieldRule {
  return {
    required,
    check(value, path) {
      if (!(value instanceof Date)) return issue(path, 'isDate', `${path} must be a Date`);
      if (Number.isNaN(value.getTime())) return issue(path, 'isDate', `${path} must be a valid Date, not Invalid Date`);
      return { value: new Date(value.getTime()) };
    },
  };
}

/** A JSON-like value of the given kind; `items` checks each element of an array. */
function json(kind: 'array' | 'object', items?: (item: unknown, path: string) => Checked | null): FieldRule {
  return {
    required: true,
    check(value, path, capture) {
      const isKind = kind === 'array' ? Array.isArray(value) : isPlainObject(value);
      if (!isKind) return issue(path, kind === 'array' ? 'isArray' : 'isObject', `${path} must be ${kind === 'array' ? 'an array' : 'a plain object'}`);
      const captured = capture.capture(value, path);
      if ('issue' in captured || items === undefined) return captured;
      const list = captured.value as unknown[];
      for (let i = 0; i < list.length; i++) {
        const problem = items(list[i], `${path}.${i}`);
        if (problem !== null) return problem;
      }
      return captured;
    },
  };
}

function instruction(item: unknown, path: string): Checked | null {
  if (!isPlainObject(item)) return issue(path, 'isInstruction', `${path} must be an object with a string op`);
  const op = item.op;
  if (op === undefined) return issue(`${path}.op`, 'isDefined', `${path}.op is required`);
  if (typeof op !== 'string') return issue(`${path}.op`, 'isString', `${path}.op must be a string`);
  if (op.length < 1 || op.length > LIMITS.maxOpLength) {
    return issue(`${path}.op`, 'length', `${path}.op must be 1 to ${LIMITS.maxOpLength} characters`);
  }
  return null;
}

const PROGRAM_RULES: Record<string, FieldRule> = {
  id,
  name: text(LIMITS.maxNameLength),
  source: text(LIMITS.maxStringLength),
  bytecode: json('array', instruction),
  created: date(true),
  updated: date(false),
};

const EXECUTION_RULES: Record<string, FieldRule> = {
  id,
  programId: id,
  // Any state the VM names, as the original CVM storage kept it; queries and prune know the CVM's own.
  state: {
    required: true,
    check(value, path) {
      if (typeof value !== 'string') return issue(path, 'isString', `${path} must be a string`);
      if (value.length < 1 || value.length > LIMITS.maxStateLength) {
        return issue(path, 'length', `${path} must be 1 to ${LIMITS.maxStateLength} characters`);
      }
      if (!isWellFormed(value)) return issue(path, 'isWellFormed', `${path} must not hold a lone surrogate`);
      return { value };
    },
  },
  pc: {
    required: true,
    check: (value, path) =>
      typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
        ? { value }
        : issue(path, 'isNonNegativeInteger', `${path} must be a non-negative integer`),
  },
  stack: json('array'),
  variables: json('object'),
  created: date(true),
  updated: date(false),
};

/**
 * Default validation of a program: a valid id, `name` and `source` strings, `bytecode` an array
 * of objects with a string `op`, `created` (and `updated`, when present) a valid Date; every other
 * field, at any level, a bounded JSON-like value. Returns a checked copy that holds no reference
 * to the input. Throws InvalidIdError for a bad id, else one ValidationError listing each field.
 */
export function validateCompatibleProgram(input: unknown): Program {
  const source = requireObject(input, 'Program');
  assertValidId(source.id, 'program id');
  return copyRecord('Program', source, PROGRAM_RULES) as unknown as Program;
}

/** As validateCompatibleProgram, for an execution: ids, `state`, `pc`, `stack`, `variables`, dates. */
export function validateCompatibleExecution(input: unknown): Execution {
  const source = requireObject(input, 'Execution');
  assertValidId(source.id, 'execution id');
  assertValidId(source.programId, 'programId');
  return copyRecord('Execution', source, EXECUTION_RULES) as unknown as Execution;
}

export function requireObject(input: unknown, entity: string): Record<string, unknown> {
  if (!isPlainObject(input)) {
    throw new ValidationError(entity, [{ path: '', constraints: { isObject: `${entity.toLowerCase()} must be a plain object` } }]);
  }
  return input;
}

function copyRecord(entity: string, source: Record<string, unknown>, rules: Record<string, FieldRule>): Record<string, unknown> {
  const capture = new JsonCapture();
  const issues: ValidationIssue[] = [];
  const record: Record<string, unknown> = {};
  let largest = { field: '', bytes: 0 };
  for (const [field, rule] of Object.entries(rules)) {
    if (rule.required && source[field] === undefined) issues.push({ path: field, constraints: { isDefined: `${field} is required` } });
  }
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    const before = capture.bytes;
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    const checked = rule === undefined ? capture.capture(value, key) : rule.check(value, key, capture);
    if ('issue' in checked) {
      issues.push(checked.issue);
      continue;
    }
    setOwn(record, key, checked.value);
    if (capture.bytes === before) capture.bytes += scalarBytes(checked.value);
    capture.bytes += fieldBytes(key);
    if (capture.bytes - before > largest.bytes) largest = { field: key, bytes: capture.bytes - before };
  }
  const total = capture.bytes + RECORD_OVERHEAD_BYTES;
  if (issues.length === 0 && total > LIMITS.maxRecordBytes) {
    issues.push({
      path: largest.field,
      constraints: {
        maxRecordBytes: `the record takes about ${total} bytes stored, more than ${LIMITS.maxRecordBytes}; its largest field, ${largest.field}, takes ${largest.bytes}`,
      },
    });
  }
  if (issues.length > 0) throw new ValidationError(entity, issues);
  return record;
}

/** A stored document's own length and terminator, and MongoDB's `_id`. */
const RECORD_OVERHEAD_BYTES = 32;

/** Stored bytes of a field the rules checked without capturing: an id, a text, a state, `pc`, a Date. */
function scalarBytes(value: unknown): number {
  return typeof value === 'string' ? stringBytes(value) : 8;
}
