import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { AlreadyExistsError } from '../../errors';
import { KeyedQueue } from '../../util/keyed-queue';
import { assertValidId } from '../../validation/ids';
import { decodeRecord, type RecordFormat } from '../record-format';
import { parseRecordQuery, toPage, type RecordPage, type RecordQuery } from '../record-query';
import type { RecordRepository } from '../record-repository';
import type { MongoConnection } from './mongo-connection';
import { isDuplicateKeyError } from './mongo-errors';
import { mongoQueryFilter, mongoQueryHint, QUERY_SORT } from './query-filter';

export interface MongoCollection {
  entity: EntityTarget<ObjectLiteral>;
  /** The collection's name, for error locations. */
  name: string;
}

/**
 * The MongoDB backend's repository of one kind of record, one document each in `collection`,
 * keyed by its unique `id`; built on that kind's abstract repository, as on the file backend.
 * `onCreated` hears of each record a save or create inserted rather than replaced.
 */
export function mongoRecordRepository<T extends { id: string; created: Date }>(Repository: abstract new () => RecordRepository<T>, collection: MongoCollection) {
  abstract class MongoRecordRepository extends Repository {
    readonly #connection: MongoConnection;
    readonly #format: RecordFormat<T>;
    readonly #onCreated: ((id: string) => void) | undefined;
    readonly #saves = new KeyedQueue();

    constructor(connection: MongoConnection, format: RecordFormat<T>, onCreated?: (id: string) => void) {
      super();
      this.#connection = connection;
      this.#format = format;
      this.#onCreated = onCreated;
    }

    save(input: T): Promise<void> {
      return this.#connection.operate(async () => {
        const { id, document } = this.#encode(input);
        // One save of an id at a time from this process, in call order, as on the file backend.
        await this.#saves.run(id, () =>
          this.#io(id, 'save', async () => {
            try {
              const { upsertedCount } = await this.#documents().replaceOne({ id }, document, { upsert: true });
              if (upsertedCount === 1) this.#onCreated?.(id);
            } catch (error) {
              // Two first saves of one id raced: the loser's insert hit the unique index; now it replaces.
              if (!isDuplicateKeyError(error)) throw error;
              await this.#documents().replaceOne({ id }, document, { upsert: true });
            }
          }),
        );
      });
    }

    create(input: T): Promise<void> {
      return this.#connection.operate(async () => {
        const { id, document } = this.#encode(input);
        const created = await this.#saves.run(id, () =>
          this.#io(id, 'create', async () => {
            try {
              await this.#documents().insertOne(document);
              return true;
            } catch (error) {
              if (isDuplicateKeyError(error)) return false;
              throw error;
            }
          }),
        );
        if (!created) throw new AlreadyExistsError(this.#format.idField, id);
        this.#onCreated?.(id);
      });
    }

    get(id: string): Promise<T | null> {
      return this.#connection.operate(async () => {
        assertValidId(id, this.#format.idField);
        const [document] = await this.#io(id, 'read', () => this.#documents().createCursor({ id }).project({ _id: 0 }).limit(1).toArray());
        return document === undefined ? null : decodeRecord(this.#format, document, this.#location(id), id);
      });
    }

    list(): Promise<T[]> {
      return this.#connection.operate(async () => {
        const documents = await this.#io(null, 'list', () =>
          this.#documents().createCursor({}).project({ _id: 0 }).sort({ created: 1, id: 1 }).toArray(),
        );
        return documents.map((document) => {
          const id: unknown = (document as { id?: unknown }).id;
          return decodeRecord(this.#format, document, this.#location(typeof id === 'string' ? id : null));
        });
      });
    }

    /** One page of `query`: one `find` with the filter, sorted `{ created: 1, id: 1 }`, hinted to its index, limit + 1 (docs/scaling.md). */
    query(input?: RecordQuery): Promise<RecordPage<T>> {
      const query = parseRecordQuery(input, collection.name === 'executions' ? 'execution' : 'program');
      return this.#connection.operate(async () => {
        const documents = await this.#io(null, 'query', () =>
          this.#documents().createCursor(mongoQueryFilter(query)).project({ _id: 0 }).sort(QUERY_SORT).hint(mongoQueryHint(query)).limit(query.limit + 1).toArray(),
        );
        const records = documents.map((document) => {
          const id: unknown = (document as { id?: unknown }).id;
          return decodeRecord(this.#format, document, this.#location(typeof id === 'string' ? id : null));
        });
        return toPage(records, query.limit);
      });
    }

    delete(id: string): Promise<void> {
      return this.#connection.operate(async () => {
        assertValidId(id, this.#format.idField);
        await this.#io(id, 'delete', () => this.#documents().deleteOne({ id }));
      });
    }

    #encode(input: T): { id: string; document: object } {
      const record = this.#format.validate(input);
      return { id: record.id, document: this.#format.toDocument(record) };
    }

    #io<R>(id: string | null, operation: string, action: () => Promise<R>): Promise<R> {
      return this.#connection.io(this.#location(id), operation, action);
    }

    #location(id: string | null): string {
      return id === null ? `collection ${collection.name}` : `collection ${collection.name}, id ${JSON.stringify(id)}`;
    }

    #documents() {
      return this.#connection.repository(collection.entity);
    }
  }
  return MongoRecordRepository;
}
