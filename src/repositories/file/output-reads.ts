import type { BigIntStats } from 'node:fs';
import { nullIfMissing } from '../../util/null-if-missing';
import type { CheckedOutputRange } from '../../validation/output-range';
import type { FileStore } from './file-store';
import { withOpenFiles } from './open-files';
import { readOutputIndex, removeOutputIndex, writeOutputIndex } from './output-index-file';
import { advance, CHECKPOINT_BYTES, frontierOf, OutputIndex, scanOutputLog, type IndexEntry, type LogPosition } from './output-scan';
import { scanStartFor } from './output-tail';
import { openRegularFile, READ_ONLY, type OpenedFile } from './regular-files';

/** Bytes of output a scan must pass over, past what the sidecar covers, before it rewrites the sidecar. */
export const STORE_AFTER_BYTES = 4 * CHECKPOINT_BYTES;

/**
 * The range reads and the length of one store's output logs (see FileOutputRepository), with the
 * positions they learnt: loaded by the first such read, so that a process that only appends and
 * reads whole outputs never loads the scanner, the tail search or the sidecar code.
 */
export class OutputReads {
  private readonly index = new OutputIndex();

  constructor(private readonly store: FileStore) {}

  /**
   * The number of lines in the log `file` (0 when there is none); `seen` is told the count and
   * the file's stats when the scan ended on a record as this library writes it (or the file is
   * empty), so that an append starting at that size knows the length it leaves.
   */
  async length(file: string, seen?: (stats: BigIntStats, lines: number) => void): Promise<number> {
    let scanned: IndexEntry | undefined;
    const length = await this.scan(file, async ({ handle, stats }) => {
      const entry = (scanned = await this.positionsOf(file, { handle, stats }));
      let count = frontierOf(entry).lines;
      let asWritten = stats.size === 0n;
      await scanOutputLog(handle, file, frontierOf(entry), Number(stats.size), (record, bytes) => {
        advance(entry, record, bytes);
        count = record.at.lines + record.count;
        // Counted without parsing: exactly as written (output-count.ts), not a torn append.
        asWritten = record.lines === undefined && bytes.length > 0;
      }, () => false);
      if (asWritten) seen?.(stats, count);
      return count;
    });
    if (scanned !== undefined) await this.storeIfGrown(file, scanned);
    return length ?? 0;
  }

  /** The lines `[from, from + limit)` of the log `file`, scanning from the last known position at or before `from` up to the last line wanted. */
  async range(file: string, { from, limit }: CheckedOutputRange): Promise<string[]> {
    if (limit === 0) return [];
    const end = limit === undefined ? Number.POSITIVE_INFINITY : from + limit;
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

  /** Forgets the positions of the log `file` and removes its sidecar (the log is being deleted). */
  async forget(file: string): Promise<void> {
    this.index.forget(file);
    await removeOutputIndex(file);
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
}
