import { FORMAT_VERSION } from '../../codec/format-version';
import { decodeText, encodeText, isTaggedText, type StoredText } from '../../codec/text-codec';
import { Execution as ExecutionEntity } from '../../entities/execution.entity';
import { OutputChunk } from '../../entities/output-chunk.entity';
import { ConflictError, CorruptRecordError } from '../../errors';
import { CallOrder } from '../../util/call-order';
import { sliceRange, type CheckedOutputRange } from '../../validation/output-range';
import { OutputRepository, type AppendOptions, type OutputRange } from '../output-repository';
import type { MongoConnection } from './mongodb-connection';
import { isDuplicateKeyError } from './mongodb-errors';
import { fencedAppend, pendingOf, type PendingOutput, type PendingOutputSink } from './pending-output';
import { atExpectedRevision, storedRevisionOf } from './revision-filter';
import { readStoredFormat } from '../stored-format';
import { rangeAfterOriginal } from '../range-after-original';
import { deleteOriginalOutput, originalOutputLocation, readOriginalOutput } from './original-store';

/** Executions created here whose first append may try seq 0 unasked; beyond that, the oldest are asked. */
const REMEMBERED_EXECUTIONS = 10_000;
/** Inserts refused because other processes took the seq, before giving up. */
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
   * Inserts the lines as the execution's next chunk; resolves to the chunk's _id. With `key`, the
   * chunk's _id is the key, and a chunk already stored with it means the lines are in (pending-output.ts).
   */
  private async insertChunk(executionId: string, lines: readonly (string | StoredText)[], key?: string): Promise<unknown> {
    this.forgetIfReconnected();
    let { next: seq, nextFirst: first } = this.created.delete(executionId) ? { next: 0, nextFirst: 0 } : await this.lastChunk(executionId);
    for (let conflicts = 0; ; conflicts++) {
      const chunk: {
        _id?: unknown;
        format: typeof FORMAT_VERSION;
        executionId: string;
        seq: number;
        first?: number;
        end?: number;
        lines: StoredText[];
        created: Date;
      } = {
        format: FORMAT_VERSION,
        executionId,
        seq,
        ...(first === undefined ? {} : { first, end: first + lines.length }),
        lines: lines.map((line) => (typeof line === 'string' ? encodeText(line) : line)),
        created: new Date(),
        ...(key === undefined ? {} : { _id: key }),
      };
      try {
        await this.chunks().insertOne(chunk);
        return chunk._id;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        if (key !== undefined && (await this.chunks().createCursor({ _id: key } as never).project({ _id: 1 }).limit(1).toArray()).length > 0) return key;
        if (conflicts >= MAX_SEQ_CONFLICTS) throw error;
        const last = await this.lastChunk(executionId);
        // The driver retries an insert whose connection broke; if the first attempt had landed
        // (on a server that does not deduplicate retried writes), the retry meets this very chunk.
        // The driver gave the chunk its _id before sending, which tells it from another's.
        if (chunk._id !== undefined && (await this.landed(executionId, seq, chunk._id, last))) return chunk._id;
        ({ next: seq, nextFirst: first } = last);
      }
    }
  }

  /** Whether the chunk at `seq` is the one with `id`; asks the server only when `last` is not it. */
  private async landed(executionId: string, seq: number, id: unknown, last: { seq?: number; id?: unknown }): Promise<boolean> {
    if (last.seq === seq) return String(last.id) === String(id);
    if (last.seq === undefined || last.seq < seq) return false;
    const [atSeq] = await this.chunks().createCursor({ executionId, seq }).project({ _id: 1 }).limit(1).toArray();
    return atSeq !== undefined && String((atSeq as { _id?: unknown })._id) === String(id);
  }

  /**
   * The seq and _id of the execution's last chunk, the seq that follows it (0 when none), and the
   * index of the line that follows it (its `end`; 0 when none; undefined when it has no `end`).
   */
  private async lastChunk(executionId: string): Promise<{ next: number; nextFirst: number | undefined; seq?: number; id?: unknown }> {
    const [last] = await this.chunks().createCursor({ executionId }).sort({ seq: -1 }).project({ _id: 1, seq: 1, end: 1 }).limit(1).toArray();
    if (last === undefined) return { next: 0, nextFirst: 0 };
    const { seq, _id: id } = last as { seq?: unknown; _id?: unknown };
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
      throw new CorruptRecordError(location(executionId), `a chunk has seq ${JSON.stringify(seq)}, not a whole number`);
    }
    return { next: seq + 1, nextFirst: lineBound(last as ChunkBounds, 'end', executionId), seq, id };
  }

  /** After a reconnect the server may have been replaced: nothing created before counts. */
  private forgetIfReconnected(): void {
    if (this.generation === this.connection.generation) return;
    this.created.clear();
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
