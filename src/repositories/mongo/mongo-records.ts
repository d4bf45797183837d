import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { CodecError } from '../../codec/value-codec';
import { CorruptRecordError } from '../../errors';
import { KeyedQueue } from '../../util/keyed-queue';
import { assertValidId } from '../../validation/ids';
import type { RecordFormat, RecordStore } from '../record-store';
import type { MongoConnection } from './mongo-connection';
import { isDuplicateKeyError } from './mongo-errors';

export interface MongoRecordFormat<T> extends RecordFormat<T> {
  entity: EntityTarget<ObjectLiteral>;
  /** The collection's name, for error locations. */
  collection: string;
  /** Told when a save created the record rather than replacing one. */
  onCreated?(id: string): void;
}

/** Save, get, list and delete of one kind of record, one document each, keyed by its unique `id`. */
export class MongoRecords<T extends { id: string }> implements RecordStore<T> {
  private readonly saves = new KeyedQueue();

  constructor(
    private readonly connection: MongoConnection,
    private readonly format: MongoRecordFormat<T>,
  ) {}

  save(input: T): Promise<void> {
    return this.connection.operate(async () => {
      const record = this.format.validate(input);
      const document = this.format.toDocument(record);
      // One save of an id at a time from this process, in call order, as on the file backend.
      await this.saves.run(record.id, () => this.io(record.id, 'save', async () => {
        try {
          const { upsertedCount } = await this.collection().replaceOne({ id: record.id }, document, { upsert: true });
          if (upsertedCount === 1) this.format.onCreated?.(record.id);
        } catch (error) {
          // Two first saves of one id raced: the loser's insert hit the unique index; now it replaces.
          if (!isDuplicateKeyError(error)) throw error;
          await this.collection().replaceOne({ id: record.id }, document, { upsert: true });
        }
      }));
    });
  }

  get(id: string): Promise<T | null> {
    return this.connection.operate(async () => {
      assertValidId(id, this.format.idField);
      const [document] = await this.io(id, 'read', () =>
        this.collection().createCursor({ id }).project({ _id: 0 }).limit(1).toArray(),
      );
      if (document === undefined) return null;
      const record = this.decode(document, id);
      if (record.id !== id) throw new CorruptRecordError(this.location(id), `it holds id ${JSON.stringify(record.id)}`);
      return record;
    });
  }

  list(): Promise<T[]> {
    return this.connection.operate(async () => {
      const documents = await this.io(null, 'list', () =>
        this.collection().createCursor({}).project({ _id: 0 }).sort({ created: 1, id: 1 }).toArray(),
      );
      return documents.map((document) => this.decode(document, (document as { id?: unknown }).id));
    });
  }

  delete(id: string): Promise<void> {
    return this.connection.operate(async () => {
      assertValidId(id, this.format.idField);
      await this.io(id, 'delete', () => this.collection().deleteOne({ id }));
    });
  }

  private decode(document: unknown, id: unknown): T {
    try {
      return this.format.fromDocument(document);
    } catch (error) {
      if (error instanceof CodecError) {
        throw new CorruptRecordError(this.location(typeof id === 'string' ? id : null), error.message, { cause: error });
      }
      throw error;
    }
  }

  private io<R>(id: string | null, operation: string, action: () => Promise<R>): Promise<R> {
    return this.connection.io(this.location(id), operation, action);
  }

  private location(id: string | null): string {
    return id === null ? `collection ${this.format.collection}` : `collection ${this.format.collection}, id ${JSON.stringify(id)}`;
  }

  private collection() {
    return this.connection.repository(this.format.entity);
  }
}
