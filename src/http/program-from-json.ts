import { ValidationError, type ValidationIssue } from '../errors';
import type { Program } from '../types';
import { fieldNames, PROGRAM_FIELDS } from '../types/record-fields';
import { isPlainObject } from '../validation/cvm-value-check';
import { validateProgram } from '../validation/validate-record';
import { parseIsoDate } from './parse-iso-date';

const DATE_FIELDS = fieldNames(PROGRAM_FIELDS).filter((field) => PROGRAM_FIELDS[field].kind === 'date');

/**
 * A program from its JSON form, where `created` and `updated` are ISO 8601 strings: they become
 * Dates, then the whole program is validated. `defaults.created` fills a missing `created`.
 * Throws InvalidIdError for a bad id, else one ValidationError listing every failing field.
 */
export function programFromJson(json: unknown, defaults: { created?: Date } = {}): Program {
  if (!isPlainObject(json)) return validateProgram(json);
  const record: Record<string, unknown> = { ...json };
  if (record.created === undefined && defaults.created !== undefined) record.created = defaults.created;
  const dateIssues: ValidationIssue[] = [];
  for (const field of DATE_FIELDS) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const date = parseIsoDate(value);
    if (date === null) {
      dateIssues.push({ path: field, constraints: { isIsoDate: `${field} must be an ISO 8601 date-time string` } });
    } else {
      record[field] = date;
    }
  }
  let issues: ValidationIssue[] = [];
  try {
    const program = validateProgram(record);
    if (dateIssues.length === 0) return asPlainRecord(program);
  } catch (error) {
    if (!(error instanceof ValidationError) || dateIssues.length === 0) throw error;
    issues = error.issues;
  }
  const dated = new Set(dateIssues.map((issue) => issue.path));
  throw new ValidationError('Program', [...dateIssues, ...issues.filter((issue) => !dated.has(issue.path))]);
}

/** validateProgram returns the entity's Instruction instances; callers get plain data. */
function asPlainRecord(program: Program): Program {
  return { ...program, bytecode: program.bytecode.map((instruction) => ({ ...instruction })) };
}
