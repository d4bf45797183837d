import { documentToExecution, documentToProgram, executionToDocument, programToDocument } from '../codec/record-codec';
import type { Execution, Program } from '../types';
import { validateExecution, validateProgram } from '../validation/validate-record';
import type { RecordFormat } from './record-store';

export const PROGRAM_FORMAT: RecordFormat<Program> = {
  idField: 'program id',
  validate: validateProgram,
  toDocument: programToDocument,
  fromDocument: documentToProgram,
};

export const EXECUTION_FORMAT: RecordFormat<Execution> = {
  idField: 'execution id',
  validate: validateExecution,
  toDocument: executionToDocument,
  fromDocument: documentToExecution,
};
