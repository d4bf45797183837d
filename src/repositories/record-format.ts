import { documentToExecution, documentToProgram, executionToDocument, programToDocument } from '../codec/record-codec';
import { CodecError } from '../codec/value-codec';
import { CorruptRecordError } from '../errors';
import type { Execution, Program } from '../types';
import { validateExecution, validateProgram } from '../validation/validate-record';
import { takeValidated } from '../validation/validated-copies';
import type { ValidationMode } from '../validation/validation-mode';

/** How one kind of record is checked and stored, the same on every backend. */
export interface RecordFormat<T> {
  /** How ids of this kind are named in errors, e.g. 'program id'. */
  idField: string;
  validate(input: unknown): T;
  toDocument(record: T): object;
  fromDocument(document: unknown): T;
}

export function programFormat(mode: ValidationMode = 'compatible'): RecordFormat<Program> {
  return {
    idField: 'program id',
    validate: (input) => (takeValidated(input) ? (input as Program) : validateProgram(input, mode)),
    toDocument: programToDocument,
    fromDocument: documentToProgram,
  };
}

export function executionFormat(mode: ValidationMode = 'compatible'): RecordFormat<Execution> {
  return {
    idField: 'execution id',
    validate: (input) => (takeValidated(input) ? (input as Execution) : validateExecution(input, mode)),
    toDocument: executionToDocument,
    fromDocument: documentToExecution,
  };
}

/**
 * The record a stored document holds. A document that does not decode, or (when `expectedId` is
 * given) holds another id than the one it is stored under, is a CorruptRecordError at `location`.
 */
export function decodeRecord<T extends { id: string }>(format: RecordFormat<T>, document: unknown, location: string, expectedId?: string): T {
  let record: T;
  try {
    record = format.fromDocument(document);
  } catch (error) {
    if (error instanceof CodecError) throw new CorruptRecordError(location, error.message, { cause: error });
    throw error;
  }
  if (expectedId !== undefined && record.id !== expectedId) throw new CorruptRecordError(location, `it holds id ${JSON.stringify(record.id)}`);
  return record;
}
