import { ConflictError } from '../../errors';
import { nullIfMissing } from '../../util/null-if-missing';
import type { CheckedOutputRange } from '../../validation/output-range';
import { rangeAfterOriginal } from '../range-after-original';
import { OutputRepository, type AppendOptions, type OutputRange } from '../output-repository';
import { readFileAndStats, removeFileDurably } from './durable-fs';
import { withFileLock } from './file-lock';
import { claimRevision, LIVE_CLAIM } from './revision-claims';
import { holdsAnotherId } from './file-names';
import type { FileStore } from './file-store';
import { withOpenFiles } from './open-files';
import { checkOutputGrowth } from '../output-cap';
import { checkOutputReadable } from './output-limit';
import { formatOutputRecord, parseOutputLog } from './output-log';
import { readOriginalOutput } from './original-output';
import { readOutputIndex, removeOutputIndex, writeOutputIndex } from './output-index-file';
import { advance, CHECKPOINT_BYTES, frontierOf, OutputIndex, scanOutputLog, type IndexEntry, type LogPosition } from './output-scan';
import { scanStartFor } from './output-tail';
import { openRegularFile, READ_ONLY, type OpenedFile } from './regular-files';
import { completeStoredStep } from './step-output';
import { storedHead } from './stored-revision';

/**
 * Output as `outputs/<executionId>.jsonl`, after the lines of the original package's
 * `outputs/<executionId>.output` when connect found that file (read-only: appends go to the log),
 * appended to with O_APPEND, one write per call, up to
 * MAX_OUTPUT_BYTES per execution (see output-cap.ts). A range read and a length scan the file in
 * blocks (output-scan.ts), from the last position the OutputIndex knows before the range, or
 * backwards from the last one for a read of the end (output-tail.ts). A scan that passed over
 * STORE_AFTER_BYTES the file's sidecar did not cover stores the positions beside it
 * (output-index-file.ts) for the processes that read it later (the index and its sidecars are
 * off with the store's `cacheBytes: 0`; a read-only store only reads them).
 */
/** Bytes of output a scan must pass over, past what the sidecar covers, before it rewrites the sidecar. */
export const STORE_AFTER_BYTES = 4 * CHECKPOINT_BYTES;

export class FileOutputRepository extends OutputRepository {
  private readonly index = new OutputIndex();

  constructor(private readonly store: FileStore) {
    super();
  }

  async append(executionId: string, lines: string[], options?: AppendOptions): Promise<void> {
    const expected = options?.expectedRevision;
    const record = formatOutputRecord(lines);
    const file = this.path(executionId);
    const append = () => this.store.appenders.append(file, record, checkOutputGrowth(executionId), this.store.durability);
    await this.store.writes.run(file, () =>
      this.store.io(file, 'append to', () => (expected === undefined ? append() : this.whileAtExpectedRevision(executionId, expected, append))),
    );
  }

  /**
   * Runs `work` holding the execution record's lock, if the record is at `revision` (saves take
   * the same lock), and the claim of the next revision, as a save from `revision` would
   * (revision-claims.ts): of the append and a save from that revision, one goes first.
   */
  private whileAtExpectedRevision(executionId: string, revision: number, work: () => Promise<void>): Promise<void> {
    const executionFile = this.store.recordPath('executions', executionId);
    return withFileLock(executionFile, async () => {
      const claim = await claimRevision(executionFile, revision + 1);
      if (claim === null) throw new ConflictError('execution id', executionId, revision, revision, LIVE_CLAIM);
      try {
        const head = await storedHead(executionFile);
        const actual = head?.revision ?? null;
        if (actual !== revision) throw new ConflictError('execution id', executionId, revision, actual);
        // The step's lines come first, if its writer died before it appended them (step-output.ts).
        if (head?.step === true) await completeStoredStep(this.store, executionId, executionFile, head.revision, true);
        await work();
      } finally {
        await claim.release();
      }
    });
  }

  async get(executionId: string, range?: OutputRange): Promise<string[]> {
    const checked = range === undefined ? undefined : { from: range.from ?? 0, limit: range.limit };
    const original = await this.originalLines(executionId);
    if (checked !== undefined) return this.getRangeAfter(original, executionId, checked);
    const file = this.path(executionId);
    // Decoded leniently: a record torn inside a multi-byte character must still read as torn.
    const read = await this.store.io(file, 'read', () => readFileAndStats(file, checkOutputReadable(file)));
    const lines = read === null ? [] : parseOutputLog(read.bytes.toString('utf8'), file);
    return original.length === 0 ? lines : [...original, ...lines];
  }

  /** The lines of the original package's output file of the execution, [] when there is none. */
  private async originalLines(executionId: string): Promise<string[]> {
    const file = this.store.originalOutputPath(executionId);
    if (file === null) return [];
    return (await this.store.io(file, 'read', () => readOriginalOutput(file))) ?? [];
  }

  /** The range of the original lines followed by the log's. */
  private getRangeAfter(original: string[], executionId: string, range: CheckedOutputRange): Promise<string[]> {
    return rangeAfterOriginal(original, range, (logRange) => this.getRange(executionId, logRange));
  }

  async length(executionId: string): Promise<number> {
    const original = (await this.originalLines(executionId)).length;
    const file = this.path(executionId);
    let scanned: IndexEntry | undefined;
    const length = await this.scan(file, async ({ handle, stats }) => {
      const entry = (scanned = await this.positionsOf(file, { handle, stats }));
      let count = frontierOf(entry).lines;
      await scanOutputLog(handle, file, frontierOf(entry), Number(stats.size), (record, bytes) => {
        advance(entry, record, bytes);
        count = record.at.lines + record.count;
      }, () => false);
      return count;
    });
    if (scanned !== undefined) await this.storeIfGrown(file, scanned);
    return original + (length ?? 0);
  }

  async delete(executionId: string): Promise<void> {
    const file = this.path(executionId);
    await this.store.writes.run(file, () => {
      this.index.forget(file);
      return this.store.io(file, 'delete', async () => {
        if (await this.belongsToAnother(executionId)) return;
        await this.store.appenders.drop(file);
        await removeFileDurably(file, this.store.durability);
        await removeOutputIndex(file);
        const original = this.store.originalOutputPath(executionId);
        if (original === null) return;
        await removeFileDurably(original, this.store.durability);
        this.store.forgetOriginalOutput(executionId);
      });
    });
  }

  /** The lines `[from, from + limit)`, scanning from the last known position at or before `from` up to the last line wanted. */
  private async getRange(executionId: string, { from, limit }: CheckedOutputRange): Promise<string[]> {
    if (limit === 0) return [];
    const end = limit === undefined ? Number.POSITIVE_INFINITY : from + limit;
    const file = this.path(executionId);
    let scanned: IndexEntry | undefined;
    const lines = await this.scan(file, async ({ handle, stats }) => {
      const entry = (scanned = await this.positionsOf(file, { handle, stats }));
      const found: string[] = [];
      const wanted = (at: LogPosition, count: number) => at.lines + count > from && at.lines < end;
      await scanOutputLog(
        handle,
        file,
        await scanStartFor(handle, file, entry, from),
        Number(stats.size),
        (record, bytes) => {
          advance(entry, record, bytes);
          const first = record.at.lines;
          const { lines } = record;
          if (lines !== undefined) for (let i = Math.max(0, from - first); i < lines.length && first + i < end; i++) found.push(lines[i]);
          return first + record.count < end;
        },
        wanted,
      );
      return found;
    });
    if (scanned !== undefined) await this.storeIfGrown(file, scanned);
    return lines ?? [];
  }

  /** The file's index entry (from its sidecar if this process knows none), or a throwaway one when the store's cache is off. */
  private positionsOf(file: string, { handle, stats }: OpenedFile) {
    if (this.store.cache.enabled) return this.index.positionsOf(file, handle, stats, readOutputIndex);
    return new OutputIndex().positionsOf(file, handle, stats);
  }

  /**
   * Stores the entry's positions beside the file once scans took its frontier STORE_AFTER_BYTES
   * past what the sidecar holds; called after the scan let go of its file operation slot (the
   * write takes one of its own). The sidecar only saves later processes a scan: a failure to
   * write it (a full disk, a folder made read-only) leaves the read as it is.
   */
  private async storeIfGrown(file: string, entry: IndexEntry): Promise<void> {
    if (!this.store.cache.enabled || this.store.readOnly) return;
    const frontier = frontierOf(entry).offset;
    if (frontier - (entry.storedOffset ?? 0) < STORE_AFTER_BYTES) return;
    entry.storedOffset = frontier;
    await writeOutputIndex(file, entry).catch(() => false);
  }

  /** Runs `read` on the file opened for reading (one descriptor), or resolves null when there is no file. */
  private scan<T>(file: string, read: (opened: OpenedFile) => Promise<T>): Promise<T | null> {
    return this.store.io(file, 'read', () =>
      withOpenFiles(async () => {
        const opened = await openRegularFile(file, READ_ONLY).catch(nullIfMissing);
        if (opened === null) return null;
        try {
          return await read(opened);
        } finally {
          await opened.handle.close();
        }
      }),
    );
  }

  /**
   * Whether the execution file of `executionId` holds another id the file system does not tell
   * apart from it (`Report` and `report` on macOS): the output file is then that one's too.
   */
  private async belongsToAnother(executionId: string): Promise<boolean> {
    return holdsAnotherId((await storedHead(this.store.recordPath('executions', executionId)))?.id, executionId);
  }

  private path(executionId: string): string {
    return this.store.recordPath('outputs', executionId, '.jsonl');
  }
}
