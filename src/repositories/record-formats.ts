import { documentToExecution, documentToProgram, executionToDocument, programToDocument } from '../codec/record-codec';
import type { Execution, Program } from '../types';
import { validateExecution, validateProgram } from '../validation/validate-record';
import type { ValidationMode } from '../validation/validation-mode';
import type { RecordFormat } from './record-store';

export function programFormat(mode: ValidationMode = 'compatible'): RecordFormat<Program> {
  return {
    idField: 'program id',
    validate: (input) => validateProgram(input, mode),
    toDocument: programToDocument,
    fromDocument: documentToProgram,
  };
}

export function executionFormat(mode: ValidationMode = 'compatible'): RecordFormat<Execution> {
  return {
    idField: 'execution id',
    validate: (input) => validateExecution(input, mode),
    toDocument: executionToDocument,
    fromDocument: documentToExecution,
  };
}
