import { chmodSync, cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import type { Db } from 'mongodb';
import type { StorageAdapter } from '../../src';
import type { Execution, Program } from '../../src/types';
import { byCreatedThenId } from '../../src/util/order-records';

/** Stores the original CVM storage package wrote (see test/fixtures/original-stores/README.md). */
export const ORIGINAL_STORES = path.join(__dirname, '..', 'fixtures', 'original-stores');

/** What the original adapter read back from one of its stores. */
export interface OriginalReads {
  programs: Program[];
  executions: Execution[];
  outputs: Record<string, string[]>;
  current: string | null;
}

/** `expected/<backend>.json`, Dates and numbers revived from Extended JSON. */
export function originalReads(backend: 'file' | 'mongodb'): OriginalReads {
  const text = readFileSync(path.join(ORIGINAL_STORES, 'expected', `${backend}.json`), 'utf8');
  return EJSON.parse(text, { relaxed: true }) as OriginalReads;
}

/** Copies the original's file store (`file/`), or `from`, into `dir`, writable. */
export function copyOriginalFileStore(dir: string, from = path.join(ORIGINAL_STORES, 'file')): void {
  cpSync(from, dir, { recursive: true });
  makeWritable(dir);
}

function makeWritable(target: string): void {
  const stats = statSync(target);
  chmodSync(target, stats.isDirectory() ? 0o755 : 0o644);
  if (stats.isDirectory()) for (const name of readdirSync(target)) makeWritable(path.join(target, name));
}

/** Loads the original's MongoDB dump into `db`: the listed indexes, then every document. */
export async function loadOriginalMongoDump(db: Db, folder = path.join(ORIGINAL_STORES, 'mongodb')): Promise<void> {
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.jsonl'))) {
    const collection = name.slice(0, -'.jsonl'.length);
    if (collection.startsWith('system')) continue;
    const indexes = JSON.parse(readFileSync(path.join(folder, `${collection}.indexes.json`), 'utf8')) as { key: Record<string, 1 | -1>; name: string; unique?: boolean }[];
    await db.createCollection(collection);
    for (const index of indexes) {
      if (index.name !== '_id_') await db.collection(collection).createIndex(index.key, { name: index.name, unique: index.unique });
    }
    const documents = readFileSync(path.join(folder, name), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => EJSON.parse(line, { relaxed: false }) as Record<string, unknown>);
    if (documents.length > 0) await db.collection(collection).insertMany(documents);
  }
}

/** The original's list, in this package's list order (created, then id). */
export function inListOrder<T extends { id: string; created: Date }>(records: T[]): T[] {
  return [...records].sort(byCreatedThenId);
}

/** Every read the original makes of its store, as this package makes it, for deep comparison with `expected/`. */
export async function readLikeTheOriginal(storage: StorageAdapter, expected: OriginalReads) {
  const outputs: Record<string, string[]> = {};
  for (const id of Object.keys(expected.outputs)) outputs[id] = await storage.getOutput(id);
  return {
    programs: await storage.listPrograms(),
    executions: await storage.listExecutions(),
    outputs,
    current: await storage.getCurrentExecutionId(),
  };
}

export function expectedReads(expected: OriginalReads) {
  return {
    programs: inListOrder(expected.programs),
    executions: inListOrder(expected.executions),
    outputs: expected.outputs,
    current: expected.current,
  };
}

/** `own/expected.json`: what the original reads back from `own/store/` (written by `own/write-store.cjs`). */
export function ownStoreReads(): OriginalReads {
  const parsed = JSON.parse(readFileSync(path.join(ORIGINAL_STORES, 'own', 'expected.json'), 'utf8')) as OriginalReads;
  const withDates = <T extends { created: Date; updated?: Date }>(record: T): T => ({
    ...record,
    created: new Date(record.created),
    ...(record.updated === undefined ? {} : { updated: new Date(record.updated) }),
  });
  return { ...parsed, programs: parsed.programs.map(withDates), executions: parsed.executions.map(withDates) };
}

export const OWN_STORE = path.join(ORIGINAL_STORES, 'own', 'store');
