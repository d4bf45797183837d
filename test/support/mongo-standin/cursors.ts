import { calculateObjectSize, Document, Long } from 'bson';
import { CommandError } from './errors';

const DEFAULT_FIRST_BATCH_SIZE = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

interface OpenCursor {
  ns: string;
  docs: Document[];
  position: number;
}

export interface BatchOptions {
  batchSize?: number;
  singleBatch?: boolean;
}

/** Server-side cursors over fully materialised result lists. */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  /** Ids start above 2^32 so clients must handle real int64 cursor ids. */
  private nextId = 5_000_000_000n;

  get openCount(): number {
    return this.cursors.size;
  }

  /** Reply body `{ cursor: { id, ns, firstBatch }, ok: 1 }`, keeping a cursor open if results remain. */
  open(ns: string, docs: Document[], options: BatchOptions = {}): Document {
    const cursor: OpenCursor = { ns, docs, position: 0 };
    const firstBatch = takeBatch(cursor, options.batchSize ?? DEFAULT_FIRST_BATCH_SIZE);
    let id = 0n;
    if (!options.singleBatch && cursor.position < docs.length) {
      id = this.nextId++;
      this.cursors.set(id.toString(), cursor);
    }
    return { cursor: { firstBatch, id: Long.fromBigInt(id), ns }, ok: 1 };
  }

  more(cursorId: unknown, batchSize: number | undefined): Document {
    const key = cursorKey(cursorId);
    const cursor = this.cursors.get(key);
    if (!cursor) throw CommandError.of('CursorNotFound', `cursor id ${key} not found`);
    const nextBatch = takeBatch(cursor, batchSize ?? Number.POSITIVE_INFINITY);
    const exhausted = cursor.position >= cursor.docs.length;
    if (exhausted) this.cursors.delete(key);
    return { cursor: { nextBatch, id: exhausted ? Long.ZERO : Long.fromString(key), ns: cursor.ns }, ok: 1 };
  }

  kill(cursorIds: unknown[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const cursorId of cursorIds) {
      const key = cursorKey(cursorId);
      (this.cursors.delete(key) ? killed : notFound).push(Long.fromString(key));
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  clear(): void {
    this.cursors.clear();
  }
}

function cursorKey(cursorId: unknown): string {
  if (cursorId instanceof Long || typeof cursorId === 'number' || typeof cursorId === 'bigint') {
    return cursorId.toString();
  }
  throw CommandError.of('TypeMismatch', 'cursor id must be an integer');
}

function takeBatch(cursor: OpenCursor, maxCount: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  while (cursor.position < cursor.docs.length && batch.length < maxCount) {
    const doc = cursor.docs[cursor.position];
    // The first document goes in whatever its size: measured only if another may follow it.
    const alone = batch.length === 0 && (cursor.position + 1 === cursor.docs.length || maxCount === 1);
    if (!alone) bytes += calculateObjectSize(doc);
    if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
    batch.push(doc);
    cursor.position++;
  }
  return batch;
}
