/** What `check` can find. */
export type ProblemKind =
  | 'damaged-record'
  | 'damaged-output'
  | 'torn-output-tail'
  | 'orphan-output'
  | 'damaged-metadata'
  | 'dangling-current'
  | 'temp-leftover';

/** How `check --repair` fixes a problem; none of these deletes data. */
export type Repair =
  /** Move the file into `quarantine/` under the data folder, at the same relative path. */
  | { action: 'quarantine-file'; path: string }
  /** Copy the bytes past `keepBytes` into `quarantine/`, then cut the file there. */
  | { action: 'drop-tail'; path: string; keepBytes: number }
  /** Copy the document into the `quarantine` collection, then remove it from its own. */
  | { action: 'quarantine-document'; collection: string; documentId: unknown }
  | { action: 'clear-current' };

export interface Problem {
  kind: ProblemKind;
  /** The file, or the collection and id. */
  location: string;
  detail: string;
  repair: Repair;
}

export function describeProblem(problem: Problem): string {
  return `${problem.kind}: ${problem.location}: ${problem.detail}`;
}
