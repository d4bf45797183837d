import { ValidationError, type ValidationIssue } from '../errors';
import { isWellFormed } from '../codec/text-codec';
import type { Execution, Program } from '../types';
import { EXECUTION_FIELDS, INSTRUCTION_FIELDS, PROGRAM_FIELDS, type FieldDeclaration, type FieldKind } from '../types/record-fields';
import { isPlainObject } from './cvm-value-check';
import { assertValidId } from './ids';
import { setOwn } from '../util/set-own';
import { fieldBytes, JsonCapture, stringBytes } from './json-value';
import { LIMITS } from './limits';

type Checked = { value: unknown } | { issue: ValidationIssue };

/** How default validation checks one documented field's value; every other field is any JSON-like value. */
type Check = (value: unknown, path: string, capture: JsonCapture) => Checked;

interface FieldRule {
  required: boolean;
  check: Check;
}

function issue(path: string, constraint: string, message: string): Checked {
  return { issue: { path, constraints: { [constraint]: message } } };
}

/** Ids are checked before the fields (assertValidId), with their own error. */
const id: Check = (value) => ({ value });

function text(maxLength: number): Check {
  return (value, path) => {
    if (typeof value !== 'string') return issue(path, 'isString', `${path} must be a string`);
    if (value.length > maxLength) return issue(path, 'maxLength', `${path} must be at most ${maxLength} characters`);
    return { value };
  };
}

/** A string of 1 to `maxLength` characters; `wellFormed`: with no lone surrogate. */
function shortText(maxLength: number, wellFormed: boolean): Check {
  return (value, path) => {
    if (typeof value !== 'string') return issue(path, 'isString', `${path} must be a string`);
    if (value.length < 1 || value.length > maxLength) return issue(path, 'length', `${path} must be 1 to ${maxLength} characters`);
    if (wellFormed && !isWellFormed(value)) return issue(path, 'isWellFormed', `${path} must not hold a lone surrogate`);
    return { value };
  };
}

const count: Check = (value, path) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? { value }
    : issue(path, 'isNonNegativeInteger', `${path} must be a non-negative integer`);

const date: Check = (value, path) => {
  if (!(value instanceof Date)) return issue(path, 'isDate', `${path} must be a Date`);
  if (Number.isNaN(value.getTime())) return issue(path, 'isDate', `${path} must be a valid Date, not Invalid Date`);
  return { value: new Date(value.getTime()) };
};

/** A JSON-like value of the given kind; `items` checks each element of an array. */
function json(kind: 'array' | 'object', items?: (item: unknown, path: string) => Checked | null): Check {
  return (value, path, capture) => {
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
  };
}

/** The first problem of one (captured) instruction: an object whose checked fields hold what they declare. */
function instruction(item: unknown, path: string): Checked | null {
  if (!isPlainObject(item)) return issue(path, 'isInstruction', `${path} must be an object with a string op`);
  for (const [field, rule] of INSTRUCTION_RULES) {
    const value = item[field];
    if (value === undefined) {
      if (rule.required) return issue(`${path}.${field}`, 'isDefined', `${path}.${field} is required`);
      continue;
    }
    const checked = rule.check(value, `${path}.${field}`, NOT_CAPTURED);
    if ('issue' in checked) return checked;
  }
  return null;
}

/** What default validation checks of each kind of field; a kind without a check holds any JSON-like value. */
const KIND_CHECKS: { readonly [K in FieldKind]?: Check } = {
  id,
  name: text(LIMITS.maxNameLength),
  text: text(LIMITS.maxStringLength),
  op: shortText(LIMITS.maxOpLength, false),
  // Any state the VM names, as the original CVM storage kept it; queries and prune know the CVM's own.
  state: shortText(LIMITS.maxStateLength, true),
  count,
  date,
  bytecode: json('array', instruction),
  'cvm-list': json('array'),
  'cvm-record': json('object'),
};

/** The rules of a record kind's checked fields (not loose, of a kind with a check), in declaration order. */
function rulesOf(fields: Readonly<Record<string, FieldDeclaration>>): Map<string, FieldRule> {
  const rules = new Map<string, FieldRule>();
  for (const [name, field] of Object.entries(fields)) {
    const check = field.loose ? undefined : KIND_CHECKS[field.kind];
    if (check !== undefined) rules.set(name, { required: field.required, check });
  }
  return rules;
}

/** Instructions are checked inside the captured bytecode, so their checks never capture: none of their kinds does. */
const NOT_CAPTURED = new JsonCapture();
const INSTRUCTION_RULES = [...rulesOf(INSTRUCTION_FIELDS)];
const PROGRAM_RULES = rulesOf(PROGRAM_FIELDS);
const EXECUTION_RULES = rulesOf(EXECUTION_FIELDS);

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

function copyRecord(entity: string, source: Record<string, unknown>, rules: ReadonlyMap<string, FieldRule>): Record<string, unknown> {
  const capture = new JsonCapture();
  const issues: ValidationIssue[] = [];
  const record: Record<string, unknown> = {};
  let largest = { field: '', bytes: 0 };
  for (const [field, rule] of rules) {
    if (rule.required && source[field] === undefined) issues.push({ path: field, constraints: { isDefined: `${field} is required` } });
  }
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    const before = capture.bytes;
    const rule = rules.get(key);
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
