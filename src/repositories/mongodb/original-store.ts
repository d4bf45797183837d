import type { DataSource } from 'typeorm';
import { CorruptRecordError } from '../../errors';
import type { ClientSession, RawFilter } from './driver-types';

/**
 * What the original CVM storage package left in a database that this package reads too. Its
 * programs and executions sit in `programs` and `executions`, the collections this package uses
 * (read as format 0 by the codec); these two are its own:
 * - `outputs`: one document `{ executionId, lines }` per execution, its whole output;
 * - `metadata`: `{ _id: 'current', currentExecutionId }`, the current execution.
 */
export const ORIGINAL_OUTPUTS = 'outputs';
const ORIGINAL_METADATA = 'metadata';
// The original's `_id` is a string, which the driver's typings (ObjectId `_id`) do not foresee.
const ORIGINAL_CURRENT = { _id: 'current', key: { $exists: false } } as unknown as RawFilter;

/** Which of the original's documents a database holds, as found on connect. */
export interface OriginalDocuments {
  outputs: boolean;
  current: boolean;
}

export const NO_ORIGINAL_DOCUMENTS: OriginalDocuments = { outputs: false, current: false };

/** Two reads on connect, so that stores without the original's documents pay nothing per call. */
export async function findOriginalDocuments(dataSource: DataSource): Promise<OriginalDocuments> {
  const runner = dataSource.mongoManager.mongoQueryRunner;
  const [output] = await runner.cursor(ORIGINAL_OUTPUTS, {}).project({ _id: 1 }).limit(1).toArray();
  const [current] = await runner.cursor(ORIGINAL_METADATA, ORIGINAL_CURRENT).project({ _id: 1 }).limit(1).toArray();
  return { outputs: output !== undefined, current: current !== undefined };
}

/** The execution's lines in the original's `outputs`, [] when it has none there. */
export async function readOriginalOutput(dataSource: DataSource, executionId: string): Promise<string[]> {
  const [document] = await dataSource.mongoManager.mongoQueryRunner.cursor(ORIGINAL_OUTPUTS, { executionId }).project({ _id: 0, lines: 1 }).limit(1).toArray();
  if (document === undefined) return [];
  const lines: unknown = (document as { lines?: unknown }).lines;
  if (lines === undefined || lines === null) return [];
  return checkOriginalLines(lines, executionId);
}

/** An original `outputs` document's `lines`, or a CorruptRecordError when they are not all strings. */
export function checkOriginalLines(lines: unknown, executionId: string): string[] {
  if (!Array.isArray(lines) || !lines.every((line) => typeof line === 'string')) {
    throw new CorruptRecordError(originalOutputLocation(executionId), 'lines is not an array of strings');
  }
  return lines as string[];
}

export async function deleteOriginalOutput(dataSource: DataSource, executionId: string, session?: ClientSession): Promise<void> {
  await dataSource.mongoManager.mongoQueryRunner.deleteMany(ORIGINAL_OUTPUTS, { executionId }, session === undefined ? {} : { session });
}

export function originalOutputLocation(executionId: string): string {
  return `collection ${ORIGINAL_OUTPUTS}, executionId ${JSON.stringify(executionId)}`;
}

/**
 * The original's current execution: undefined when its document is gone (or was adopted), else
 * its value as the original read it (`currentExecutionId || null`).
 */
export async function readOriginalCurrent(dataSource: DataSource): Promise<string | null | undefined> {
  const stored = await readOriginalCurrentDocument(dataSource);
  return stored === undefined ? undefined : currentOf(stored);
}

async function readOriginalCurrentDocument(dataSource: DataSource): Promise<{ currentExecutionId?: unknown } | undefined> {
  const [document] = await dataSource.mongoManager.mongoQueryRunner.cursor(ORIGINAL_METADATA, ORIGINAL_CURRENT).limit(1).toArray();
  return document as { currentExecutionId?: unknown } | undefined;
}

function currentOf(document: { currentExecutionId?: unknown }): string | null {
  const value = document.currentExecutionId;
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new CorruptRecordError(`collection ${ORIGINAL_METADATA}, _id "current"`, 'currentExecutionId is not a string or null');
  return value;
}

/**
 * Turns the original's current-execution document into this package's setting `{ format, key,
 * value }` in place, so that every later change is one of this package's atomic updates. Does
 * nothing when the setting exists already (the unique key index refuses a second one) or the
 * original's document changed in between.
 */
export async function adoptOriginalCurrent(dataSource: DataSource, key: string, format: number, isDuplicateKey: (error: unknown) => boolean): Promise<void> {
  const stored = await readOriginalCurrentDocument(dataSource);
  if (stored === undefined) return;
  const value = currentOf(stored);
  const runner = dataSource.mongoManager.mongoQueryRunner;
  const filter = { ...ORIGINAL_CURRENT, currentExecutionId: stored.currentExecutionId ?? null };
  try {
    await runner.updateOne(ORIGINAL_METADATA, filter, { $set: { key, value, format }, $unset: { currentExecutionId: '' } });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}
