import { FORMAT_VERSION } from '../../codec/format-version';
import { CURRENT_EXECUTION_KEY, Metadata } from '../../entities/metadata.entity';
import { readStoredFormat } from '../stored-format';
import { CorruptRecordError } from '../../errors';
import { MetadataRepository } from '../metadata-repository';
import type { MongoConnection } from './mongodb-connection';
import { isDuplicateKeyError } from './mongodb-errors';
import { adoptOriginalCurrent, readOriginalCurrent } from './original-store';

/**
 * StoredMetadata as `metadata` documents `{ key, value }`, unique by key. A missing document and a null
 * value both read as null. compareAndSet is one conditional update, atomic on the server.
 * Keys and values come checked from the adapter (an id; a string or null), so none acts as a
 * query operator. The original package's current execution (`{ _id: 'current', currentExecutionId }`) reads as
 * the setting while there is no setting document; the first change turns it into one.
 */
export class MongoMetadataRepository extends MetadataRepository {
  constructor(private readonly connection: MongoConnection) {
    super();
  }

  get(key: string): Promise<string | null> {
    return this.connection.track(async () => {
      const [document] = await this.connection.io(location(key), 'read', () =>
        this.settings().createCursor({ key }).project({ _id: 0, value: 1, format: 1 }).limit(1).toArray(),
      );
      if (document === undefined && key === CURRENT_EXECUTION_KEY && this.connection.original.current) {
        return (await this.connection.io(location(key), 'read', () => readOriginalCurrent(this.connection.source))) ?? null;
      }
      if (document !== undefined) readStoredFormat(document, location(key));
      const value: unknown = (document as { value?: unknown } | undefined)?.value ?? null;
      if (value !== null && typeof value !== 'string') throw new CorruptRecordError(location(key), 'value is not a string or null');
      return value;
    });
  }

  set(key: string, value: string | null): Promise<void> {
    return this.connection.track(async () => {
      await this.adoptOriginal(key);
      const write = () => this.settings().updateOne({ key }, { $set: { value, format: FORMAT_VERSION } }, { upsert: true });
      await this.connection.io(location(key), 'write', async () => {
        // A duplicate key means a concurrent first write created the document: update it now.
        const { upsertedCount } = await write().catch((error: unknown) => (isDuplicateKeyError(error) ? write() : Promise.reject(error)));
        if (upsertedCount === 1) await this.created();
      });
    });
  }

  compareAndSet(key: string, expected: string | null, next: string | null): Promise<boolean> {
    return this.connection.track(async () => {
      await this.adoptOriginal(key);
      return this.connection.io(location(key), 'write', async () => {
        if (expected !== null) {
          const result = await this.settings().updateOne({ key, value: expected }, { $set: { value: next, format: FORMAT_VERSION } });
          return result.matchedCount === 1;
        }
        // `value: null` also matches a document without the field; with no document at all the
        // upsert inserts one, unless another value is stored, which the unique key index refuses.
        try {
          const { upsertedCount } = await this.settings().updateOne({ key, value: null }, { $set: { value: next, format: FORMAT_VERSION } }, { upsert: true });
          if (upsertedCount === 1) await this.created();
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      });
    });
  }

  /** Before a change of the current execution, the original package's document becomes the setting. */
  private async adoptOriginal(key: string): Promise<void> {
    if (key !== CURRENT_EXECUTION_KEY || !this.connection.original.current) return;
    await this.connection.io(location(key), 'write', () => adoptOriginalCurrent(this.connection.source, key, FORMAT_VERSION, isDuplicateKeyError));
  }

  /** After an upsert inserted a document: the collection may be new, without its unique key index (docs/mongodb.md). */
  private created(): Promise<void> {
    return this.connection.afterCreate('metadata', Metadata);
  }

  private settings() {
    return this.connection.repository(Metadata);
  }
}

function location(key: string): string {
  return `collection metadata, key ${JSON.stringify(key)}`;
}
