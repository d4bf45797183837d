/** The lines each execution printed, kept apart from its state. */
export abstract class OutputRepository {
  /** Appends the lines after all earlier appends for this execution; an empty list is a no-op. */
  abstract append(executionId: string, lines: string[]): Promise<void>;
  /** All lines in append order; `[]` when nothing was appended. */
  abstract get(executionId: string): Promise<string[]>;
  /** Removes all output of the execution; a missing one is a no-op. */
  abstract delete(executionId: string): Promise<void>;
}
