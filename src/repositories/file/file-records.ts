import { CorruptRecordError } from '../../errors';
import { CodecError } from '../../codec/value-codec';
import { assertValidId } from '../../validation/ids';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { byCreatedThenId } from '../../util/order-records';
import { removeFileDurably, writeFileDurably } from './durable-fs';
import type { RecordFormat, RecordStore } from '../record-store';
import type { FileStore, Folder } from './file-store';

export interface FileRecordFormat<T> extends RecordFormat<T> {
  folder: Folder;
}

const READ_CONCURRENCY = 32;

/** Save, get, list and delete of one kind of record, each in its own JSON file. */
export class FileRecords<T extends { id: string; created: Date }> implements RecordStore<T> {
  constructor(
    private readonly store: FileStore,
    private readonly format: FileRecordFormat<T>,
  ) {}

  async save(input: T): Promise<void> {
    this.store.assertConnected();
    const record = this.format.validate(input);
    const text = JSON.stringify(this.format.toDocument(record));
    const file = this.store.recordPath(this.format.folder, record.id);
    await this.store.writes.run(file, () => {
      this.store.forget(file);
      return this.store.io(file, 'write', () => writeFileDurably(file, text, this.store.durability));
    });
  }

  async get(id: string): Promise<T | null> {
    this.store.assertConnected();
    assertValidId(id, this.format.idField);
    return this.read(id);
  }

  async list(): Promise<T[]> {
    this.store.assertConnected();
    const ids = await this.store.listIds(this.format.folder);
    const records = await mapWithConcurrency(ids, READ_CONCURRENCY, (id) => this.read(id));
    return records.filter((record): record is T => record !== null).sort(byCreatedThenId);
  }

  async delete(id: string): Promise<void> {
    this.store.assertConnected();
    assertValidId(id, this.format.idField);
    const file = this.store.recordPath(this.format.folder, id);
    await this.store.writes.run(file, () => {
      this.store.forget(file);
      return this.store.io(file, 'delete', () => removeFileDurably(file, this.store.durability));
    });
  }

  private async read(id: string): Promise<T | null> {
    const file = this.store.recordPath(this.format.folder, id);
    const content = await this.store.readJson(file);
    if (content === null) return null;
    let record: T;
    try {
      record = this.format.fromDocument(content.value);
    } catch (error) {
      if (error instanceof CodecError) throw new CorruptRecordError(file, error.message, { cause: error });
      throw error;
    }
    if (record.id !== id) throw new CorruptRecordError(file, `it holds id ${JSON.stringify(record.id)}`);
    return record;
  }
}
