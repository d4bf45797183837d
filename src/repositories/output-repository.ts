/** How an append is fenced: see OutputRepository.append. */
export interface AppendOptions {
  /** Append only while the execution is stored at this revision; otherwise ConflictError, nothing appended. */
  expectedRevision?: number;
}

/** The lines each execution printed, kept apart from its state. */
export abstract class OutputRepository {
  /**
   * Appends the lines after all earlier appends for this execution; an empty list is a no-op.
   * With `expectedRevision`, only while the execution is at that revision, atomically across
   * processes with saves of the execution.
   */
  abstract append(executionId: string, lines: string[], options?: AppendOptions): Promise<void>;
  /** All lines in append order; `[]` when nothing was appended. */
  abstract get(executionId: string): Promise<string[]>;
  /** Removes all output of the execution; a missing one is a no-op. */
  abstract delete(executionId: string): Promise<void>;
}
