import { AlreadyExistsError, ConflictError } from '../../errors';
import { byCreatedThenId } from '../../util/order-records';
import { firstRevision } from '../first-revision';
import { decodeRecord, type RecordCodec } from '../record-format';
import { RecordRepository, type Revisioned, type SaveOptions } from '../record-repository';
import type { StoredText } from './memory-store';

type StoredRecord = { id: string; created: Date };

/**
 * The memory backend's repository of one kind of record: each record kept as its encoded
 * document's JSON text, so what a caller later changes in its object never reaches the store and
 * every read is a fresh copy. Each call does its check and its write in one synchronous step, so
 * of fenced saves from one revision exactly one wins.
 */
export class MemoryRecordRepository<T extends StoredRecord> extends RecordRepository<T> {
  constructor(
    private readonly records: Map<string, StoredText>,
    private readonly codec: RecordCodec<T>,
    private readonly location: string,
    /** A fenced save's step output: checked before the save writes, appended right after it, in the same step. */
    private readonly prepareStep: (id: string, output: string[]) => () => void = () => () => undefined,
  ) {
    super(location === 'executions' ? 'execution' : 'program');
  }

  async save(record: T, options?: SaveOptions): Promise<void> {
    const text = this.encode(record);
    const current = this.records.get(record.id)?.revision ?? null;
    const expected = options?.expectedRevision;
    if (expected !== undefined && expected !== current) throw new ConflictError(this.codec.idField, record.id, expected, current);
    const appendStep = expected !== undefined && options?.output !== undefined ? this.prepareStep(record.id, options.output) : undefined;
    this.records.set(record.id, { text, revision: current === null ? firstRevision() : current + 1 });
    appendStep?.();
  }

  async create(record: T): Promise<void> {
    const text = this.encode(record);
    if (this.records.has(record.id)) throw new AlreadyExistsError(this.codec.idField, record.id);
    this.records.set(record.id, { text, revision: firstRevision() });
  }

  async get(id: string): Promise<T | null> {
    return (await this.read(id))?.record ?? null;
  }

  async read(id: string): Promise<Revisioned<T> | null> {
    const stored = this.records.get(id);
    return stored === undefined ? null : { record: this.decode(id, stored), revision: stored.revision };
  }

  async list(): Promise<T[]> {
    return [...this.records].map(([id, stored]) => this.decode(id, stored)).sort(byCreatedThenId);
  }

  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }

  /** Deletes the record only if it is at `revision`; tells whether it did. */
  deleteAtRevision(id: string, revision: number): boolean {
    if (this.records.get(id)?.revision !== revision) return false;
    this.records.delete(id);
    return true;
  }

  private encode(record: T): string {
    return JSON.stringify(this.codec.toDocument(record));
  }

  private decode(id: string, stored: StoredText): T {
    return decodeRecord(this.codec, JSON.parse(stored.text), `memory:${this.location}/${id}`, id);
  }
}
