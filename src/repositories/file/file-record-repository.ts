import { AlreadyExistsError, ConflictError } from '../../errors';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { byCreatedThenId } from '../../util/order-records';
import { expectedRevisionOf } from '../../validation/expected-revision';
import { assertValidId } from '../../validation/ids';
import { decodeRecord, type RecordFormat } from '../record-format';
import { FirstByPosition, isAfter, matchesQuery, parseRecordQuery, toPage, type QueryFields, type RecordPage, type RecordQuery } from '../record-query';
import type { RecordRepository, Revisioned, SaveOptions } from '../record-repository';
import { createFileDurably, removeFileDurably, writeFileDurably } from './durable-fs';
import { withFileLock } from './file-lock';
import type { FileStore, Folder } from './file-store';
import { recordText, storedRevision } from './stored-revision';

const READ_CONCURRENCY = 32;
/** How many record files a query reads before it lets go of their documents. */
const QUERY_CHUNK = 256;

type StoredRecord = { id: string; created: Date };

/** A record file a query matched: its query fields, and its document, decoded only if it makes the page. */
export interface QueryEntry extends QueryFields {
  file: string;
  document: unknown;
  decoded?: unknown;
}

/** A stored ISO date string as a Date; null when it is not one. */
function readDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The file backend's repository of one kind of record, each in its own JSON file in `folder`,
 * built on that kind's abstract repository (ProgramRepository or ExecutionRepository), so that
 * an instance is one and can be injected as one. Every change of a record file holds its lock
 * (file-lock.ts), so its revision counts every save, across processes too.
 */
export function fileRecordRepository<T extends StoredRecord>(Repository: abstract new () => RecordRepository<T>, folder: Folder) {
  abstract class FileRecordRepository extends Repository {
    readonly #store: FileStore;
    readonly #format: RecordFormat<T>;

    constructor(store: FileStore, format: RecordFormat<T>) {
      super();
      this.#store = store;
      this.#format = format;
    }

    async save(input: T, options?: SaveOptions): Promise<void> {
      const expected = expectedRevisionOf(options, 'SaveOptions', true);
      const { id, file, document } = this.#encode(input);
      await this.#change(file, 'write', async () => {
        const current = await storedRevision(file);
        if (expected !== undefined && expected !== current) throw new ConflictError(this.#format.idField, id, expected, current);
        const text = recordText(document, (current ?? 0) + 1);
        await writeFileDurably(file, text, this.#store.durability);
      });
    }

    async create(input: T): Promise<void> {
      const { id, file, document } = this.#encode(input);
      const created = await this.#change(file, 'create', () => createFileDurably(file, recordText(document, 1), this.#store.durability));
      if (!created) throw new AlreadyExistsError(this.#format.idField, id);
    }

    async get(id: string): Promise<T | null> {
      return (await this.read(id))?.record ?? null;
    }

    async read(id: string): Promise<Revisioned<T> | null> {
      this.#store.assertConnected();
      assertValidId(id, this.#format.idField);
      return this.#read(id);
    }

    async list(): Promise<T[]> {
      this.#store.assertConnected();
      const ids = await this.#store.listIds(folder);
      const records = await mapWithConcurrency(ids, READ_CONCURRENCY, async (id) => (await this.#read(id))?.record ?? null);
      return records.filter((record): record is T => record !== null).sort(byCreatedThenId);
    }

    /**
     * One page of `query`: lists the folder, reads every record file through the read cache (one
     * lstat per file cached and unchanged), keeps only the `limit + 1` first matches by (created,
     * id) after the cursor, and decodes only those. No index file: the folder is the index.
     */
    async query(input?: RecordQuery): Promise<RecordPage<T>> {
      const query = parseRecordQuery(input, folder === 'executions' ? 'execution' : 'program');
      this.#store.assertConnected();
      const ids = await this.#store.listIds(folder);
      const first = new FirstByPosition<QueryEntry>(query.limit + 1);
      for (let start = 0; start < ids.length; start += QUERY_CHUNK) {
        const entries = await mapWithConcurrency(ids.slice(start, start + QUERY_CHUNK), READ_CONCURRENCY, (id) => this.#queryEntry(id));
        for (const entry of entries) {
          if (entry !== null && isAfter(entry, query.after) && matchesQuery(entry, query)) first.offer(entry);
        }
      }
      const page = toPage(first.items, query.limit);
      return { records: page.records.map((entry) => this.#decode(entry)), next: page.next };
    }

    async delete(id: string): Promise<void> {
      this.#store.assertConnected();
      assertValidId(id, this.#format.idField);
      const file = this.#store.recordPath(folder, id);
      await this.#change(file, 'delete', () => removeFileDurably(file, this.#store.durability));
    }

    #encode(input: T): { id: string; file: string; document: object } {
      this.#store.assertConnected();
      const record = this.#format.validate(input);
      return { id: record.id, file: this.#store.recordPath(folder, record.id), document: this.#format.toDocument(record) };
    }

    /**
     * Runs a change of `file` after this process's earlier changes of it and holding its lock,
     * and forgets its cached content.
     */
    #change<R>(file: string, operation: string, change: () => Promise<R>): Promise<R> {
      return this.#store.writes.run(file, () => {
        this.#store.forget(file);
        return this.#store.io(file, operation, () => withFileLock(file, change));
      });
    }

    /**
     * The fields a query looks at, read from the stored document without decoding it; a document
     * they cannot be read from cleanly is decoded, so damage is a CorruptRecordError as in list().
     */
    async #queryEntry(id: string): Promise<QueryEntry | null> {
      const file = this.#store.recordPath(folder, id);
      const content = await this.#store.readJson(file);
      if (content === null) return null;
      const document = content.value as { id?: unknown; created?: unknown; updated?: unknown; state?: unknown; programId?: unknown } | null;
      const created = readDate(document?.created);
      const updated = document?.updated === undefined || document.updated === null ? undefined : readDate(document.updated);
      if (document === null || typeof document !== 'object' || document.id !== id || created === null || updated === null) {
        const record = decodeRecord(this.#format, content.value, file, id) as T & QueryFields;
        return { id, created: record.created, updated: record.updated, state: record.state, programId: record.programId, file, document: content.value, decoded: record };
      }
      return { id, created, updated, state: document.state, programId: document.programId, file, document: content.value };
    }

    #decode(entry: QueryEntry): T {
      return (entry.decoded as T | undefined) ?? decodeRecord(this.#format, entry.document, entry.file, entry.id);
    }

    async #read(id: string): Promise<Revisioned<T> | null> {
      const file = this.#store.recordPath(folder, id);
      const content = await this.#store.readJson(file);
      if (content === null) return null;
      const revision = (content.value as { revision?: unknown } | null)?.revision;
      return { record: decodeRecord(this.#format, content.value, file, id), revision: typeof revision === 'number' ? revision : 1 };
    }
  }
  return FileRecordRepository;
}
