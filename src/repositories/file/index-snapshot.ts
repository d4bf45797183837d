import { promises as fs } from 'node:fs';
import { compareByPosition, type QueryFields, type QueryPosition } from '../record-query';
import { writeFileDurably } from './durable-fs';
import type { FileIdentity } from './file-identity';
import type { OpenChange } from './index-journal';
import { nullIfMissing } from '../../util/null-if-missing';

/** Bumped whenever the layout below changes: a snapshot of another format is rebuilt, never read. */
export const SNAPSHOT_FORMAT = 1;

/** A record's query fields, and its file's identity when they were read from a settled file (else null). */
export interface IndexEntry {
  fields: QueryFields;
  identity: FileIdentity | null;
}

/** Where the snapshot stands in the journal: which file (its inode) and up to which byte it has applied. */
export interface SnapshotHeader {
  format: number;
  journal: { ino: string; offset: number };
  /** Changes announced and not yet over at `offset`, by token. */
  open: [string, OpenChange][];
}

/**
 * The query fields of every record of a folder as of one point of its journal
 * (`<data folder>/<folder>.index`): a header line, then one line per record sorted by
 * (created, id): `[createdMs, id, updatedMs|null, state, programId, identity|null]`. Sorted lines
 * let a page find its start by a binary search over the bytes and read only the lines it shows,
 * without parsing the rest. It can always be rebuilt from the record files.
 */
export function encodeSnapshot(header: SnapshotHeader, sorted: readonly IndexEntry[]): string {
  const lines = [JSON.stringify(header)];
  for (const { fields, identity } of sorted) {
    const updated = fields.updated instanceof Date ? fields.updated.getTime() : null;
    lines.push(JSON.stringify([fields.created.getTime(), fields.id, updated, fields.state ?? null, fields.programId ?? null, identity]));
  }
  return `${lines.join('\n')}\n`;
}

export async function writeSnapshot(file: string, text: string): Promise<void> {
  // Relaxed: a snapshot lost to a power cut is rebuilt from the record files.
  await writeFileDurably(file, text, 'relaxed');
}

/** The snapshot in `file`; null when there is none or it is not one this version reads. */
export async function readSnapshot(file: string): Promise<SnapshotView | null> {
  const bytes = await fs.readFile(file).catch(nullIfMissing);
  return bytes === null ? null : SnapshotView.of(bytes);
}

function decodeEntry(text: string): IndexEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 6) return null;
  const [created, id, updated, state, programId, identity] = value as unknown[];
  if (typeof created !== 'number' || typeof id !== 'string' || (updated !== null && typeof updated !== 'number') || (identity !== null && typeof identity !== 'string')) return null;
  return { fields: { id, created: new Date(created), updated: updated === null ? null : new Date(updated), state, programId }, identity };
}

/** A snapshot's bytes, read line by line on demand. A line that cannot be decoded makes the whole snapshot unusable. */
export class SnapshotView {
  private constructor(
    readonly header: SnapshotHeader,
    private readonly bytes: Buffer,
    private readonly bodyStart: number,
  ) {}

  static of(bytes: Buffer): SnapshotView | null {
    const end = bytes.indexOf(10);
    if (end < 0 || bytes[bytes.length - 1] !== 10) return null;
    let header: SnapshotHeader;
    try {
      header = JSON.parse(bytes.toString('utf8', 0, end)) as SnapshotHeader;
    } catch {
      return null;
    }
    if (typeof header !== 'object' || header === null || header.format !== SNAPSHOT_FORMAT) return null;
    const { journal, open } = header;
    if (typeof journal?.ino !== 'string' || !Number.isSafeInteger(journal.offset) || journal.offset < 0 || !Array.isArray(open)) return null;
    return new SnapshotView(header, bytes, end + 1);
  }

  /** The entry of the line starting at `start`, and where the next line starts. */
  private lineAt(start: number): { entry: IndexEntry; next: number } {
    const end = this.bytes.indexOf(10, start);
    const entry = decodeEntry(this.bytes.toString('utf8', start, end));
    if (entry === null) throw new DamagedSnapshotError();
    return { entry, next: end + 1 };
  }

  /** The start of the first line whose record comes after `position`. */
  private firstAfter(position: QueryPosition | null): number {
    if (position === null) return this.bodyStart;
    let low = this.bodyStart;
    let high = this.bytes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = Math.max(this.bodyStart, this.bytes.lastIndexOf(10, middle - 1) + 1);
      const { entry, next } = this.lineAt(start);
      if (compareByPosition(entry.fields, position) > 0) high = start;
      else low = next;
    }
    return low;
  }

  /** The entries after `position`, in order. Throws DamagedSnapshotError at a line that cannot be read. */
  *after(position: QueryPosition | null): Generator<IndexEntry> {
    let start = this.firstAfter(position);
    while (start < this.bytes.length) {
      const { entry, next } = this.lineAt(start);
      yield entry;
      start = next;
    }
  }

  /** Every entry, in order. */
  all(): IndexEntry[] {
    return [...this.after(null)];
  }

  get byteLength(): number {
    return this.bytes.length;
  }
}

/** A snapshot line that cannot be read: the index is rebuilt. */
export class DamagedSnapshotError extends Error {
  constructor() {
    super('the query index snapshot is damaged');
  }
}
