import { AlreadyExistsError } from '../../errors';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { byCreatedThenId } from '../../util/order-records';
import { assertValidId } from '../../validation/ids';
import { decodeRecord, type RecordFormat } from '../record-format';
import type { RecordRepository } from '../record-repository';
import { createFileDurably, removeFileDurably, writeFileDurably } from './durable-fs';
import type { FileStore, Folder } from './file-store';

const READ_CONCURRENCY = 32;

type StoredRecord = { id: string; created: Date };

/**
 * The file backend's repository of one kind of record, each in its own JSON file in `folder`,
 * built on that kind's abstract repository (ProgramRepository or ExecutionRepository), so that
 * an instance is one and can be injected as one.
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

    async save(input: T): Promise<void> {
      const { file, text } = this.#encode(input);
      await this.#write(file, 'write', () => writeFileDurably(file, text, this.#store.durability));
    }

    async create(input: T): Promise<void> {
      const { id, file, text } = this.#encode(input);
      const created = await this.#write(file, 'create', () => createFileDurably(file, text, this.#store.durability));
      if (!created) throw new AlreadyExistsError(this.#format.idField, id);
    }

    async get(id: string): Promise<T | null> {
      this.#store.assertConnected();
      assertValidId(id, this.#format.idField);
      return this.#read(id);
    }

    async list(): Promise<T[]> {
      this.#store.assertConnected();
      const ids = await this.#store.listIds(folder);
      const records = await mapWithConcurrency(ids, READ_CONCURRENCY, (id) => this.#read(id));
      return records.filter((record): record is T => record !== null).sort(byCreatedThenId);
    }

    async delete(id: string): Promise<void> {
      this.#store.assertConnected();
      assertValidId(id, this.#format.idField);
      const file = this.#store.recordPath(folder, id);
      await this.#write(file, 'delete', () => removeFileDurably(file, this.#store.durability));
    }

    #encode(input: T): { id: string; file: string; text: string } {
      this.#store.assertConnected();
      const record = this.#format.validate(input);
      return { id: record.id, file: this.#store.recordPath(folder, record.id), text: JSON.stringify(this.#format.toDocument(record)) };
    }

    /** Runs a change of `file` after this process's earlier changes of it, and forgets its cached content. */
    #write<R>(file: string, operation: string, change: () => Promise<R>): Promise<R> {
      return this.#store.writes.run(file, () => {
        this.#store.forget(file);
        return this.#store.io(file, operation, change);
      });
    }

    async #read(id: string): Promise<T | null> {
      const file = this.#store.recordPath(folder, id);
      const content = await this.#store.readJson(file);
      return content === null ? null : decodeRecord(this.#format, content.value, file, id);
    }
  }
  return FileRecordRepository;
}
