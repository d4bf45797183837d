import { FORMAT_VERSION } from '../../codec/format-version';
import type { StoredText } from '../../codec/text-codec';
import { CorruptRecordError } from '../../errors';

/*
 * The layout of `output_chunks` since format 3 of the output (docs/mongodb.md, "Output"): an
 * execution's output is its chunks in `seq` order. The last chunk may be open (`open: true`):
 * appends push their lines onto it, in one update that checks it is still open and still holds
 * the `n` lines the appender last saw, so appends land in the order the server applied them, and
 * a push the driver retried after it had landed matches nothing (its `mark` tells the appender). A full open chunk is closed (`open` removed) before the next one is
 * inserted after it, so at most one chunk is open and it is the last. Chunks written before
 * (one per append, no `open`) read as closed chunks, in the same `seq` order.
 */

/** Lines in an open chunk before the next append closes it. */
export const BUCKET_LINES = 4096;
/** Estimated bytes (3 per UTF-16 unit, UTF-8's most) in an open chunk before the next append closes it. */
export const BUCKET_BYTES = 4 * 1024 * 1024;

/** What an appender knows of an execution's last chunk. */
export interface LastChunk {
  seq: number;
  id: unknown;
  /** Whether appends may still push onto it. */
  open: boolean;
  /** The index of its first line in the output; undefined when its chunks carry no bounds (format 1). */
  first: number | undefined;
  /** Its lines. */
  n: number;
  /** The estimated bytes of its lines. */
  bytes: number;
  /** The mark of the last push onto it (none on a chunk no push reached). */
  mark: string | undefined;
}

/** The fields of the last chunk an appender reads (never its lines). */
export const LAST_CHUNK_PROJECTION = { _id: 1, seq: 1, first: 1, end: 1, n: 1, bytes: 1, open: 1, mark: 1 } as const;

/** The estimated bytes of `lines` in a chunk. */
export function estimatedBytes(lines: readonly StoredText[]): number {
  let bytes = 0;
  for (const line of lines) bytes += 3 * (typeof line === 'string' ? line.length : line.str.length) + 16;
  return bytes;
}

/** Whether `lines` (of `bytes`) fit in `chunk` without it passing the limits. */
export function fits(chunk: LastChunk, lines: number, bytes: number): boolean {
  return chunk.open && chunk.n + lines <= BUCKET_LINES && chunk.bytes + bytes <= BUCKET_BYTES;
}

/** Whether `lines` are too many to share a chunk at all: they go into a closed chunk of their own. */
export function oversized(lines: number, bytes: number): boolean {
  return lines > BUCKET_LINES || bytes > BUCKET_BYTES;
}

/** The filter of `chunk` while it is open and holds the lines it held when read. */
export function openAsRead(executionId: string, chunk: LastChunk): Record<string, unknown> {
  return { executionId, seq: chunk.seq, open: true, n: chunk.n };
}

/** The update that pushes `lines` onto an open chunk, with the appender's `mark`. */
export function pushUpdate(chunk: LastChunk, lines: StoredText[], bytes: number, mark: string): Record<string, unknown> {
  const count = lines.length;
  return {
    $push: { lines: { $each: lines } },
    $set: { mark },
    $inc: chunk.first === undefined ? { n: count, bytes } : { n: count, bytes, end: count },
  };
}

/** The chunk that follows `last` (or starts the output) holding `lines`, open unless `closed`. */
export function nextChunk(
  executionId: string,
  last: LastChunk | null,
  lines: StoredText[],
  bytes: number,
  options: { closed: boolean; id?: string },
): Record<string, unknown> {
  const first = last === null ? 0 : last.first === undefined ? undefined : last.first + last.n;
  return {
    ...(options.id === undefined ? {} : { _id: options.id }),
    format: FORMAT_VERSION,
    executionId,
    seq: last === null ? 0 : last.seq + 1,
    ...(first === undefined ? {} : { first, end: first + lines.length }),
    n: lines.length,
    bytes,
    ...(options.closed ? {} : { open: true }),
    lines,
    created: new Date(),
  };
}

/** The appender's view of a chunk it just inserted. */
export function insertedChunk(document: Record<string, unknown>): LastChunk {
  return {
    seq: document.seq as number,
    id: document._id,
    open: document.open === true,
    first: document.first as number | undefined,
    n: document.n as number,
    bytes: document.bytes as number,
    mark: undefined,
  };
}

/**
 * The appender's view of a stored last chunk, as read with LAST_CHUNK_PROJECTION. A chunk
 * written before this layout is closed, and its line count is `end - first` (0 when it has no
 * bounds: only `first` and `end` of the next chunk depend on it, and those are absent then).
 */
export function storedLastChunk(document: Record<string, unknown>, location: string): LastChunk {
  const seq = wholeNumber(document, 'seq', location);
  if (seq === undefined) throw new CorruptRecordError(location, `a chunk has seq ${JSON.stringify(document.seq)}, not a whole number`);
  const first = wholeNumber(document, 'first', location);
  const end = wholeNumber(document, 'end', location);
  const open = document.open === true;
  const n = wholeNumber(document, 'n', location) ?? (first !== undefined && end !== undefined ? end - first : 0);
  if (first !== undefined && end !== undefined && end - first !== n) {
    throw new CorruptRecordError(location, `the chunk with seq ${seq} holds n = ${n} lines, not end - first = ${end - first}`);
  }
  const mark = typeof document.mark === 'string' ? document.mark : undefined;
  return { seq, id: document._id, open, first, n, bytes: wholeNumber(document, 'bytes', location) ?? 0, mark };
}

function wholeNumber(document: Record<string, unknown>, field: string, location: string): number | undefined {
  const value = document[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new CorruptRecordError(location, `the chunk with seq ${String(document.seq)} has ${field} ${JSON.stringify(value)}, not a whole number`);
  }
  return value;
}
