import { ValidationError } from '../errors';
import type { Execution, Program } from '../types';
import { validateCompatibleExecution, validateCompatibleProgram } from './compatible-record';
import { stringBytes } from './json-value';
import { LIMITS } from './limits';
import { loadStrictRecord } from './strict-record-loader';
import type { ValidationMode } from './validation-mode';

/**
 * Checks a program as a save does in `mode` and returns the record that would be stored: a copy
 * that shares nothing with `input`, so later changes to `input` cannot reach what is stored.
 * Throws InvalidIdError for a bad id, else one ValidationError listing every failing field.
 */
export function validateProgram(input: unknown, mode: ValidationMode = 'compatible'): Program {
  // Strict checks the caller's record, then the copy is taken (and checked as JSON-like again).
  return validateCompatibleProgram(mode === 'strict' ? loadStrictRecord().validateStrictProgram(input) : input);
}

/** As validateProgram, for an execution; `programId` is checked as an id too. */
export function validateExecution(input: unknown, mode: ValidationMode = 'compatible'): Execution {
  return validateCompatibleExecution(mode === 'strict' ? loadStrictRecord().validateStrictExecution(input) : input);
}

/** Output lines: an array of strings, each and all within the limits. */
export function validateOutputLines(lines: unknown): string[] {
  if (!Array.isArray(lines)) throw invalid('lines', 'isArray', 'lines must be an array of strings');
  let bytes = OUTPUT_OVERHEAD_BYTES;
  for (let i = 0; i < lines.length; i++) {
    const line: unknown = lines[i];
    if (typeof line !== 'string') throw invalid(`lines.${i}`, 'isString', `lines.${i} must be a string`);
    if (line.length > LIMITS.maxStringLength) {
      throw invalid(`lines.${i}`, 'maxLength', `lines.${i} is longer than ${LIMITS.maxStringLength} characters`);
    }
    bytes += LINE_OVERHEAD_BYTES + stringBytes(line);
  }
  if (bytes > LIMITS.maxRecordBytes) {
    throw invalid('lines', 'maxRecordBytes', `lines take about ${bytes} bytes stored, more than ${LIMITS.maxRecordBytes}: append them in several calls`);
  }
  return lines as string[];
}

/** An output chunk's own fields (`_id`, executionId, seq, created), and each line's element header. */
const OUTPUT_OVERHEAD_BYTES = 512;
const LINE_OVERHEAD_BYTES = 10;

function invalid(path: string, constraint: string, message: string): ValidationError {
  return new ValidationError('Output', [{ path, constraints: { [constraint]: message } }]);
}
