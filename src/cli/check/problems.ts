/** What `check` can find. */
export type ProblemKind =
  | 'damaged-record'
  | 'damaged-output'
  | 'torn-output-tail'
  | 'orphan-output'
  | 'orphan-history'
  | 'damaged-history'
  | 'damaged-metadata'
  | 'dangling-current'
  | 'temp-leftover'
  | 'newer-format';

/** A file as the scan read it: a repair acts on it only while it is still this file. */
export interface FileStamp {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** How `check --repair` fixes a problem; none of these deletes data but orphan history. */
export type Repair =
  /**
   * Move the file into `quarantine/` under the data folder, at the same relative path, if it is
   * still the file scanned; with `executionId` (orphan output) only while that execution is missing.
   */
  | { action: 'quarantine-file'; path: string; scanned: FileStamp; executionId?: string }
  /** Copy the torn bytes past `keepBytes` into `quarantine/`, then end them with a newline, if the file is still as scanned. */
  | { action: 'seal-tail'; path: string; keepBytes: number; scanned: FileStamp; executionId: string }
  /**
   * Copy the document into the `quarantine` collection, then remove it from its own if it is still
   * the document scanned; with `executionId` (orphan chunk) only while that execution is missing.
   */
  | { action: 'quarantine-document'; collection: string; documentId: unknown; executionId?: string }
  /**
   * Remove the history folder of an execution that is gone (with `executionId` only while that
   * execution is still missing, holding its lock): an entry of a deleted execution is worth nothing.
   */
  | { action: 'remove-history'; path: string; name: string; executionId?: string }
  /** Clear the current pointer if it still names `executionId` and that execution is still missing. */
  | { action: 'clear-current'; executionId: string }
  /** Nothing to repair here (a record of a newer version): left where it is. */
  | { action: 'none' };

export interface Problem {
  kind: ProblemKind;
  /** The file, or the collection and id. */
  location: string;
  detail: string;
  repair: Repair;
}

/**
 * A test seam: `at` is awaited at named points of a scan or a repair (`read` before each file or
 * collection is read, `act` before each repair action), so a test can change the store there.
 */
export interface CheckHooks {
  at?(point: 'read' | 'act', location: string): Promise<void> | void;
}

export function describeProblem(problem: Problem): string {
  return `${problem.kind}: ${problem.location}: ${problem.detail}`;
}
