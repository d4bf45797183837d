import type { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import { documentToExecution, documentToProgram } from '../../codec/record-codec';
import { decodeText } from '../../codec/text-codec';
import { CodecError } from '../../codec/value-codec';
import { Execution as ExecutionEntity, OutputChunk, Program as ProgramEntity } from '../../entities';
import { CorruptRecordError, ValidationError } from '../../errors';
import { ORIGINAL_OUTPUTS } from '../../repositories/mongodb/original-store';
import { HISTORY_COLLECTION, entryOf } from '../../repositories/mongodb/history-repository';
import { validateExecution, validateProgram } from '../../validation/validate-record';
import { newerFormatDetail, newerFormatOf } from './newer-format';
import type { CheckHooks, Problem } from './problems';

type RawDocument = Record<string, unknown> & { _id?: unknown };

const CHECKS = {
  programs: (doc: RawDocument) => validateProgram(documentToProgram(doc), 'compatible'),
  executions: (doc: RawDocument) => validateExecution(documentToExecution(doc), 'compatible'),
} as const;

/**
 * Reads every document of a MongoDB store raw (the adapter's list would stop at the first damaged
 * one) and reports damaged records, damaged or orphaned output chunks (and documents of the
 * original package's `outputs`) and a dangling current
 * pointer. Orphans and the pointer are checked again at the end, so an execution inserted while
 * the scan ran is not reported missing; documents of a newer version are reported and left alone.
 */
export async function scanMongoStore(adapter: MongoDBStorageAdapter, hooks: CheckHooks = {}): Promise<Problem[]> {
  const problems: Problem[] = [];
  await hooks.at?.('read', 'programs');
  await scanRecords(adapter, ProgramEntity, 'programs', CHECKS.programs, problems);
  await hooks.at?.('read', 'executions');
  const present = await scanRecords(adapter, ExecutionEntity, 'executions', CHECKS.executions, problems);
  await hooks.at?.('read', 'output_chunks');
  const chunks = (await adapter.connection.repository(OutputChunk).createCursor({}).toArray()) as RawDocument[];
  const orphans: Problem[] = [];
  for (const chunk of chunks) {
    const location = `collection output_chunks, _id ${String(chunk._id)}`;
    const repair = { action: 'quarantine-document', collection: 'output_chunks', documentId: chunk._id } as const;
    const newer = newerFormatOf(chunk);
    if (newer !== null) problems.push({ kind: 'newer-format', location, detail: newerFormatDetail(newer), repair: { action: 'none' } });
    else if (chunkProblem(chunk) !== null) problems.push({ kind: 'damaged-output', location, detail: chunkProblem(chunk) as string, repair });
    else if (typeof chunk.executionId !== 'string') problems.push({ kind: 'orphan-output', location, detail: `no readable execution ${JSON.stringify(chunk.executionId)}`, repair });
    else if (!present.has(chunk.executionId)) {
      orphans.push({ kind: 'orphan-output', location, detail: `no readable execution ${JSON.stringify(chunk.executionId)}`, repair: { ...repair, executionId: chunk.executionId } });
    }
  }
  await hooks.at?.('read', ORIGINAL_OUTPUTS);
  for (const document of await originalOutputDocuments(adapter)) {
    const location = `collection ${ORIGINAL_OUTPUTS}, _id ${String(document._id)}`;
    const repair = { action: 'quarantine-document', collection: ORIGINAL_OUTPUTS, documentId: document._id } as const;
    if (!originalLinesReadable(document.lines)) problems.push({ kind: 'damaged-output', location, detail: 'lines is not an array of strings', repair });
    else if (typeof document.executionId !== 'string') problems.push({ kind: 'orphan-output', location, detail: `no readable execution ${JSON.stringify(document.executionId)}`, repair });
    else if (!present.has(document.executionId)) {
      orphans.push({ kind: 'orphan-output', location, detail: `no readable execution ${JSON.stringify(document.executionId)}`, repair: { ...repair, executionId: document.executionId } });
    }
  }
  await hooks.at?.('read', HISTORY_COLLECTION);
  scanHistory(await historyDocuments(adapter), present, problems, orphans);
  for (const orphan of orphans) {
    if (!(await mongoExecutionPresent(adapter, (orphan.repair as { executionId: string }).executionId))) problems.push(orphan);
  }
  const current = await adapter.getCurrentExecutionId();
  if (current !== null && !present.has(current) && !(await mongoExecutionPresent(adapter, current))) {
    problems.push({
      kind: 'dangling-current',
      location: 'collection metadata',
      detail: `the current execution ${current} does not exist or is damaged`,
      repair: { action: 'clear-current', executionId: current },
    });
  }
  return problems;
}

/** Whether the execution is stored now: readable, or written by a newer version. */
export async function mongoExecutionPresent(adapter: MongoDBStorageAdapter, id: string): Promise<boolean> {
  const document = (await adapter.connection.repository(ExecutionEntity).createCursor({ id }).limit(1).toArray())[0] as RawDocument | undefined;
  return document !== undefined && recordProblem(document, CHECKS.executions) === null;
}

/** Whether a document scanned as damaged still is: a writer may have replaced it since. */
export function stillDamaged(collection: string, document: RawDocument): boolean {
  if (collection === 'programs' || collection === 'executions') return recordProblem(document, CHECKS[collection]) !== null;
  if (collection === ORIGINAL_OUTPUTS) return !originalLinesReadable(document.lines) || typeof document.executionId !== 'string';
  if (collection === HISTORY_COLLECTION) return newerFormatOf(document) === null && historyProblem(document) !== null;
  return newerFormatOf(document) === null && (chunkProblem(document) !== null || typeof document.executionId !== 'string');
}

/** Why the record is damaged; null when it is readable or written by a newer version. */
function recordProblem(document: RawDocument, check: (doc: RawDocument) => { id: string }): string | null {
  if (newerFormatOf(document) !== null) return null;
  try {
    check(document);
    return null;
  } catch (error) {
    if (!(error instanceof CodecError || error instanceof ValidationError)) throw error;
    return `not valid: ${error.message}`;
  }
}

async function scanRecords(
  adapter: MongoDBStorageAdapter,
  entity: typeof ProgramEntity | typeof ExecutionEntity,
  collection: string,
  check: (doc: RawDocument) => { id: string },
  problems: Problem[],
): Promise<Set<string>> {
  const present = new Set<string>();
  const documents = (await adapter.connection.repository(entity).createCursor({}).toArray()) as RawDocument[];
  for (const document of documents) {
    const location = `collection ${collection}, _id ${String(document._id)}${typeof document.id === 'string' ? `, id ${JSON.stringify(document.id)}` : ''}`;
    const newer = newerFormatOf(document);
    const problem = recordProblem(document, check);
    if (newer !== null) {
      // Kept as present: its output is not an orphan, a pointer to it does not dangle.
      problems.push({ kind: 'newer-format', location, detail: newerFormatDetail(newer), repair: { action: 'none' } });
      if (typeof document.id === 'string') present.add(document.id);
    } else if (problem !== null) {
      problems.push({ kind: 'damaged-record', location, detail: problem, repair: { action: 'quarantine-document', collection, documentId: document._id } });
    } else {
      present.add(String(document.id));
    }
  }
  return present;
}

/** The original package's output documents, `{ executionId, lines }` (none in a database it never wrote). */
async function originalOutputDocuments(adapter: MongoDBStorageAdapter): Promise<RawDocument[]> {
  return (await adapter.connection.source.mongoManager.mongoQueryRunner.cursor(ORIGINAL_OUTPUTS, {}).toArray()) as RawDocument[];
}

/** As the adapter reads the original's lines: absent, null, or an array of strings. */
function originalLinesReadable(lines: unknown): boolean {
  return lines === undefined || lines === null || (Array.isArray(lines) && lines.every((line) => typeof line === 'string'));
}

/**
 * Why an output chunk cannot be read or appended to: lines that are not strings, or counts that
 * disagree with them (`n`, and `end - first`; output-buckets.ts); null when it is sound.
 */
function chunkProblem(chunk: RawDocument): string | null {
  if (!readableLines(chunk.lines)) return 'lines is not an array of strings';
  const count = (chunk.lines as unknown[]).length;
  for (const field of ['first', 'end', 'n'] as const) {
    const value = chunk[field];
    if (value !== undefined && value !== null && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) return `${field} ${JSON.stringify(value)} is not a whole number`;
  }
  if (typeof chunk.n === 'number' && chunk.n !== count) return `n is ${chunk.n}, but it holds ${count} lines`;
  if (typeof chunk.first === 'number' && typeof chunk.end === 'number' && chunk.end - chunk.first !== count) return `end - first is ${chunk.end - chunk.first}, but it holds ${count} lines`;
  return null;
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

function historyDocuments(adapter: MongoDBStorageAdapter): Promise<RawDocument[]> {
  return adapter.connection.source.mongoManager.mongoQueryRunner.cursor(HISTORY_COLLECTION, {}).toArray() as Promise<RawDocument[]>;
}

/**
 * History entries: one that does not decode is damaged; one whose execution the scan did not find
 * is orphan history (checked again with the other orphans); --repair moves either into quarantine.
 */
function scanHistory(documents: RawDocument[], present: ReadonlySet<string> | ReadonlyMap<string, unknown>, problems: Problem[], orphans: Problem[]): void {
  for (const document of documents) {
    const location = `collection ${HISTORY_COLLECTION}, _id ${String(document._id)}`;
    const repair = { action: 'quarantine-document', collection: HISTORY_COLLECTION, documentId: document._id } as const;
    const executionId = document.executionId;
    const newer = newerFormatOf(document);
    if (newer !== null) {
      problems.push({ kind: 'newer-format', location, detail: newerFormatDetail(newer), repair: { action: 'none' } });
      continue;
    }
    const damage = historyProblem(document);
    if (damage !== null || typeof executionId !== 'string') {
      problems.push({ kind: 'damaged-history', location, detail: damage ?? 'its executionId is not a string', repair });
      continue;
    }
    if (!present.has(executionId)) orphans.push({ kind: 'orphan-history', location, detail: `history of no readable execution ${JSON.stringify(executionId)}`, repair: { ...repair, executionId } });
  }
}

/** Why a history document is damaged; null when it decodes. */
function historyProblem(document: RawDocument): string | null {
  if (typeof document.executionId !== 'string') return 'its executionId is not a string';
  try {
    entryOf(document, document.executionId);
    return null;
  } catch (error) {
    if (!(error instanceof CorruptRecordError)) throw error;
    return error.message;
  }
}
