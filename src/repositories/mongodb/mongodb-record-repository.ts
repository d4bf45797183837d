import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { AlreadyExistsError, ConflictError } from '../../errors';
import { CallOrder } from '../../util/call-order';
import { publishFencedSave } from '../fenced-save-events';
import { decodedUnlessDamaged } from '../damaged-records';
import { decodeRecord, type RecordCodec } from '../record-format';
import { encodeCursor, type ParsedQuery, type RecordPage } from '../record-query';
import { RecordRepository, type Revisioned, type SaveOptions } from '../record-repository';
import { firstRevision } from '../first-revision';
import type { MongoConnection } from './mongodb-connection';
import { isDuplicateKeyError } from './mongodb-errors';
import { pendingOf, stepOutput, type PendingOutputSink } from './pending-output';
import { mongoQueryFilter, mongoQueryHint, QUERY_SORT } from './query-filter';
import { atExpectedRevision, nextRevisionOf, revisionOf, storedRevisionOf } from './revision-filter';
import { isUnsupportedPipelineUpdate } from './mongodb-errors';
import { RevisionHints } from './revision-hints';

export interface MongoCollection {
  entity: EntityTarget<ObjectLiteral>;
  /** The collection's name, for error locations. */
  name: string;
}

/** Saves that lost a race to other processes' saves, before giving up. */
const MAX_SAVE_CONFLICTS = 100;
/** Records whose last read or written revision this process remembers, as a hint for the next save. */
const REMEMBERED_REVISIONS = 10_000;

/**
 * The MongoDB backend's repository of one kind of record (programs or executions), one document
 * each in its collection, keyed by its unique `id`. It receives records the adapter checked and
 * owns, and only reads and writes. A save replaces the document at the revision it read (one more
 * round trip than a blind replace), so the revision counts every save across processes;
 * `onCreated` hears of each record a save or create inserted (e.g. so output can start at seq 0
 * unasked); `pending` receives the output a fenced save commits (SaveOptions.output; executions
 * only, see pending-output.ts).
 */
export class MongoDBRecordRepository<T extends { id: string; created: Date }> extends RecordRepository<T> {
  readonly #connection: MongoConnection;
  readonly #collection: MongoCollection;
  readonly #codec: RecordCodec<T>;
  readonly #onCreated: ((id: string) => void) | undefined;
  readonly #saves = new CallOrder();
  readonly #pending: PendingOutputSink | undefined;
  readonly #revisions = new RevisionHints(REMEMBERED_REVISIONS);

  constructor(connection: MongoConnection, collection: MongoCollection, codec: RecordCodec<T>, onCreated?: (id: string) => void, pending?: PendingOutputSink) {
    super(collection.name === 'executions' ? 'execution' : 'program');
    this.#connection = connection;
    this.#collection = collection;
    this.#codec = codec;
    this.#onCreated = onCreated;
    this.#pending = pending;
  }

  save(record: T, options?: SaveOptions): Promise<void> {
    return this.#connection.track(async () => {
      const { expectedRevision: expected, output } = options ?? {};
      const { id, document } = this.#encode(record);
      // One save of an id at a time from this process, in call order, as on the file backend.
      await this.#saves.run(id, () =>
        this.#io(id, 'save', () => (expected === undefined ? this.#replace(id, document) : this.#replaceFenced(id, document, expected, output))),
      );
    });
  }

  /**
   * A fenced save: read the stored revision and pending output (pending-output.ts), then replace
   * the document only if both are still as read, adding the step's output to the pending
   * entries; then move the entries into the output. A fenced append that pushed an entry in
   * between makes the replace match nothing: it reads again. At the revision this process last
   * read or wrote, the replace is tried first without the read (#replaceKnown).
   */
  async #replaceFenced(id: string, document: object, expected: number | null, output: string[] | undefined): Promise<void> {
    if (expected !== null && this.#revisions.take(id, this.#connection.generation) === expected && (await this.#replaceKnown(id, document, expected, output))) return;
    for (let attempt = 0; ; attempt++) {
      const [before] = await this.#documents().createCursor({ id }).project({ _id: 0, revision: 1, pendingOutput: 1 }).limit(1).toArray();
      const actual = before === undefined ? null : revisionOf(before);
      if (actual !== expected) throw new ConflictError(this.#codec.idField, id, expected, actual);
      publishFencedSave('read');
      const revision = expected === null ? firstRevision() : expected + 1;
      const pending = pendingOf(before);
      const next = output === undefined || output.length === 0 ? pending : [...pending, stepOutput(id, revision, output)];
      const stored = { revision, ...document, ...(next.length === 0 ? {} : { pendingOutput: next }) };
      let placed: boolean;
      publishFencedSave('write');
      if (expected === null) {
        placed = await this.#insert(stored);
      } else {
        const storedPending = (before as { pendingOutput?: unknown }).pendingOutput;
        const filter = { ...atExpectedRevision(id, expected), pendingOutput: storedPending === undefined ? { $exists: false } : storedPending };
        placed = (await this.#documents().replaceOne(filter, stored)).matchedCount === 1;
      }
      if (placed) {
        publishFencedSave('written');
        this.#revisions.remember(id, revision, this.#connection.generation);
        return this.#pending?.movePending(id, next);
      }
      if (attempt >= MAX_SAVE_CONFLICTS) throw new Error(`${MAX_SAVE_CONFLICTS} fenced appends to ${id} came between this save's read and write`);
    }
  }

  /**
   * The fenced save at the revision this process last read or wrote, without reading it first:
   * one replace filtered on that revision and on no pending output (the read would have found
   * none). False, having written nothing, when the document is not so: the save then reads.
   */
  async #replaceKnown(id: string, document: object, expected: number, output: string[] | undefined): Promise<boolean> {
    publishFencedSave('read');
    const revision = expected + 1;
    const next = output === undefined || output.length === 0 ? [] : [stepOutput(id, revision, output)];
    const stored = { revision, ...document, ...(next.length === 0 ? {} : { pendingOutput: next }) };
    publishFencedSave('write');
    const { matchedCount } = await this.#documents().replaceOne({ ...atExpectedRevision(id, expected), pendingOutput: { $exists: false } }, stored);
    if (matchedCount !== 1) return false;
    publishFencedSave('written');
    this.#revisions.remember(id, revision, this.#connection.generation);
    await this.#pending?.movePending(id, next);
    return true;
  }

  /**
   * An unfenced save: a plain replace at the revision this process last read or wrote, when it
   * remembers one and no other process saved since (the step loop's case: one round trip, no
   * pipeline); else in one update that adds one to the stored revision (a pipeline update), or,
   * on a server without pipeline updates, at the revision it reads first, retrying when another
   * process saved in between.
   */
  async #replace(id: string, document: object): Promise<void> {
    const known = this.#revisions.take(id, this.#connection.generation);
    if (known !== undefined && (await this.#replaceAt(id, known, document))) return;
    if (await this.#replaceCountingRevision(id, document)) return;
    for (let attempt = 0; ; attempt++) {
      const current = await storedRevisionOf(this.#connection, this.#collection.entity, id);
      if (current === null) {
        if (await this.#insert({ revision: firstRevision(), ...document })) return;
      } else if (await this.#replaceAt(id, current, document)) {
        return;
      }
      if (attempt >= MAX_SAVE_CONFLICTS) throw new Error(`${MAX_SAVE_CONFLICTS} other saves of ${id} came between this save's read and write`);
    }
  }

  /** Replaces the document if it is at `revision`, remembering the new one; false when it is not. */
  async #replaceAt(id: string, revision: number, document: object): Promise<boolean> {
    const { matchedCount } = await this.#documents().replaceOne(atExpectedRevision(id, revision), { revision: revision + 1, ...document });
    if (matchedCount !== 1) return false;
    this.#revisions.remember(id, revision + 1, this.#connection.generation);
    return true;
  }

  /** The unfenced save in one round trip; false when the server has no pipeline updates. */
  async #replaceCountingRevision(id: string, document: object): Promise<boolean> {
    if (!this.#connection.pipelineUpdates) return false;
    for (;;) {
      try {
        const { upsertedCount } = await this.#documents().updateOne({ id }, nextRevisionOf(document, firstRevision()) as never, { upsert: true });
        if (upsertedCount === 1) await this.#created(id);
        return true;
      } catch (error) {
        // Two first saves of one id raced: the loser's insert hit the unique index; now it replaces.
        if (isDuplicateKeyError(error)) continue;
        if (!isUnsupportedPipelineUpdate(error)) throw error;
        this.#connection.pipelineUpdates = false;
        return false;
      }
    }
  }

  /** Inserts the document; false when the unique id index says it exists. */
  async #insert(document: Record<string, unknown>): Promise<boolean> {
    try {
      await this.#documents().insertOne(document);
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    this.#revisions.remember(document.id as string, document.revision as number, this.#connection.generation);
    await this.#created(document.id as string);
    return true;
  }

  /** After a write inserted the document of `id`: the collection may be new (docs/mongodb.md, "Recovery"). */
  async #created(id: string): Promise<void> {
    this.#onCreated?.(id);
    await this.#connection.afterCreate(this.#collection.name, this.#collection.entity);
  }

  create(record: T): Promise<void> {
    return this.#connection.track(async () => {
      const { id, document } = this.#encode(record);
      const created = await this.#saves.run(id, () => this.#io(id, 'create', () => this.#insert({ revision: firstRevision(), ...document })));
      if (!created) throw new AlreadyExistsError(this.#codec.idField, id);
    });
  }

  async get(id: string): Promise<T | null> {
    return (await this.read(id))?.record ?? null;
  }

  read(id: string): Promise<Revisioned<T> | null> {
    return this.#connection.track(async () => {
      const [document] = await this.#io(id, 'read', () => this.#documents().createCursor({ id }).project({ _id: 0 }).limit(1).toArray());
      if (document === undefined) return null;
      const revision = revisionOf(document);
      this.#revisions.remember(id, revision, this.#connection.generation);
      return { record: decodeRecord(this.#codec, document, this.#location(id), id), revision };
    });
  }

  list(): Promise<T[]> {
    return this.#connection.track(async () => {
      const documents = await this.#io(null, 'list', () =>
        this.#documents().createCursor({}).project({ _id: 0 }).sort({ created: 1, id: 1 }).toArray(),
      );
      return this.#decodeAll(documents);
    });
  }

  /** One page of `query`: one `find` with the filter, sorted `{ created: 1, id: 1 }`, hinted to its index, limit + 1 (docs/scaling.md); an index found gone is re-created and the find sent again (docs/mongodb.md). */
  override find(query: ParsedQuery): Promise<RecordPage<T>> {
    return this.#connection.track(async () => {
      const documents = await this.#io(null, 'query', () =>
        this.#queryCursor(query).limit(query.limit + 1).toArray(),
      );
      // The page ends where `limit` documents end, also when one of them is left out as damaged.
      const shown = documents.slice(0, query.limit) as { id?: unknown; created?: unknown }[];
      const last = shown.at(-1);
      const records = this.#decodeAll(shown);
      if (documents.length <= query.limit || last === undefined) return { records, next: null };
      const position = { id: String(last.id), created: last.created instanceof Date ? last.created : new Date(String(last.created)) };
      return { records, next: encodeCursor(position) };
    });
  }

  #queryCursor(query: ParsedQuery) {
    const cursor = this.#documents().createCursor(mongoQueryFilter(query)).project({ _id: 0 }).sort(QUERY_SORT);
    return this.#connection.queryHints ? cursor.hint(mongoQueryHint(query)) : cursor;
  }

  /** The records the documents hold, leaving out (and reporting) those that cannot be decoded (damaged-records.ts). */
  #decodeAll(documents: unknown[]): T[] {
    const records: T[] = [];
    for (const document of documents) {
      const id: unknown = (document as { id?: unknown }).id;
      const record = decodedUnlessDamaged(() => decodeRecord(this.#codec, document, this.#location(typeof id === 'string' ? id : null)));
      if (record !== null) records.push(record);
    }
    return records;
  }

  delete(id: string): Promise<void> {
    return this.#connection.track(async () => {
      this.#revisions.take(id);
      await this.#io(id, 'delete', () => this.#documents().deleteOne({ id }));
    });
  }

  #encode(record: T): { id: string; document: object } {
    return { id: record.id, document: this.#codec.toDocument(record) };
  }

  #io<R>(id: string | null, operation: string, action: () => Promise<R>): Promise<R> {
    return this.#connection.io(this.#location(id), operation, action);
  }

  #location(id: string | null): string {
    return id === null ? `collection ${this.#collection.name}` : `collection ${this.#collection.name}, id ${JSON.stringify(id)}`;
  }

  #documents() {
    return this.#connection.repository(this.#collection.entity);
  }
}
