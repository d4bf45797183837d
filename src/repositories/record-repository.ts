import type { ExecutionQuery } from '../types';
import { parseRecordQuery, queryList, type ParsedQuery, type QueryFields, type QueryKind, type RecordPage } from './record-query';

/** How a save is fenced: see RecordRepository.save. */
export interface SaveOptions {
  /**
   * Write only if the stored record is at this revision (null: only if there is none yet);
   * otherwise reject with ConflictError (code CONFLICT) and write nothing.
   */
  expectedRevision?: number | null;
  /**
   * Executions only, with `expectedRevision`: output lines committed with the state, as one step.
   * If the save wins they are appended to the execution's output exactly once (after the output
   * of every earlier step); if it loses (ConflictError) none of them are.
   */
  output?: string[];
}

/** A stored record with its revision: a fresh one when created (see first-revision.ts), one more on every save. */
export interface Revisioned<T> {
  record: T;
  revision: number;
}

/**
 * Save, create, get, list, delete and query of one kind of record, each keyed by its `id`. The
 * program and execution repositories are this contract under their own names. Every stored
 * record has a revision the storage maintains (not a field of the record): on creation one higher
 * than any earlier record of that id had (first-revision.ts), +1 on every save.
 *
 * The repositories an adapter hands out check every call (connection, ids, records, options)
 * before any I/O; a backend's own repositories receive what those checks let through, already
 * copied, and only read and write.
 */
export abstract class RecordRepository<T> {
  /** `kind` says which query fields apply: a program query refuses `state` and `programId`. */
  constructor(private readonly kind: QueryKind) {}

  /**
   * Atomically creates or replaces the record with this id. With `expectedRevision`, only if the
   * stored revision is that one, atomically across processes.
   */
  abstract save(record: T, options?: SaveOptions): Promise<void>;
  /**
   * Stores the record only if no record has its id: otherwise rejects with AlreadyExistsError
   * (code ALREADY_EXISTS) and changes nothing. Atomic across processes.
   */
  abstract create(record: T): Promise<void>;
  abstract get(id: string): Promise<T | null>;
  /** The record with its current revision, or null. */
  abstract read(id: string): Promise<Revisioned<T> | null>;
  /** Every record, ordered by `created`, then `id`. */
  abstract list(): Promise<T[]>;
  /** Removes the record; a missing id is a no-op. */
  abstract delete(id: string): Promise<void>;

  /**
   * One page of the records matching `query`, ordered by `created`, then `id` (see
   * ExecutionQuery). The query is checked (a ValidationError naming the field) before any I/O,
   * then answered by `find`.
   */
  query(query?: ExecutionQuery): Promise<RecordPage<T>> {
    let parsed: ParsedQuery;
    try {
      parsed = parseRecordQuery(query, this.kind);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.find(parsed);
  }

  /** One page of a checked query. This default filters `list()`; the file and MongoDB repositories answer it their own way. */
  async find(query: ParsedQuery): Promise<RecordPage<T>> {
    return queryList((await this.list()) as unknown as QueryFields[], query) as unknown as RecordPage<T>;
  }
}
