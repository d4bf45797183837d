import { promises as fs, type BigIntStats } from 'node:fs';
import { nullIfMissing } from '../../util/null-if-missing';
import { parseJsonOrUndefined } from '../../util/parse-json';
import { withOpenFiles } from './open-files';
import { FOREIGN_TEMP_FILE_AGE_MS, HOST_IDENTITY } from './temp-files';

/**
 * The append-only journal of a record folder's changes (`<data folder>/<folder>.index-journal`),
 * one JSON line each, appended with O_APPEND so lines of several processes never mix:
 * - `{"b":token,"id":id,"h":host,"p":pid,"t":ms}` before a writer of this library changes the record `id`;
 * - `{"a":token,"id":id}` once that change is over (its file renamed, linked or removed, its lock released);
 * - `{"w":1}` after a rescan found the folder as its modification time says (see QueryIndex);
 * - `{"r":1}` after a change made outside the repositories (the CLI's repair): everything is read again.
 * Readers never trust a line they cannot parse: such a line counts as `r`.
 */
export type JournalLine =
  | { kind: 'before'; token: string; id: string; host: string; pid: number; at: number }
  | { kind: 'after'; token: string; id: string }
  | { kind: 'witness' }
  | { kind: 'reset' };

/** A change announced by a `b` line whose `a` line has not been read yet. */
export interface OpenChange {
  id: string;
  host: string;
  pid: number;
  at: number;
}

let counter = 0;

export function newToken(): string {
  counter += 1;
  return `${HOST_IDENTITY}.${process.pid}.${Date.now().toString(36)}.${counter}`;
}

function encode(line: JournalLine): string {
  switch (line.kind) {
    case 'before':
      return JSON.stringify({ b: line.token, id: line.id, h: line.host, p: line.pid, t: line.at });
    case 'after':
      return JSON.stringify({ a: line.token, id: line.id });
    case 'witness':
      return '{"w":1}';
    case 'reset':
      return '{"r":1}';
  }
}

function decode(text: string): JournalLine {
  const value = parseJsonOrUndefined(text);
  if (value === undefined) return { kind: 'reset' };
  const line = value as { b?: unknown; a?: unknown; id?: unknown; h?: unknown; p?: unknown; t?: unknown; w?: unknown };
  if (typeof line !== 'object' || line === null) return { kind: 'reset' };
  if (typeof line.b === 'string' && typeof line.id === 'string' && typeof line.h === 'string' && typeof line.p === 'number' && typeof line.t === 'number') {
    return { kind: 'before', token: line.b, id: line.id, host: line.h, pid: line.p, at: line.t };
  }
  if (typeof line.a === 'string' && typeof line.id === 'string') return { kind: 'after', token: line.a, id: line.id };
  if (line.w === 1) return { kind: 'witness' };
  return { kind: 'reset' };
}

/** The text of journal lines, each ended by a newline. */
export function encodeJournal(lines: readonly JournalLine[]): string {
  return lines.map((line) => `${encode(line)}\n`).join('');
}

/** Appends lines in one write (one O_APPEND write of a few hundred bytes lands whole, after every earlier one). */
export async function appendJournal(journal: string, lines: JournalLine[]): Promise<void> {
  await withOpenFiles(() => fs.appendFile(journal, encodeJournal(lines), { encoding: 'utf8', mode: 0o666 }));
}

/** The journal's stats; null when there is none. */
export function statJournal(journal: string): Promise<BigIntStats | null> {
  return fs.stat(journal, { bigint: true }).catch(nullIfMissing);
}

/**
 * The whole lines from byte `from` up to byte `to` (the size a stat gave), and the offset after
 * the last whole one: a line still being written is read next time. An empty journal part gives no line.
 */
export async function readJournal(journal: string, from: number, to: number, fromMidLine = false): Promise<{ lines: JournalLine[]; end: number }> {
  if (to <= from) return { lines: [], end: from };
  const bytes = await withOpenFiles(async () => {
    const handle = await fs.open(journal, 'r');
    try {
      const buffer = Buffer.alloc(to - from);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  });
  const lastNewline = bytes.lastIndexOf(10);
  if (lastNewline < 0) return { lines: [], end: from };
  // `fromMidLine`: `from` may fall inside a line, which is skipped.
  const first = fromMidLine ? bytes.indexOf(10) + 1 : 0;
  if (first > lastNewline) return { lines: [], end: from + lastNewline + 1 };
  const lines = bytes
    .toString('utf8', first, lastNewline)
    .split('\n')
    .filter((text) => text.length > 0)
    .map((text) => decode(text));
  return { lines, end: from + lastNewline + 1 };
}

/**
 * Whether the writer of an open change may still be at work: on this machine, while its process
 * lives; else (or on another machine) for FOREIGN_TEMP_FILE_AGE_MS after it began.
 */
export function mayStillBeWriting(change: OpenChange, now = Date.now()): boolean {
  if (now - change.at > FOREIGN_TEMP_FILE_AGE_MS) return false;
  if (change.host !== HOST_IDENTITY) return true;
  if (change.pid === process.pid) return true;
  try {
    process.kill(change.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
