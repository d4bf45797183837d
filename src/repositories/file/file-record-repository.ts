import { AlreadyExistsError, ConflictError, CorruptRecordError, IdCollisionError } from '../../errors';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { byCreatedThenId } from '../../util/order-records';
import { unlessDamaged } from '../damaged-records';
import { decodeRecord, type RecordCodec } from '../record-format';
import { encodeCursor, isAfter, matchesQuery, type ParsedQuery, type QueryFields, type RecordPage } from '../record-query';
import { RecordRepository, type Revisioned, type SaveOptions } from '../record-repository';
import { createFileDurably, removeFileDurably, writeFileDurably, writeFileKeepingOpen } from './durable-fs';
import type { FileIdentity } from './file-identity';
import { withFileLock } from './file-lock';
import { holdsAnotherId, mayShareFile } from './file-names';
import type { FileStore, Folder } from './file-store';
import { firstRevision } from '../first-revision';
import { QueryIndex } from './query-index';
import { claimRevision, LIVE_CLAIM, removeClaims } from './revision-claims';
import { publishFencedSave } from '../fenced-save-events';
import { putBack, setAside } from './set-aside';
import { appendStep, completeStoredStep, isStepAppended, stepOutputOf } from './step-output';
import { recordText, recordValue, storedHead, storedRevision, type StoredHead } from './stored-revision';

const READ_CONCURRENCY = 32;

type StoredRecord = { id: string; created: Date };

/** What a fenced save keeps beside the record (see FileRecordRepository.saveKeeping). */
export interface KeepWritten {
  /** The caller did not fence the save: the fence is the history's own, and the lock may be left out (#saveOwnHead). */
  unfenced?: boolean;
  fields(): Promise<Record<string, unknown>>;
  written(file: string, identity: FileIdentity): Promise<void>;
}

export type RecordFolder = Extract<Folder, 'programs' | 'executions'>;

/** A stored ISO date string as a Date; null when it is not one. */
function readDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The file backend's repository of one kind of record (programs or executions), each in its own
 * JSON file in its folder. It receives records the adapter checked and owns, and only reads and
 * writes: refusals here are what only the files can tell (an id collision on a file system that
 * folds case, a fenced save at another revision, a damaged file). Fenced saves, deletes and fenced
 * appends hold the record file's lock (file-lock.ts), so of fenced saves from one revision exactly
 * one wins, across processes too; a create is atomic by itself (a hard link).
 */
export class FileRecordRepository<T extends StoredRecord> extends RecordRepository<T> {
  readonly #store: FileStore;
  readonly #folder: RecordFolder;
  readonly #codec: RecordCodec<T>;
  #queryIndex: QueryIndex | undefined;

  constructor(store: FileStore, folder: RecordFolder, codec: RecordCodec<T>) {
    super(folder === 'executions' ? 'execution' : 'program');
    this.#store = store;
    this.#folder = folder;
    this.#codec = codec;
  }

  async save(record: T, options?: SaveOptions): Promise<void> {
    await this.saveKeeping(record, options);
  }

  /**
   * As save; with `keep` (a fenced save only), the record's file also holds `keep.fields()`'s
   * fields after the document (readers ignore them), and once it is written (while the lock is
   * held, when the save takes it) `keep.written(file, identity)` runs with the identity of the
   * file written; with `keep.unfenced`, the save may leave the lock out (#saveOwnHead).
   */
  async saveKeeping(record: T, options?: SaveOptions, keep?: KeepWritten): Promise<void> {
    const { expectedRevision: expected, output } = options ?? {};
    const { id, file, document } = this.#encode(record);
    if (expected === undefined) {
      // An unfenced save replaces whatever is there, as it always did, and costs no lock (two at
      // once from two processes may count as one revision).
      await this.#change(id, file, 'write', false, async () => {
        const head = (await this.#writtenHead(file)) ?? (await storedHead(file));
        this.#refuseCollision(id, head);
        const current = head?.revision ?? null;
        // The record about to be replaced is the only place the last step's lines are, until appended.
        if (head?.step === true && this.#folder === 'executions') await completeStoredStep(this.#store, id, file, head.revision);
        const revision = current === null ? firstRevision() : current + 1;
        await this.#write(file, recordValue(document, revision), { revision, step: false, id });
      });
      return;
    }
    if (keep?.unfenced === true && expected !== null && (await this.#change(id, file, 'write', false, () => this.#saveOwnHead(id, file, document, expected, keep)))) return;
    await this.#change(id, file, 'write', true, async () => {
      const head = await this.#headNow(file);
      this.#refuseCollision(id, head);
      const current = head?.revision ?? null;
      if (expected !== current) throw new ConflictError(this.#codec.idField, id, expected, current);
      // The last step's lines, if its writer died before it appended them (step-output.ts).
      if (head?.step === true) await completeStoredStep(this.#store, id, file, head.revision);
      const revision = current === null ? firstRevision() : current + 1;
      const step = output === undefined || output.length === 0 ? undefined : await stepOutputOf(this.#store, id, revision, output);
      const value = keep === undefined ? recordValue(document, revision, step) : { ...recordValue(document, revision, step), ...(await keep.fields()) };
      if (current === null) {
        // Placed as a create is (a hard link that fails if a record appeared meanwhile), so
        // "only if absent" holds against creates, which take no lock, too.
        const placed = await createFileDurably(file, JSON.stringify(value), this.#store.durability);
        if (!placed) throw new ConflictError(this.#codec.idField, id, null, await storedRevision(file));
      } else {
        await this.#writeClaimed(id, file, current, value, step !== undefined, keep);
      }
      if (step !== undefined) await appendStep(this.#store, id, file, step);
    });
  }

  /**
   * A save the caller did not fence, fenced on `expected` by the history, without the lock: only
   * over the head this process wrote (one lstat), at `expected`, with no step left to complete
   * (which needs the lock); false, having done nothing, otherwise. The claim of the next revision
   * still makes it exclusive with every fenced save, fenced append and conditional delete; like
   * any unfenced save, it does not wait for a delete.
   */
  async #saveOwnHead(id: string, file: string, document: object, expected: number, keep: KeepWritten): Promise<boolean> {
    const head = await this.#writtenHead(file);
    if (head === undefined || head.revision !== expected || (head.step && !isStepAppended(this.#store, file, head.revision))) return false;
    const value = { ...recordValue(document, expected + 1), ...(await keep.fields()) };
    await this.#writeClaimed(id, file, expected, value, false, keep);
    return true;
  }

  /**
   * Writes revision `current + 1` of the record only if this process claims it
   * (revision-claims.ts) and the record is still at `current` once claimed: a writer stopped
   * past its lock's lease then finds the revision taken, or the record moved on, and writes
   * nothing; one stopped after its claim keeps it while it lives, so nobody else writes it.
   * Then `keep.written` runs with the identity of the file written.
   */
  async #writeClaimed(id: string, file: string, current: number, value: object, step: boolean, keep?: KeepWritten): Promise<void> {
    publishFencedSave('read');
    const claim = await claimRevision(file, current + 1);
    // A live writer holds the claim of `current + 1` and is writing it.
    if (claim === null) throw new ConflictError(this.#codec.idField, id, current, current, LIVE_CLAIM);
    let identity: FileIdentity | undefined;
    try {
      const now = (await this.#headNow(file))?.revision ?? null;
      if (now !== current) throw new ConflictError(this.#codec.idField, id, current, now);
      publishFencedSave('write');
      identity = await this.#write(file, value, { revision: current + 1, step, id }, keep !== undefined);
      publishFencedSave('written');
    } catch (error) {
      await claim.release();
      throw error;
    }
    // The claim is of no use once the record moved on: removed beside keep.written.
    await Promise.all([claim.removeChain(), keep?.written(file, identity as FileIdentity)]);
  }

  async create(record: T): Promise<void> {
    const { id, file, document } = this.#encode(record);
    const created = await this.#change(id, file, 'create', false, () => createFileDurably(file, recordText(document, firstRevision()), this.#store.durability));
    if (!created) {
      this.#refuseCollision(id, await this.#store.io(file, 'read', () => storedHead(file)));
      throw new AlreadyExistsError(this.#codec.idField, id);
    }
  }

  async get(id: string): Promise<T | null> {
    return (await this.read(id))?.record ?? null;
  }

  async read(id: string): Promise<Revisioned<T> | null> {
    return this.#read(id, true);
  }

  async list(): Promise<T[]> {
    const ids = await this.#store.listIds(this.#folder);
    const records = await mapWithConcurrency(ids, READ_CONCURRENCY, (id) => unlessDamaged(async () => (await this.#read(id))?.record ?? null));
    return records.filter((record): record is T => record !== null).sort(byCreatedThenId);
  }

  /**
   * One page of `query`, from the query index (query-index.ts: a snapshot on disk and the
   * journal of changes since, so a page reads only the records it may show): the first `limit`
   * matches by (created, id) after the cursor are read and decoded (one more tells whether a
   * next page may follow). Each is checked against the query again as read, since another
   * process may have changed it since its fields were taken; while some no longer match, the
   * next candidates are read, so a page is full and holds only records that matched when read.
   */
  override async find(query: ParsedQuery): Promise<RecordPage<T>> {
    const directory = this.#store.folderPath(this.#folder);
    const index = this.#index;
    const readFields = (id: string) => unlessDamaged(() => this.#queryFields(id));
    try {
      await this.#store.io(directory, 'list', () => index.refresh(readFields));
      const matches: T[] = [];
      let position = query.after;
      let more: boolean;
      do {
        const wanted = query.limit - matches.length;
        const taken = await this.#store.io(directory, 'list', () => index.take(readFields, position, (fields) => matchesQuery(fields, query), wanted + 1));
        const candidates = taken.slice(0, wanted);
        const records = await mapWithConcurrency(candidates, READ_CONCURRENCY, (fields) => unlessDamaged(async () => (await this.#read(fields.id))?.record ?? null));
        for (const record of records) {
          if (record !== null && isAfter(record, query.after) && matchesQuery(record as T & QueryFields, query)) matches.push(record);
        }
        more = taken.length > wanted;
        position = candidates[candidates.length - 1] ?? position;
      } while (more && matches.length < query.limit);
      return { records: matches, next: more ? encodeCursor(matches[matches.length - 1]) : null };
    } finally {
      if (!this.#store.cache.enabled) index.clear();
    }
  }

  async delete(id: string): Promise<void> {
    const file = this.#store.recordPath(this.#folder, id);
    await this.#change(id, file, 'delete', true, async () => {
      // On a file system that folds case, `Report` opens the file of `report`: that one stays.
      const head = await storedHead(file);
      if (holdsAnotherId(head?.id, id)) return;
      await removeFileDurably(file, this.#store.durability);
      await this.#store.written.drop(file);
      if (head !== null) await removeClaims(file, head.revision + 1);
    });
  }

  /**
   * Deletes the record only if it is at `revision`, running `alongWith` (which deletes what goes
   * with it) once that is sure; resolves false, changing nothing, when it is not. Holds the
   * record's lock, so fenced saves and other deletes wait. An unfenced save takes no lock: once
   * the revision read under the lock matches, the file is moved aside (one rename) and its
   * revision read again there; a save that landed before the move is put back (by a hard link,
   * which keeps a save that landed after the move instead), and one that lands after the move
   * stays. A prune that dies in between leaves the set-aside file, which connect() puts back
   * (set-aside.ts). Either way no acknowledged save is lost.
   */
  async deleteAtExpectedRevision(id: string, revision: number, alongWith: () => Promise<void>): Promise<boolean> {
    const file = this.#store.recordPath(this.#folder, id);
    return this.#change(id, file, 'delete', true, async () => {
      // Fenced saves wait for the lock, so a record not at `revision` now stays so: decline
      // without hiding it from readers.
      if ((await storedRevision(file)) !== revision) return false;
      // As a fenced save from `revision` would, so that of the two only one wins.
      const claim = await claimRevision(file, revision + 1);
      if (claim === null) return false;
      const aside = await setAside(file);
      if (aside === null) {
        await claim.release();
        return false;
      }
      try {
        if ((await storedRevision(aside)) !== revision) {
          await putBack(aside, file, this.#store.durability);
          await claim.release();
          return false;
        }
        await alongWith();
      } catch (error) {
        await putBack(aside, file, this.#store.durability);
        await claim.release();
        throw error;
      }
      await removeFileDurably(aside, this.#store.durability);
      await this.#store.written.drop(file);
      await removeClaims(file, revision + 1);
      return true;
    });
  }

  /**
   * Replaces `file` with the JSON text of `value` (whose head is `head`); with the cache on, keeps
   * `value` as written (written-files.ts), so that the next read or unfenced save of it costs one
   * lstat, and a read decodes `value` itself: the encoded document holds only what JSON writes as
   * it is (the codec's output) and Date objects, which decode as their ISO text does.
   */
  async #write(file: string, value: object, head: StoredHead, identityWanted = false): Promise<FileIdentity | undefined> {
    const text = JSON.stringify(value);
    if (!this.#store.cache.enabled && !identityWanted) return void (await writeFileDurably(file, text, this.#store.durability));
    const { handle, identity } = await writeFileKeepingOpen(file, text, this.#store.durability);
    if (this.#store.cache.enabled) this.#store.written.remember(file, handle, identity, head, { value });
    else await handle.close();
    return identity;
  }

  /** The head of `file` as it is now: one lstat when this process wrote it last, else read from the file. */
  async #headNow(file: string): Promise<StoredHead | null> {
    return (await this.#writtenHead(file)) ?? storedHead(file);
  }

  /** The head of `file` as this process wrote it, while the path still names that file; else undefined. */
  #writtenHead(file: string): Promise<StoredHead | undefined> {
    return this.#store.cache.enabled ? this.#store.written.head(file) : Promise.resolve(undefined);
  }

  #encode(record: T): { id: string; file: string; document: object } {
    return { id: record.id, file: this.#store.recordPath(this.#folder, record.id), document: this.#codec.toDocument(record) };
  }

  /** Refuses to replace the file of another id that the file system does not tell apart from `id`. */
  #refuseCollision(id: string, head: StoredHead | null): void {
    if (head !== null && holdsAnotherId(head.id, id)) throw new IdCollisionError(this.#codec.idField, id, head.id);
  }

  /**
   * Runs a change of the record `id` in `file` after this process's earlier changes of it
   * (holding its lock when `locked`), announced in the query index's journal, and forgets its
   * cached content.
   */
  #change<R>(id: string, file: string, operation: string, locked: boolean, change: () => Promise<R>): Promise<R> {
    return this.#store.writes.run(file, () => {
      this.#store.forget(file);
      return this.#store.io(file, operation, () => this.#index.announce(id, () => (locked ? withFileLock(file, change) : change())));
    });
  }

  get #index(): QueryIndex {
    return (this.#queryIndex ??= new QueryIndex(this.#store, this.#folder));
  }

  /**
   * The fields a query looks at, read from the stored document without decoding it; a document
   * they cannot be read from cleanly is decoded, so damage is a CorruptRecordError as in list().
   */
  async #queryFields(id: string): Promise<QueryFields | null> {
    const file = this.#store.recordPath(this.#folder, id);
    const content = await this.#store.readJson(file);
    if (content === null) return null;
    const document = content.value as { id?: unknown; created?: unknown; updated?: unknown; state?: unknown; programId?: unknown } | null;
    const created = readDate(document?.created);
    const updated = document?.updated === undefined || document.updated === null ? undefined : readDate(document.updated);
    if (document === null || typeof document !== 'object' || document.id !== id || created === null || updated === null) {
      const record = decodeRecord(this.#codec, content.value, file, id) as T & QueryFields;
      return { id, created: record.created, updated: record.updated, state: record.state, programId: record.programId };
    }
    return { id, created, updated, state: document.state, programId: document.programId };
  }

  /**
   * The record `id`; `asked` for an id a caller named (not one the folder listed): its file may
   * then be another id's that the file system does not tell apart from it, and `id` is absent.
   */
  async #read(id: string, asked = false): Promise<Revisioned<T> | null> {
    const file = this.#store.recordPath(this.#folder, id);
    const content = await this.#store.readJson(file);
    if (content === null) return null;
    const revision = (content.value as { revision?: unknown } | null)?.revision;
    const record = decodeRecord(this.#codec, content.value, file);
    if (record.id !== id) {
      if (asked && mayShareFile(record.id, id)) return null;
      throw new CorruptRecordError(file, `it holds id ${JSON.stringify(record.id)}`);
    }
    return { record, revision: typeof revision === 'number' ? revision : 1 };
  }
}
