import { AlreadyExistsError, ConflictError } from '../../errors';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { byCreatedThenId } from '../../util/order-records';
import { saveOptionsOf } from '../../validation/expected-revision';
import { assertValidId } from '../../validation/ids';
import { decodeRecord, type RecordFormat } from '../record-format';
import { FirstByPosition, isAfter, matchesQuery, parseRecordQuery, toPage, type QueryFields, type RecordPage, type RecordQuery } from '../record-query';
import type { RecordRepository, Revisioned, SaveOptions } from '../record-repository';
import { createFileDurably, removeFileDurably, writeFileDurably } from './durable-fs';
import { withFileLock } from './file-lock';
import type { FileStore, Folder } from './file-store';
import { firstRevision } from '../first-revision';
import { QueryIndex } from './query-index';
import { appendStep, completeStoredStep, outputSize } from './step-output';
import { recordText, storedHead, storedRevision } from './stored-revision';

const READ_CONCURRENCY = 32;

type StoredRecord = { id: string; created: Date };

/** A stored ISO date string as a Date; null when it is not one. */
function readDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The file backend's repository of one kind of record, each in its own JSON file in `folder`,
 * built on that kind's abstract repository (ProgramRepository or ExecutionRepository), so that
 * an instance is one and can be injected as one. Fenced saves, deletes and fenced appends hold
 * the record file's lock (file-lock.ts), so of fenced saves from one revision exactly one wins,
 * across processes too; a create is atomic by itself (a hard link).
 */
export function fileRecordRepository<T extends StoredRecord>(Repository: abstract new () => RecordRepository<T>, folder: Folder) {
  abstract class FileRecordRepository extends Repository {
    readonly #store: FileStore;
    readonly #format: RecordFormat<T>;
    #queryIndex: QueryIndex | undefined;

    constructor(store: FileStore, format: RecordFormat<T>) {
      super();
      this.#store = store;
      this.#format = format;
    }

    async save(input: T, options?: SaveOptions): Promise<void> {
      const { expected, output } = saveOptionsOf(options, folder === 'executions');
      const { id, file, document } = this.#encode(input);
      if (expected === undefined) {
        // An unfenced save replaces whatever is there, as it always did, and costs no lock (two at
        // once from two processes may count as one revision).
        await this.#change(file, 'write', false, async () => {
          const current = await storedRevision(file);
          await writeFileDurably(file, recordText(document, current === null ? firstRevision() : current + 1), this.#store.durability);
        });
        return;
      }
      await this.#change(file, 'write', true, async () => {
        const head = await storedHead(file);
        const current = head?.revision ?? null;
        if (expected !== current) throw new ConflictError(this.#format.idField, id, expected, current);
        // The last step's lines, if its writer died before it appended them (step-output.ts).
        if (head?.step === true) await completeStoredStep(this.#store, id, file);
        const revision = current === null ? firstRevision() : current + 1;
        const step = output === undefined || output.length === 0 ? undefined : { revision, at: await outputSize(this.#store, id), lines: output };
        const text = recordText(document, revision, step);
        if (current === null) {
          // Placed as a create is (a hard link that fails if a record appeared meanwhile), so
          // "only if absent" holds against creates, which take no lock, too.
          const placed = await createFileDurably(file, text, this.#store.durability);
          if (!placed) throw new ConflictError(this.#format.idField, id, null, await storedRevision(file));
        } else {
          await writeFileDurably(file, text, this.#store.durability);
        }
        if (step !== undefined) await appendStep(this.#store, id, step);
      });
    }

    async create(input: T): Promise<void> {
      const { id, file, document } = this.#encode(input);
      const created = await this.#change(file, 'create', false, () => createFileDurably(file, recordText(document, firstRevision()), this.#store.durability));
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
     * One page of `query`, from the query fields of every record (QueryIndex: kept in memory and
     * read again only for files added or changed since the last query; none when the folder did
     * not change), keeping the `limit + 1` first matches by (created, id) after the cursor; only
     * the page's records are read and decoded.
     */
    async query(input?: RecordQuery): Promise<RecordPage<T>> {
      const query = parseRecordQuery(input, folder === 'executions' ? 'execution' : 'program');
      this.#store.assertConnected();
      const directory = this.#store.folderPath(folder);
      const index = (this.#queryIndex ??= new QueryIndex(this.#store, folder));
      const all = await this.#store.io(directory, 'list', () => index.fields((id) => this.#queryFields(id)));
      if (!this.#store.cache.enabled) index.clear();
      const first = new FirstByPosition<QueryFields>(query.limit + 1);
      for (const fields of all) if (isAfter(fields, query.after) && matchesQuery(fields, query)) first.offer(fields);
      const page = toPage(first.items, query.limit);
      const records = await mapWithConcurrency(page.records, READ_CONCURRENCY, async (fields) => (await this.#read(fields.id))?.record ?? null);
      return { records: records.filter((record): record is T => record !== null), next: page.next };
    }

    async delete(id: string): Promise<void> {
      this.#store.assertConnected();
      assertValidId(id, this.#format.idField);
      const file = this.#store.recordPath(folder, id);
      await this.#change(file, 'delete', true, () => removeFileDurably(file, this.#store.durability));
    }

    #encode(input: T): { id: string; file: string; document: object } {
      this.#store.assertConnected();
      const record = this.#format.validate(input);
      return { id: record.id, file: this.#store.recordPath(folder, record.id), document: this.#format.toDocument(record) };
    }

    /**
     * Runs a change of `file` after this process's earlier changes of it (holding its lock when
     * `locked`), and forgets its cached content.
     */
    #change<R>(file: string, operation: string, locked: boolean, change: () => Promise<R>): Promise<R> {
      return this.#store.writes.run(file, () => {
        this.#store.forget(file);
        return this.#store.io(file, operation, () => (locked ? withFileLock(file, change) : change()));
      });
    }

    /**
     * The fields a query looks at, read from the stored document without decoding it; a document
     * they cannot be read from cleanly is decoded, so damage is a CorruptRecordError as in list().
     */
    async #queryFields(id: string): Promise<QueryFields | null> {
      const file = this.#store.recordPath(folder, id);
      const content = await this.#store.readJson(file);
      if (content === null) return null;
      const document = content.value as { id?: unknown; created?: unknown; updated?: unknown; state?: unknown; programId?: unknown } | null;
      const created = readDate(document?.created);
      const updated = document?.updated === undefined || document.updated === null ? undefined : readDate(document.updated);
      if (document === null || typeof document !== 'object' || document.id !== id || created === null || updated === null) {
        const record = decodeRecord(this.#format, content.value, file, id) as T & QueryFields;
        return { id, created: record.created, updated: record.updated, state: record.state, programId: record.programId };
      }
      return { id, created, updated, state: document.state, programId: document.programId };
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
