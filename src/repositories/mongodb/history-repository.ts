import { FORMAT_VERSION } from '../../codec/format-version';
import type { ExecutionHistoryEntry } from '../../entities/execution-history.entity';
import { CorruptRecordError } from '../../errors';
import { HistoryRepository, type HistoryEntry, type HistoryPageRequest } from '../history-repository';
import { decodeRecord, executionCodec } from '../record-format';
import type { MongoConnection } from './mongodb-connection';
import { isDuplicateKeyError } from './mongodb-errors';

export const HISTORY_COLLECTION = 'execution_history';
export const HISTORY_INDEX = 'execution_history_execution_revision_unique';

/**
 * Past states in their own collection, one document per (executionId, revision), kept unique by
 * HISTORY_INDEX, which also serves a list (equality on executionId, then revision descending) and
 * a trim (one deleteMany below a revision). The index is created by the first entry written on each connection, so a store that
 * never turns history on has no such collection.
 */
export class MongoHistoryRepository extends HistoryRepository {
  private indexedGeneration = -1;

  constructor(private readonly connection: MongoConnection) {
    super();
  }

  async record(executionId: string, entry: HistoryEntry): Promise<void> {
    const document: Omit<ExecutionHistoryEntry, '_id'> = {
      format: FORMAT_VERSION,
      executionId,
      revision: entry.revision,
      outputLength: entry.outputLength,
      execution: executionCodec.toDocument(entry.execution),
    };
    await this.call(executionId, 'write', async (runner) => {
      await this.ensureIndex(runner);
      try {
        await runner.insertOne(HISTORY_COLLECTION, document);
      } catch (error) {
        // The state at a revision never changes: another writer recorded the same one first.
        if (!isDuplicateKeyError(error)) throw error;
      }
    });
  }

  async get(executionId: string, revision: number): Promise<HistoryEntry | null> {
    const found = await this.call(executionId, 'read', (runner) => runner.cursor(HISTORY_COLLECTION, { executionId, revision }).limit(1).toArray());
    return found.length === 0 ? null : entryOf(found[0], executionId);
  }

  async list(executionId: string, page: HistoryPageRequest): Promise<HistoryEntry[]> {
    const filter = page.before === null ? { executionId } : { executionId, revision: { $lt: page.before } };
    const found = await this.call(executionId, 'read', (runner) =>
      runner.cursor(HISTORY_COLLECTION, filter).sort({ executionId: 1, revision: -1 }).limit(page.limit).toArray(),
    );
    return found.map((document) => entryOf(document, executionId));
  }

  async trimBelow(executionId: string, below: number): Promise<void> {
    await this.call(executionId, 'trim', (runner) => runner.deleteMany(HISTORY_COLLECTION, { executionId, revision: { $lt: below } }, {}));
  }

  async delete(executionId: string): Promise<void> {
    await this.call(executionId, 'delete', (runner) => runner.deleteMany(HISTORY_COLLECTION, { executionId }, {}));
  }

  private call<T>(executionId: string, operation: string, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const location = `${HISTORY_COLLECTION}/${executionId}`;
    return this.connection.track(() =>
      this.connection.io(location, operation, async () => {
        return work(this.connection.source.mongoManager.mongoQueryRunner);
      }),
    );
  }

  private async ensureIndex(runner: QueryRunner): Promise<void> {
    const generation = this.connection.generation;
    if (this.indexedGeneration === generation) return;
    await runner.createCollectionIndex(HISTORY_COLLECTION, { executionId: 1, revision: 1 }, { name: HISTORY_INDEX, unique: true });
    this.indexedGeneration = generation;
  }
}

type QueryRunner = MongoConnection['source']['mongoManager']['mongoQueryRunner'];

/** The entry a history document holds, or a CorruptRecordError. */
export function entryOf(document: Record<string, unknown>, executionId: string): HistoryEntry {
  const location = `${HISTORY_COLLECTION}/${executionId}`;
  const { revision, outputLength, execution } = document;
  if (!Number.isSafeInteger(revision) || !Number.isSafeInteger(outputLength)) throw new CorruptRecordError(location, 'it is not a history entry');
  return { revision: revision as number, outputLength: outputLength as number, execution: decodeRecord(executionCodec, execution, location, executionId) };
}
