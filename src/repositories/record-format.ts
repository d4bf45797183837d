import { documentToExecution, documentToProgram, executionToDocument, programToDocument } from '../codec/record-codec';
import { CodecError } from '../codec/value-codec';
import { CorruptRecordError } from '../errors';
import type { Execution, Program } from '../types';

/**
 * How one kind of record is stored, the same on every backend: a checked record (the adapter
 * validated it) becomes a document, and a stored document a record again.
 */
export interface RecordCodec<T> {
  /** How ids of this kind are named in errors, e.g. 'program id'. */
  idField: string;
  toDocument(record: T): object;
  fromDocument(document: unknown): T;
}

export const programCodec: RecordCodec<Program> = { idField: 'program id', toDocument: programToDocument, fromDocument: documentToProgram };

export const executionCodec: RecordCodec<Execution> = { idField: 'execution id', toDocument: executionToDocument, fromDocument: documentToExecution };

/**
 * The record a stored document holds. A document that does not decode, or (when `expectedId` is
 * given) holds another id than the one it is stored under, is a CorruptRecordError at `location`.
 */
export function decodeRecord<T extends { id: string }>(codec: RecordCodec<T>, document: unknown, location: string, expectedId?: string): T {
  let record: T;
  try {
    record = codec.fromDocument(document);
  } catch (error) {
    if (error instanceof CodecError) throw new CorruptRecordError(location, error.message, { cause: error });
    throw error;
  }
  if (expectedId !== undefined && record.id !== expectedId) throw new CorruptRecordError(location, `it holds id ${JSON.stringify(record.id)}`);
  return record;
}
