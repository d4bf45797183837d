import { randomUUID } from 'node:crypto';
import { decodeText, encodeText, isTaggedText, type StoredText } from '../../codec/text-codec';
import { Execution as ExecutionEntity } from '../../entities/execution.entity';
import { OutputChunk } from '../../entities/output-chunk.entity';
import { ConflictError, CorruptRecordError } from '../../errors';
import { CallOrder } from '../../util/call-order';
import { sliceRange, type CheckedOutputRange } from '../../validation/output-range';
import { OutputRepository, type AppendOptions, type OutputRange } from '../output-repository';
import type { MongoConnection } from './mongodb-connection';
import { isDuplicateKeyError } from './mongodb-errors';
import { estimatedBytes, fits, insertedChunk, LAST_CHUNK_PROJECTION, nextChunk, openAsRead, oversized, pushUpdate, storedLastChunk, type LastChunk } from './output-buckets';
import { fencedAppend, pendingOf, type PendingOutput, type PendingOutputSink } from './pending-output';
import { atExpectedRevision, storedRevisionOf } from './revision-filter';
import { readStoredFormat } from '../stored-format';
import { rangeAfterOriginal } from '../range-after-original';
import { deleteOriginalOutput, originalOutputLocation, readOriginalOutput } from './original-store';

/** Executions created here whose first append may try seq 0 unasked; beyond that, the oldest are asked. */
const REMEMBERED_EXECUTIONS = 10_000;
/** Marks this process's pushes apart from every other process's; `pushes` counts them. */
const MARK_PREFIX = `${randomUUID().slice(0, 8)}.`;
let pushes = 0;
/** Writes refused because other processes appended in between, before giving up. */
const MAX_SEQ_CONFLICTS = 100;

/**
 * Output as `output_chunks` documents `{ format, executionId, seq, first, end, lines, created }`, one per
 * append and read back in `seq` order; `first` and `end` bound the chunk's lines in the output
 * (`[first, end)`), taken from the last chunk's `end` when the append reads it, so a range read
 * fetches only the chunks that overlap it and a length is the last chunk's `end`. An execution
 * whose output began before `first` was stored (format 1) gets none in later chunks either, and
 * its range reads and length read every chunk. Appends to one execution are serialized within this process. Each
 * append asks for the last seq and inserts the next (two round trips): a seq remembered from an
 * earlier append could be stale after another process deleted the output and started again, and
 * the chunk would then sort after appends made later. The unique `(executionId, seq)` index
 * catches another process that took the seq first: the last seq is then asked again and the
 * insert retried. The first append to an execution this process just created tries seq 0 without
 * asking (one round trip): 0 is never past the end, so at worst the index refuses it.
 * In a database the original package wrote, an execution's output begins with the lines of its
 * document in the original's `outputs` (read-only; appends add chunks after them); `first` and
 * `end` of the chunks count from the first chunk, after those lines.
 */
export class MongoOutputRepository extends OutputRepository implements PendingOutputSink {
  private readonly appends = new CallOrder();
  private readonly created = new Set<string>();
  /** The open last chunk of executions this process appended to, as it left them. */
  private readonly lastChunks = new Map<string, LastChunk>();
  /** The output's length as this process's last append left it, until handed out (takeAppendedLength). */
  private readonly appendedLengths = new Map<string, number>();
  private generation = -1;

  constructor(private readonly connection: MongoConnection) {
    super();
  }

  append(executionId: string, lines: string[], options?: AppendOptions): Promise<void> {
    return this.connection.track(async () => {
      const expected = options?.expectedRevision;
      const copy = lines;
      await this.appends.run(executionId, () =>
        this.connection.io(location(executionId), 'append to', async () => {
          if (expected === undefined) return void (await this.insertChunk(executionId, copy));
          // Committed into the execution's document at that revision, then moved (pending-output.ts).
          const entry = fencedAppend(executionId, copy);
          const { matchedCount } = await this.executions().updateOne(atExpectedRevision(executionId, expected), { $push: { pendingOutput: entry } } as never);
          if (matchedCount !== 1) throw new ConflictError('execution id', executionId, expected, await storedRevisionOf(this.connection, ExecutionEntity, executionId));
          await this.moveStoredPending(executionId);
        }),
      );
    });
  }

  /** Moves every entry the execution's document holds into its output, in order. */
  private async moveStoredPending(executionId: string): Promise<void> {
    const [document] = await this.executions().createCursor({ id: executionId }).project({ _id: 0, pendingOutput: 1 }).limit(1).toArray();
    await this.insertPending(executionId, pendingOf(document));
  }

  /**
   * Moves the entries (read from the execution's document) into its output, in order, each as the
   * chunk whose `_id` is its key, so exactly once; then pulls them from the document.
   */
  movePending(executionId: string, pending: PendingOutput[]): Promise<void> {
    if (pending.length === 0) return Promise.resolve();
    return this.appends.run(executionId, () => this.connection.io(location(executionId), 'append to', () => this.insertPending(executionId, pending)));
  }

  private async insertPending(executionId: string, pending: PendingOutput[]): Promise<void> {
    if (pending.length === 0) return;
    for (const entry of pending) await this.insertChunk(executionId, entry.lines, entry.key);
    // $pullAll of the entries as stored (FerretDB 1.24 ignores a $pull with a condition).
    await this.executions().updateOne({ id: executionId }, { $pullAll: { pendingOutput: pending } } as never);
  }

  get(executionId: string, range?: OutputRange): Promise<string[]> {
    return this.connection.track(async () => {
      const checked = range === undefined ? undefined : { from: range.from ?? 0, limit: range.limit };
      const original = await this.originalLines(executionId);
      if (checked === undefined) {
        const lines = await this.readAll(executionId);
        return original.length === 0 ? lines : [...original, ...lines];
      }
      if (checked.limit === 0) return [];
      if (original.length === 0) return this.readChunkRange(executionId, checked);
      return rangeAfterOriginal(original, checked, (logRange) => this.readChunkRange(executionId, logRange));
    });
  }

  private async readChunkRange(executionId: string, checked: CheckedOutputRange): Promise<string[]> {
    return (await this.readRange(executionId, checked)) ?? sliceRange(await this.readAll(executionId), checked);
  }

  /** The execution's lines in the original package's `outputs`, when the database had any on connect. */
  private async originalLines(executionId: string): Promise<string[]> {
    if (!this.connection.original.outputs) return [];
    return this.connection.io(originalOutputLocation(executionId), 'read', () => readOriginalOutput(this.connection.source, executionId));
  }

  /** Known after a push or insert of this process's (not after a fenced append's move), in a database without the original's outputs. */
  override takeAppendedLength(executionId: string): number | undefined {
    this.forgetIfReconnected();
    const length = this.appendedLengths.get(executionId);
    this.appendedLengths.delete(executionId);
    return this.connection.original.outputs ? undefined : length;
  }

  length(executionId: string): Promise<number> {
    return this.connection.track(async () => {
      const original = (await this.originalLines(executionId)).length;
      const [last] = await this.connection.io(location(executionId), 'read', () =>
        this.chunks().createCursor({ executionId }).sort({ seq: -1 }).project({ _id: 0, seq: 1, end: 1 }).limit(1).toArray(),
      );
      if (last === undefined) return original;
      return original + (lineBound(last as ChunkBounds, 'end', executionId) ?? (await this.readAll(executionId)).length);
    });
  }

  /** Every line, from every chunk in `seq` order. */
  private async readAll(executionId: string): Promise<string[]> {
    const chunks = await this.connection.io(location(executionId), 'read', () =>
      this.chunks().createCursor({ executionId }).sort({ seq: 1 }).project({ _id: 0, seq: 1, lines: 1, format: 1 }).toArray(),
    );
    const lines: string[] = [];
    for (const chunk of chunks as StoredChunk[]) {
      // One push per line: spreading a chunk of 200,000 lines into push() overflows the stack.
      for (const line of linesOf(chunk, executionId)) lines.push(decodeLine(line, chunk, executionId));
    }
    return lines;
  }

  /**
   * The lines `[from, from + limit)` from the chunks that overlap them (one query over the
   * `(executionId, seq)` index), or null when the chunks cannot tell (a chunk without `first` and
   * `end`, or chunks that do not follow on), for the caller to read every chunk instead.
   */
  private async readRange(executionId: string, { from, limit }: CheckedOutputRange): Promise<string[] | null> {
    const to = limit === undefined ? undefined : from + limit;
    const overlapping = { end: { $gt: from }, ...(to === undefined ? {} : { first: { $lt: to } }) };
    const chunks = await this.connection.io(location(executionId), 'read', () =>
      this.chunks()
        .createCursor({ executionId, $or: [overlapping, { end: { $exists: false } }] })
        .sort({ seq: 1 })
        .project({ _id: 0, seq: 1, first: 1, end: 1, lines: 1, format: 1 })
        .toArray(),
    );
    const lines: string[] = [];
    let next: number | undefined;
    for (const chunk of chunks as StoredChunk[]) {
      const first = lineBound(chunk, 'first', executionId);
      const end = lineBound(chunk, 'end', executionId);
      if (first === undefined || end === undefined || (next === undefined ? first > from : first !== next)) return null;
      const stored = linesOf(chunk, executionId);
      if (stored.length !== end - first) throw new CorruptRecordError(location(executionId), `the chunk with seq ${String(chunk.seq)} holds ${stored.length} lines, not end - first = ${end - first}`);
      for (let i = Math.max(0, from - first); i < stored.length && (to === undefined || first + i < to); i++) lines.push(decodeLine(stored[i], chunk, executionId));
      next = end;
    }
    return lines;
  }

  delete(executionId: string): Promise<void> {
    return this.connection.track(async () => {
      await this.deleting(executionId, () =>
        this.connection.io(location(executionId), 'delete', async () => {
          await this.chunks().deleteMany({ executionId });
          if (this.connection.original.outputs) await deleteOriginalOutput(this.connection.source, executionId);
        }),
      );
    });
  }

  /**
   * Runs `work`, which deletes the execution's chunks (alone or in a transaction), between this
   * process's appends to it.
   */
  async deleting(executionId: string, work: () => Promise<unknown>): Promise<void> {
    await this.appends.run(executionId, async () => {
      this.created.delete(executionId);
      this.lastChunks.delete(executionId);
      this.appendedLengths.delete(executionId);
      await work();
    });
  }

  /**
   * Notes that this execution was just created, so its first append can try seq 0 without asking.
   * If chunks exist after all, the unique index refuses that insert and the append re-reads.
   */
  expectNoOutput(executionId: string): void {
    this.forgetIfReconnected();
    this.created.add(executionId);
    if (this.created.size > REMEMBERED_EXECUTIONS) this.created.delete(this.created.values().next().value as string);
  }

  /**
   * Appends the lines to the execution's output (output-buckets.ts): pushed onto its open last
   * chunk when they fit (one round trip while this process knows that chunk as it is stored),
   * else in a chunk inserted after the last one, which is closed first if open. With `key`, the
   * lines go into a closed chunk of their own whose _id is the key, and a chunk already stored
   * with it means the lines are in (pending-output.ts).
   */
  private async insertChunk(executionId: string, lines: readonly (string | StoredText)[], key?: string): Promise<void> {
    this.forgetIfReconnected();
    const stored = lines.map((line) => (typeof line === 'string' ? encodeText(line) : line));
    const bytes = estimatedBytes(stored);
    // Without atomic filtered updates (FerretDB 1.x) two pushes could both apply to one state and
    // one be lost: every append then inserts a closed chunk of its own, checked by the unique index.
    const alone = key !== undefined || oversized(stored.length, bytes) || !this.connection.atomicUpdates;
    // What this process knows of the last chunk: null for none (an execution it just created).
    const justCreated = this.created.delete(executionId);
    let last: LastChunk | null | undefined = justCreated ? null : this.lastChunks.get(executionId);
    this.lastChunks.delete(executionId);
    this.appendedLengths.delete(executionId);
    for (let conflicts = 0; ; conflicts++) {
      if (conflicts > MAX_SEQ_CONFLICTS) throw new Error(`${MAX_SEQ_CONFLICTS} appends to ${executionId} in other processes came between this append's read and write`);
      if (last === undefined) last = await this.lastChunk(executionId);
      if (last !== null && last.open && !alone && fits(last, stored.length, bytes)) {
        const mark = `${MARK_PREFIX}${(pushes++).toString(36)}`;
        const { matchedCount } = await this.chunks().updateOne(openAsRead(executionId, last), pushUpdate(last, stored, bytes, mark) as never);
        const read = matchedCount === 1 ? null : await this.lastChunk(executionId);
        // A push retried by the driver after its first attempt landed matches nothing; its mark tells.
        if (matchedCount === 1 || (read !== null && read.seq === last.seq && read.mark === mark)) {
          this.remember(executionId, { ...last, n: last.n + stored.length, bytes: last.bytes + bytes });
          return;
        }
        last = read;
        continue;
      }
      if (last !== null && last.open) {
        // Full, or the lines go alone: close it (as read; another push in between means read again).
        const { matchedCount } = await this.chunks().updateOne(openAsRead(executionId, last), { $unset: { open: '' } } as never);
        last = matchedCount === 1 ? { ...last, open: false } : undefined;
        continue;
      }
      const chunk = nextChunk(executionId, last, stored, bytes, { closed: alone, id: key });
      try {
        await this.chunks().insertOne(chunk);
        if (!alone) this.remember(executionId, insertedChunk(chunk));
        else if (key === undefined) this.rememberLength(executionId, insertedChunk(chunk));
        // The collection may be new, without its unique (executionId, seq) index (docs/mongodb.md);
        // not after the first chunk of an execution this process just inserted, whose insert checked.
        if (!(justCreated && chunk.seq === 0)) await this.connection.afterCreate('output_chunks', OutputChunk);
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        if (key !== undefined && (await this.chunks().createCursor({ _id: key } as never).project({ _id: 1 }).limit(1).toArray()).length > 0) return;
        const after = await this.lastChunk(executionId);
        // The driver retries an insert whose connection broke; if the first attempt had landed
        // (on a server that does not deduplicate retried writes), the retry meets this very chunk.
        // The driver gave the chunk its _id before sending, which tells it from another's.
        if (chunk._id !== undefined && (await this.landed(executionId, chunk.seq as number, chunk._id, after))) {
          if (!alone && after !== null && after.seq === chunk.seq) this.remember(executionId, after);
          return;
        }
        last = after;
      }
    }
  }

  /** Whether the chunk at `seq` is the one with `id`; asks the server only when `last` is not it. */
  private async landed(executionId: string, seq: number, id: unknown, last: LastChunk | null): Promise<boolean> {
    if (last !== null && last.seq === seq) return String(last.id) === String(id);
    if (last === null || last.seq < seq) return false;
    const [atSeq] = await this.chunks().createCursor({ executionId, seq }).project({ _id: 1 }).limit(1).toArray();
    return atSeq !== undefined && String((atSeq as { _id?: unknown })._id) === String(id);
  }

  /** The execution's last chunk as stored (without its lines), or null when it has none. */
  private async lastChunk(executionId: string): Promise<LastChunk | null> {
    const [last] = await this.chunks().createCursor({ executionId }).sort({ seq: -1 }).project(LAST_CHUNK_PROJECTION).limit(1).toArray();
    return last === undefined ? null : storedLastChunk(last as Record<string, unknown>, location(executionId));
  }

  /** Keeps what this process knows of the execution's open last chunk, for its next append. */
  private remember(executionId: string, chunk: LastChunk): void {
    this.lastChunks.set(executionId, chunk);
    if (this.lastChunks.size > REMEMBERED_EXECUTIONS) this.lastChunks.delete(this.lastChunks.keys().next().value as string);
    this.rememberLength(executionId, chunk);
  }

  /** Keeps the output's length as the append that stored `chunk` left it (takeAppendedLength). */
  private rememberLength(executionId: string, chunk: LastChunk): void {
    if (chunk.first === undefined) return;
    this.appendedLengths.set(executionId, chunk.first + chunk.n);
    if (this.appendedLengths.size > REMEMBERED_EXECUTIONS) this.appendedLengths.delete(this.appendedLengths.keys().next().value as string);
  }

  /** After a reconnect the server may have been replaced: nothing created before counts. */
  private forgetIfReconnected(): void {
    if (this.generation === this.connection.generation) return;
    this.created.clear();
    this.lastChunks.clear();
    this.appendedLengths.clear();
    this.generation = this.connection.generation;
  }

  private chunks() {
    return this.connection.repository(OutputChunk);
  }

  private executions() {
    return this.connection.repository(ExecutionEntity);
  }
}

interface ChunkBounds {
  seq?: unknown;
  first?: unknown;
  end?: unknown;
}

interface StoredChunk extends ChunkBounds {
  lines?: unknown;
  format?: unknown;
}

/** The chunk's `first` or `end`, undefined when it has none (written before them). */
function lineBound(chunk: ChunkBounds, field: 'first' | 'end', executionId: string): number | undefined {
  const value = chunk[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new CorruptRecordError(location(executionId), `the chunk with seq ${String(chunk.seq)} has ${field} ${JSON.stringify(value)}, not a whole number`);
  }
  return value;
}

/** The chunk's stored lines, after checking its format and that they are an array. */
function linesOf(chunk: StoredChunk, executionId: string): unknown[] {
  readStoredFormat(chunk as Record<string, unknown>, location(executionId));
  if (!Array.isArray(chunk.lines)) throw new CorruptRecordError(location(executionId), noLines(chunk));
  return chunk.lines as unknown[];
}

function decodeLine(line: unknown, chunk: StoredChunk, executionId: string): string {
  if (typeof line === 'string') return line;
  if (isTaggedText(line)) return decodeTextOrCorrupt(line, executionId, noLines(chunk));
  throw new CorruptRecordError(location(executionId), noLines(chunk));
}

function noLines(chunk: StoredChunk): string {
  return `the chunk with seq ${String(chunk.seq)} has no array of string lines`;
}

function decodeTextOrCorrupt(line: unknown, executionId: string, problem: string): string {
  try {
    return decodeText(line, 'line');
  } catch (error) {
    throw new CorruptRecordError(location(executionId), problem, { cause: error });
  }
}

function location(executionId: string): string {
  return `collection output_chunks, executionId ${JSON.stringify(executionId)}`;
}
