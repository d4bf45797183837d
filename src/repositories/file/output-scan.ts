import type { BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { countRecordLines } from './output-count';
import { linesOfRecord } from './output-log';

/** Bytes read from an output file per read() while scanning it. */
export const SCAN_BLOCK_BYTES = 64 * 1024;
/** Bytes of output file between two positions an OutputIndex keeps. */
export const CHECKPOINT_BYTES = 256 * 1024;
/** Output files an OutputIndex keeps positions of; beyond that, the least recently used is forgotten. */
export const MAX_INDEXED_FILES = 1024;
/** Bytes before an index's last position it compares with the file, to tell the same file from a new one. */
const TAIL_BYTES = 32;

const NEWLINE = 0x0a;

/**
 * A place in an output file where one of its lines (the text between two newlines) starts: its
 * byte `offset`, its 0-based `fileLine` (for error messages, as parseOutputLog counts them) and
 * the number of output `lines` the records before it hold.
 */
export interface LogPosition {
  readonly offset: number;
  readonly fileLine: number;
  readonly lines: number;
}

export const LOG_START: LogPosition = { offset: 0, fileLine: 0, lines: 0 };

/** What a scan is told about each file line: where it starts, its lines, and whether a newline ended it. */
export interface ScannedRecord {
  readonly at: LogPosition;
  /** How many output lines the record holds. */
  readonly count: number;
  /** Its lines; undefined for a record counted only (see scanOutputLog's `wanted`). */
  readonly lines: readonly string[] | undefined;
  /** False for the file's last line, which may still be an append in progress. */
  readonly complete: boolean;
}

/**
 * Reads the output file from `start` to `size` in blocks of SCAN_BLOCK_BYTES and hands each file
 * line, parsed by the torn-record rule (linesOfRecord), to `visit`, until it returns false. Holds
 * one block and one record at a time, never the file: memory does not grow with the output. Each
 * line is decoded on its own, leniently, which gives what decoding the whole file gives, since a
 * newline byte never occurs inside a UTF-8 sequence. With `wanted`, a record as this library
 * writes it is only counted (output-count.ts) unless `wanted` says its lines are needed.
 */
export async function scanOutputLog(
  handle: FileHandle,
  file: string,
  start: LogPosition,
  size: number,
  visit: (record: ScannedRecord, bytes: Buffer) => boolean | void,
  wanted?: (at: LogPosition, count: number) => boolean,
): Promise<void> {
  const block = Buffer.allocUnsafe(SCAN_BLOCK_BYTES);
  let parts: Buffer[] = [];
  let at = start;
  let offset = start.offset;
  const emit = (bytes: Buffer, complete: boolean): boolean => {
    let count = wanted === undefined ? undefined : countRecordLines(bytes);
    let lines: readonly string[] | undefined;
    if (count === undefined || wanted?.(at, count) === true) {
      lines = linesOfRecord(bytes.toString('utf8'), file, at.fileLine);
      count = lines.length;
    }
    const keepGoing = visit({ at, count, lines, complete }, bytes) !== false;
    at = { offset: at.offset + bytes.length + 1, fileLine: at.fileLine + 1, lines: at.lines + count };
    return keepGoing;
  };
  while (offset < size) {
    const { bytesRead } = await handle.read(block, 0, Math.min(SCAN_BLOCK_BYTES, size - offset), offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
    let from = 0;
    for (let newline = block.indexOf(NEWLINE, 0); newline !== -1 && newline < bytesRead; newline = block.indexOf(NEWLINE, from)) {
      const piece = block.subarray(from, newline);
      const record = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      parts = [];
      from = newline + 1;
      if (!emit(record, true)) return;
    }
    // The rest of the block starts a line the next block ends: copied, since the block is reused.
    if (from < bytesRead) parts.push(Buffer.from(block.subarray(from, bytesRead)));
  }
  emit(Buffer.concat(parts), false);
}

export interface IndexEntry {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly birthtimeNs: bigint;
  /** Ascending, at least CHECKPOINT_BYTES apart but for the last, the frontier: every file line before it is complete. */
  readonly positions: LogPosition[];
  /** The bytes that end just before the frontier (its newline last). */
  tail: Buffer;
  /** The frontier's offset as last stored beside the file (output-index-file.ts); undefined when never. */
  storedOffset?: number;
}

/**
 * Where the lines of recently read output files start: a position every CHECKPOINT_BYTES, and the
 * frontier, the start of the last file line seen complete (followed by a newline). An output file
 * is only ever appended to (one record per write, O_APPEND) until it is removed, so what precedes
 * a position never changes while the file is the same one: same device, inode and birth time, at
 * least as long, and the bytes just before the frontier unchanged (which tells a new file that
 * reused the inode of a removed one, where the file system keeps no birth time). A range read
 * starts from the last position at or before its `from`, and a length scans from the frontier:
 * both read a bounded part of the file once its positions are known. About 40 bytes per
 * CHECKPOINT_BYTES of output (1 KiB for a 256 MiB file).
 */
export class OutputIndex {
  private readonly entries = new Map<string, IndexEntry>();

  /**
   * The known positions of the file open on `handle` (one read of at most TAIL_BYTES to check
   * them), or a fresh list holding only the start. The list is this file's from now on: scans
   * extend it through advance().
   */
  async positionsOf(file: string, handle: FileHandle, stats: BigIntStats, stored?: (file: string) => Promise<IndexEntry | null>): Promise<IndexEntry> {
    const known = this.entries.get(file);
    this.entries.delete(file);
    let entry: IndexEntry | undefined;
    if (known !== undefined && (await sameFile(known, handle, stats))) entry = known;
    if (entry === undefined && stored !== undefined) {
      const found = await stored(file);
      if (found !== null && (await sameFile(found, handle, stats))) entry = { ...found, storedOffset: frontierOf(found).offset };
    }
    entry ??= { dev: stats.dev, ino: stats.ino, birthtimeNs: stats.birthtimeNs, positions: [LOG_START], tail: Buffer.alloc(0) };
    this.entries.set(file, entry);
    if (this.entries.size > MAX_INDEXED_FILES) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  /** Forgets the file: called before this process removes it. */
  forget(file: string): void {
    this.entries.delete(file);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The last position of `entry` at or before output line `line`. */
export function positionBefore(entry: IndexEntry, line: number): LogPosition {
  const { positions } = entry;
  let low = 0;
  let high = positions.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (positions[middle].lines <= line) low = middle;
    else high = middle - 1;
  }
  return positions[low];
}

export function frontierOf(entry: IndexEntry): LogPosition {
  return entry.positions[entry.positions.length - 1];
}

/**
 * Records that the complete file line `bytes` at `record.at` was scanned: the position after it
 * becomes the frontier if it lies past it, and the old frontier stays as a checkpoint if it is
 * CHECKPOINT_BYTES past the one before.
 */
export function advance(entry: IndexEntry, record: ScannedRecord, bytes: Buffer): void {
  if (!record.complete) return;
  const next: LogPosition = { offset: record.at.offset + bytes.length + 1, fileLine: record.at.fileLine + 1, lines: record.at.lines + record.count };
  const { positions } = entry;
  const frontier = positions[positions.length - 1];
  if (next.offset <= frontier.offset) return;
  const previous = positions[positions.length - 2];
  if (previous !== undefined && frontier.offset - previous.offset < CHECKPOINT_BYTES) positions[positions.length - 1] = next;
  else positions.push(next);
  const tail = Buffer.alloc(Math.min(TAIL_BYTES, bytes.length + 1));
  bytes.copy(tail, 0, bytes.length + 1 - tail.length);
  tail[tail.length - 1] = NEWLINE;
  entry.tail = tail;
}

async function sameFile(entry: IndexEntry, handle: FileHandle, stats: BigIntStats): Promise<boolean> {
  if (entry.dev !== stats.dev || entry.ino !== stats.ino || entry.birthtimeNs !== stats.birthtimeNs) return false;
  const frontier = frontierOf(entry).offset;
  if (stats.size < BigInt(frontier)) return false;
  if (entry.tail.length === 0) return true;
  const found = Buffer.alloc(entry.tail.length);
  const { bytesRead } = await handle.read(found, 0, found.length, frontier - found.length);
  return bytesRead === found.length && found.equals(entry.tail);
}
