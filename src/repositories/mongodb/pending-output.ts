import { randomUUID } from 'node:crypto';
import { encodeText, type StoredText } from '../../codec/text-codec';

/*
 * Fenced output on MongoDB (a step's output committed with its state, SaveOptions.output, and a
 * fenced append). The execution's document is the one place where "at this revision" can be
 * checked atomically, so the lines are first written there, into `pendingOutput`, by the write
 * that checks the revision: the replace of a fenced save, or a `$push` filtered on the revision
 * for a fenced append. That write is the commit; a loser's write matches nothing, so it leaves no
 * line anywhere. Then the lines are moved into `output_chunks` as a chunk whose `_id` is the
 * entry's key, so that whoever moves them (the writer, or, if it died, the next fenced save or
 * append, which moves every entry it finds, in order) inserts them exactly once; then the entry
 * is pulled from the document. Chunks hold committed lines only and are never taken back, so
 * `first`, `end`, lengths and ranges always agree.
 */

/** Lines committed into the execution's document, not yet (known to be) in its output. */
export interface PendingOutput {
  key: string;
  lines: StoredText[];
}

/** The pending entry of the step that won the execution's `revision`. */
export function stepOutput(executionId: string, revision: number, lines: readonly string[]): PendingOutput {
  return { key: `${executionId}/step/${revision}`, lines: lines.map(encodeText) };
}

/** The pending entry of one fenced append. */
export function fencedAppend(executionId: string, lines: readonly string[]): PendingOutput {
  return { key: `${executionId}/append/${randomUUID()}`, lines: lines.map(encodeText) };
}

/** The entries a stored execution document carries: its `pendingOutput`, or none. */
export function pendingOf(document: object | null | undefined): PendingOutput[] {
  const pending = (document as { pendingOutput?: unknown } | null | undefined)?.pendingOutput;
  if (!Array.isArray(pending)) return [];
  return pending.filter(
    (entry): entry is PendingOutput => typeof entry === 'object' && entry !== null && typeof (entry as PendingOutput).key === 'string' && Array.isArray((entry as PendingOutput).lines),
  );
}

/** Moves pending entries into an execution's output: implemented by MongoOutputRepository. */
export interface PendingOutputSink {
  movePending(executionId: string, pending: PendingOutput[]): Promise<void>;
}
