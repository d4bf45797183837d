import { InvalidIdError, ValidationError } from '../../src/errors';
import * as defaults from '../../src/testing/storage-contract/default-validation-cases';
import { REFUSED_IDS } from '../../src/testing/storage-contract/id-cases';
import { BAD_LINES } from '../../src/testing/storage-contract/output-validation-cases';
import { makeExecution, makeProgram, without } from '../../src/testing/storage-contract/records';
import type { BadRecord, RecordKind } from '../../src/testing/storage-contract/rejections';
import * as strict from '../../src/testing/storage-contract/strict-validation-cases';
import { badValueCases } from '../../src/testing/storage-contract/strict-value-grammar-cases';
import { assertValidId, isValidId } from '../../src/validation/ids';
import { validateExecution, validateOutputLines, validateProgram } from '../../src/validation/validate-record';
import type { ValidationMode } from '../../src/validation/validation-mode';

// Every case of the storage contract's validation tables, against the validators themselves. The
// contract runs a few per rule on each backend, to prove the backend calls them and stores nothing
// on a refusal.

const ID = 'fresh';

function validate(kind: RecordKind, record: unknown, mode: ValidationMode): unknown {
  return kind === 'program' ? validateProgram(record, mode) : validateExecution(record, mode);
}

/** The ValidationError `attempt` throws; each issue names a path and at least one constraint. */
function validationErrorOf(attempt: () => unknown): ValidationError {
  let error: unknown;
  try {
    attempt();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
  for (const issue of (error as ValidationError).issues) {
    expect(typeof issue.path).toBe('string');
    expect(Object.keys(issue.constraints).length).toBeGreaterThan(0);
  }
  return error as ValidationError;
}

/** Expects a ValidationError with an issue at `path` or below it, as the contract's expectValidationError. */
function expectRefusedAt(attempt: () => unknown, path: string): ValidationError {
  const error = validationErrorOf(attempt);
  const pattern = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.|$)`);
  expect(error.issues.map((issue) => issue.path)).toContainEqual(expect.stringMatching(pattern));
  return error;
}

describe('default validation, every case of the contract', () => {
  it.each(defaults.notJsonCases(false))('refuses %s in %s', (_label, _where, kind, bad, path) => {
    expectRefusedAt(() => validate(kind, bad(ID), 'compatible'), path);
  });

  // The largest of these walks two million values: more than jest's 30 s on a busy 2-core machine.
  it.each([
    ...defaults.BAD_PROGRAMS.map(([label, bad, path]): [string, RecordKind, BadRecord, string] => [label, 'program', bad, path]),
    ...defaults.BAD_EXECUTIONS.map(([label, bad, path]): [string, RecordKind, BadRecord, string] => [label, 'execution', bad, path]),
  ])('refuses %s (a %s)', (_label, kind, bad, path) => {
    expectRefusedAt(() => validate(kind, bad(ID), 'compatible'), path);
  }, 120_000);

  it.each(defaults.REQUIRED_PROGRAM_FIELDS)('refuses a program without %s with "<field> is required"', (field) => {
    const error = expectRefusedAt(() => validateProgram(without(makeProgram(), field)), field);
    expect(error.message).toContain(`${field} is required`);
  });

  it.each(defaults.REQUIRED_EXECUTION_FIELDS)('refuses an execution without %s with "<field> is required"', (field) => {
    const error = expectRefusedAt(() => validateExecution(without(makeExecution(), field)), field);
    expect(error.message).toContain(`${field} is required`);
  });

  it.each(defaults.STRICT_ONLY)('accepts %s, which strict validation refuses', (_label, kind, record) => {
    expect(() => validate(kind, record, 'compatible')).not.toThrow();
    validationErrorOf(() => validate(kind, record, 'strict'));
  });
});

describe('strict validation, every case of the contract', () => {
  it.each([
    ...strict.BAD_PROGRAMS.map(([label, bad, path]): [string, RecordKind, BadRecord, string] => [label, 'program', bad, path]),
    ...strict.BAD_EXECUTIONS.map(([label, bad, path]): [string, RecordKind, BadRecord, string] => [label, 'execution', bad, path]),
  ])('refuses %s (a %s)', (_label, kind, bad, path) => {
    expectRefusedAt(() => validate(kind, bad(ID), 'strict'), path);
  });

  it.each(badValueCases(false))('refuses %s in %s', (_label, _where, kind, bad, path) => {
    expectRefusedAt(() => validate(kind, bad(ID), 'strict'), path);
  });

  it.each(strict.NOT_RECORDS)('refuses %s as a program and as an execution', (_label, value) => {
    for (const mode of ['strict', 'compatible'] as const) {
      validationErrorOf(() => validateProgram(value, mode));
      validationErrorOf(() => validateExecution(value, mode));
    }
  });
});

describe('output validation, every case of the contract', () => {
  it.each(BAD_LINES)('refuses %s', (_label, lines, path) => {
    expectRefusedAt(() => validateOutputLines(lines()), path);
  });
});

describe('the id check, every refused id of the contract', () => {
  it.each(REFUSED_IDS)('refuses %s with InvalidIdError naming the field', (_label, id) => {
    expect(isValidId(id)).toBe(false);
    let error: unknown;
    try {
      assertValidId(id, 'programId');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidIdError);
    expect(error).toMatchObject({ code: 'INVALID_ID', field: 'programId' });
  });
});
