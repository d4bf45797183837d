/**
 * Save, create, get, list and delete of one kind of record, each keyed by its `id`. The program
 * and execution repositories are this contract under their own names.
 */
export abstract class RecordRepository<T> {
  /** Validates, then atomically creates or replaces the record with this id. */
  abstract save(record: T): Promise<void>;
  /**
   * Validates, then stores the record only if no record has its id: otherwise rejects with
   * AlreadyExistsError (code ALREADY_EXISTS) and changes nothing. Atomic across processes.
   */
  abstract create(record: T): Promise<void>;
  abstract get(id: string): Promise<T | null>;
  /** Every record, ordered by `created`, then `id`. */
  abstract list(): Promise<T[]>;
  /** Removes the record; a missing id is a no-op. */
  abstract delete(id: string): Promise<void>;
}
