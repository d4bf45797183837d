import type { FileHandle } from 'node:fs/promises';
import { countRecordLines } from './output-count';
import { linesOfRecord } from './output-log';
import { CHECKPOINT_BYTES, frontierOf, positionBefore, SCAN_BLOCK_BYTES, type IndexEntry, type LogPosition } from './output-scan';

const NEWLINE = 0x0a;

/**
 * Where a scan for output line `line` should start: the last known position at or before it, or,
 * when `line` lies nearer the frontier than that position (a read of an output's end), the start
 * of a file line found by reading backwards from the frontier, whose line count is known, one
 * record at a time, until the records passed hold the lines from `line` on. Every file line before
 * the frontier is complete, so each is counted as a forward scan would count it. Reads at most
 * CHECKPOINT_BYTES backwards; past that (one huge record) it falls back to the known position.
 */
export async function scanStartFor(handle: FileHandle, file: string, entry: IndexEntry, line: number): Promise<LogPosition> {
  const before = positionBefore(entry, line);
  const frontier = frontierOf(entry);
  if (frontier === before || frontier.lines - line > line - before.lines) return before;
  return (await backwardsFrom(handle, file, frontier, before, line)) ?? before;
}

/** The start of the last file line between `floor` and `frontier` with at most `line` lines before it; null when it is further back than the reading allows. */
async function backwardsFrom(handle: FileHandle, file: string, frontier: LogPosition, floor: LogPosition, line: number): Promise<LogPosition | null> {
  const lowest = Math.max(floor.offset, frontier.offset - CHECKPOINT_BYTES);
  // pending holds the bytes [readFrom, at.offset): its last byte is the newline ending the line before `at`.
  let pending = Buffer.alloc(0);
  let readFrom = frontier.offset;
  let at = frontier;
  while (at.lines > line) {
    const newline = pending.length < 2 ? -1 : pending.lastIndexOf(NEWLINE, pending.length - 2);
    if (newline === -1 && readFrom > floor.offset) {
      if (readFrom <= lowest) return null;
      const length = Math.min(SCAN_BLOCK_BYTES, readFrom - lowest);
      const block = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(block, 0, length, readFrom - length);
      if (bytesRead !== length) return null;
      readFrom -= length;
      pending = Buffer.concat([block, pending]);
      continue;
    }
    const start = newline + 1;
    const bytes = pending.subarray(start, pending.length - 1);
    const count = countRecordLines(bytes) ?? linesOfRecord(bytes.toString('utf8'), file, at.fileLine - 1).length;
    at = { offset: readFrom + start, fileLine: at.fileLine - 1, lines: at.lines - count };
    if (at.offset <= floor.offset || at.lines < floor.lines) return null;
    pending = pending.subarray(0, start);
  }
  return at;
}
