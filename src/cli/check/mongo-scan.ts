import type { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import { documentToExecution, documentToProgram } from '../../codec/record-codec';
import { decodeText } from '../../codec/text-codec';
import { CodecError } from '../../codec/value-codec';
import { Execution as ExecutionEntity, OutputChunk, Program as ProgramEntity } from '../../entities';
import { ValidationError } from '../../errors';
import { validateExecution, validateProgram } from '../../validation/validate-record';
import type { Problem } from './problems';

type RawDocument = Record<string, unknown> & { _id?: unknown };

/**
 * Reads every document of a MongoDB store raw (the adapter's list would stop at the first damaged
 * one) and reports damaged records, damaged or orphaned output chunks and a dangling current pointer.
 */
export async function scanMongoStore(adapter: MongoDBStorageAdapter): Promise<Problem[]> {
  const problems: Problem[] = [];
  await scanRecords(adapter, ProgramEntity, 'programs', (doc) => validateProgram(documentToProgram(doc), 'compatible'), problems);
  const valid = await scanRecords(adapter, ExecutionEntity, 'executions', (doc) => validateExecution(documentToExecution(doc), 'compatible'), problems);
  const chunks = (await adapter.connection.repository(OutputChunk).createCursor({}).toArray()) as RawDocument[];
  for (const chunk of chunks) {
    const location = `collection output_chunks, _id ${String(chunk._id)}`;
    const repair = { action: 'quarantine-document', collection: 'output_chunks', documentId: chunk._id } as const;
    if (!readableLines(chunk.lines)) problems.push({ kind: 'damaged-output', location, detail: 'lines is not an array of strings', repair });
    else if (typeof chunk.executionId !== 'string' || !valid.has(chunk.executionId)) {
      problems.push({ kind: 'orphan-output', location, detail: `no readable execution ${JSON.stringify(chunk.executionId)}`, repair });
    }
  }
  const current = await adapter.getCurrentExecutionId();
  if (current !== null && !valid.has(current)) {
    problems.push({ kind: 'dangling-current', location: 'collection metadata', detail: `the current execution ${current} does not exist or is damaged`, repair: { action: 'clear-current' } });
  }
  return problems;
}

async function scanRecords(
  adapter: MongoDBStorageAdapter,
  entity: typeof ProgramEntity | typeof ExecutionEntity,
  collection: string,
  check: (doc: RawDocument) => { id: string },
  problems: Problem[],
): Promise<Set<string>> {
  const valid = new Set<string>();
  const documents = (await adapter.connection.repository(entity).createCursor({}).toArray()) as RawDocument[];
  for (const document of documents) {
    const location = `collection ${collection}, _id ${String(document._id)}${typeof document.id === 'string' ? `, id ${JSON.stringify(document.id)}` : ''}`;
    try {
      valid.add(check(document).id);
    } catch (error) {
      if (!(error instanceof CodecError || error instanceof ValidationError)) throw error;
      problems.push({ kind: 'damaged-record', location, detail: `not valid: ${error.message}`, repair: { action: 'quarantine-document', collection, documentId: document._id } });
    }
  }
  return valid;
}

function readableLines(lines: unknown): boolean {
  if (!Array.isArray(lines)) return false;
  try {
    for (const line of lines) if (typeof line !== 'string') decodeText(line, 'line');
    return true;
  } catch {
    return false;
  }
}
