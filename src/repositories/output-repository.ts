/** How an append is fenced: see OutputRepository.append. */
export interface AppendOptions {
  /** Append only while the execution is stored at this revision; otherwise ConflictError, nothing appended. */
  expectedRevision?: number;
}

/**
 * Which lines of an execution's output to read: `[from, from + limit)`, by index in append order.
 * `from` defaults to 0, `limit` to every line after `from`; both are non-negative safe integers
 * (counting from the end is not supported: read `length` first). A range past the end reads [].
 */
export interface OutputRange {
  from?: number;
  limit?: number;
}

/**
 * The lines each execution printed, kept apart from its state. The output repository an adapter
 * hands out checks ids, lines, options and ranges (typed errors naming the field, before any I/O);
 * a backend's own receives them checked and copied.
 */
export abstract class OutputRepository {
  /**
   * Appends the lines after all earlier appends for this execution; an empty list is a no-op.
   * With `expectedRevision`, only while the execution is at that revision, atomically across
   * processes with saves of the execution.
   */
  abstract append(executionId: string, lines: string[], options?: AppendOptions): Promise<void>;
  /**
   * All lines in append order, `[]` when nothing was appended; with `range`, only the lines
   * `[from, from + limit)` of them, read without loading the rest into memory.
   */
  abstract get(executionId: string, range?: OutputRange): Promise<string[]>;
  /** How many lines the execution's output holds; 0 when nothing was appended. */
  abstract length(executionId: string): Promise<number>;
  /** Removes all output of the execution; a missing one is a no-op. */
  abstract delete(executionId: string): Promise<void>;
  /**
   * The output's length right after this process's last append to it, when that append was the
   * last call about the output this asks after (each such length is handed out once); undefined
   * when the backend does not know it, and the caller reads `length`. Another process's append
   * since is not in it. By default, undefined.
   */
  takeAppendedLength(_executionId: string): number | undefined {
    return undefined;
  }
}
