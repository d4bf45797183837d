import { promises as fs } from 'node:fs';
import { compareByPosition, type QueryFields, type QueryPosition } from '../record-query';
import { writeFileDurably } from './durable-fs';
import type { FileIdentity } from './file-identity';
import type { OpenChange } from './index-journal';
import { nullIfMissing } from '../../util/null-if-missing';
import { parseJsonOrUndefined } from '../../util/parse-json';
import { withOpenFiles } from './open-files';

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

function decodeEntry(text: string): IndexEntry | null {
  const value = parseJsonOrUndefined(text);
  if (!Array.isArray(value) || value.length !== 6) return null;
  const [created, id, updated, state, programId, identity] = value as unknown[];
  if (typeof created !== 'number' || typeof id !== 'string' || (updated !== null && typeof updated !== 'number') || (identity !== null && typeof identity !== 'string')) return null;
  return { fields: { id, created: new Date(created), updated: updated === null ? null : new Date(updated), state, programId }, identity };
}

function decodeHeader(text: string): SnapshotHeader | null {
  const header = parseJsonOrUndefined(text) as SnapshotHeader | undefined;
  if (typeof header !== 'object' || header === null || header.format !== SNAPSHOT_FORMAT) return null;
  const { journal, open } = header;
  if (typeof journal?.ino !== 'string' || !Number.isSafeInteger(journal.offset) || journal.offset < 0 || !Array.isArray(open)) return null;
  return header;
}

/** What a page reads of a snapshot file at a time. */
const BLOCK_BYTES = 64 * 1024;

/**
 * A snapshot, read a block at a time as pages need its lines (a page reads the header, the
 * blocks of a binary search and those of its lines, not the whole file). Blocks are kept while
 * the file is the one they were read from (`attach` tells before each page); each block read
 * opens the file under the process's bound on open files. A line that cannot be decoded, or a
 * file replaced in the middle of a page, is a DamagedSnapshotError.
 */
export class SnapshotView {
  private readonly blocks = new Map<number, Buffer>();

  private constructor(
    readonly header: SnapshotHeader,
    private readonly file: string | null,
    private readonly ino: bigint | null,
    private readonly size: number,
    private readonly bodyStart: number,
  ) {}

  /** A snapshot held in memory whole (as just written). */
  static ofText(text: string): SnapshotView {
    const bytes = Buffer.from(text, 'utf8');
    const end = bytes.indexOf(10);
    const view = new SnapshotView(decodeHeader(bytes.toString('utf8', 0, end)) as SnapshotHeader, null, null, bytes.length, end + 1);
    for (let index = 0; index * BLOCK_BYTES < bytes.length; index++) view.blocks.set(index, bytes.subarray(index * BLOCK_BYTES, (index + 1) * BLOCK_BYTES));
    return view;
  }

  /** The snapshot in `file`, its header read; null when there is none, or not one this version reads. */
  static async open(file: string): Promise<SnapshotView | null> {
    const stats = await fs.stat(file, { bigint: true }).catch(nullIfMissing);
    if (stats === null || stats.size === 0n) return null;
    const size = Number(stats.size);
    const probe = new SnapshotView({ format: SNAPSHOT_FORMAT, journal: { ino: '', offset: 0 }, open: [] }, file, stats.ino, size, 0);
    try {
      const end = await probe.newlineFrom(0);
      if (end < 0 || (await probe.range(size - 1, size))[0] !== 10) return null;
      const header = decodeHeader((await probe.range(0, end)).toString('utf8'));
      if (header === null) return null;
      const view = new SnapshotView(header, file, stats.ino, size, end + 1);
      for (const [index, block] of probe.blocks) view.blocks.set(index, block);
      return view;
    } catch (error) {
      if (error instanceof DamagedSnapshotError || (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Whether the file is still this snapshot (not replaced, not gone), before a page reads it. */
  async attach(): Promise<boolean> {
    if (this.file === null) return true;
    const stats = await fs.stat(this.file, { bigint: true }).catch(nullIfMissing);
    return stats !== null && stats.ino === this.ino && Number(stats.size) === this.size;
  }

  private async block(index: number): Promise<Buffer> {
    const kept = this.blocks.get(index);
    if (kept !== undefined) return kept;
    const file = this.file as string;
    const length = Math.min(BLOCK_BYTES, this.size - index * BLOCK_BYTES);
    const bytes = await withOpenFiles(async () => {
      const handle = await fs.open(file, 'r');
      try {
        if ((await handle.stat({ bigint: true })).ino !== this.ino) throw new DamagedSnapshotError();
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, index * BLOCK_BYTES);
        if (bytesRead !== length) throw new DamagedSnapshotError();
        return buffer;
      } finally {
        await handle.close();
      }
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DamagedSnapshotError();
      throw error;
    });
    this.blocks.set(index, bytes);
    return bytes;
  }

  /** The bytes from `start` to `end`. */
  private async range(start: number, end: number): Promise<Buffer> {
    const first = Math.floor(start / BLOCK_BYTES);
    const last = Math.floor((end - 1) / BLOCK_BYTES);
    if (first === last) return (await this.block(first)).subarray(start - first * BLOCK_BYTES, end - first * BLOCK_BYTES);
    const parts: Buffer[] = [];
    for (let index = first; index <= last; index++) parts.push(await this.block(index));
    return Buffer.concat(parts).subarray(start - first * BLOCK_BYTES, end - first * BLOCK_BYTES);
  }

  /** Where the first newline at or after `from` is; -1 when none. */
  private async newlineFrom(from: number): Promise<number> {
    for (let index = Math.floor(from / BLOCK_BYTES); index * BLOCK_BYTES < this.size; index++) {
      const block = await this.block(index);
      const found = block.indexOf(10, Math.max(0, from - index * BLOCK_BYTES));
      if (found >= 0) return index * BLOCK_BYTES + found;
    }
    return -1;
  }

  /** Where the line holding byte `at` starts (at least bodyStart). */
  private async lineStartOf(at: number): Promise<number> {
    for (let index = Math.floor((at - 1) / BLOCK_BYTES); index >= 0 && at > this.bodyStart; index--) {
      const block = await this.block(index);
      const found = block.lastIndexOf(10, at - 1 - index * BLOCK_BYTES);
      if (found >= 0) return Math.max(this.bodyStart, index * BLOCK_BYTES + found + 1);
    }
    return this.bodyStart;
  }

  /** The entry of the line starting at `start`, and where the next line starts. */
  private async lineAt(start: number): Promise<{ entry: IndexEntry; next: number }> {
    const end = await this.newlineFrom(start);
    const entry = end < 0 ? null : decodeEntry((await this.range(start, end)).toString('utf8'));
    if (entry === null) throw new DamagedSnapshotError();
    return { entry, next: end + 1 };
  }

  /** The start of the first line whose record comes after `position`. */
  private async firstAfter(position: QueryPosition | null): Promise<number> {
    if (position === null) return this.bodyStart;
    let low = this.bodyStart;
    let high = this.size;
    while (low < high) {
      const start = await this.lineStartOf((low + high) >>> 1);
      const { entry, next } = await this.lineAt(start);
      if (compareByPosition(entry.fields, position) > 0) high = start;
      else low = next;
    }
    return low;
  }

  /** The entries after `position`, in order. */
  async *after(position: QueryPosition | null): AsyncGenerator<IndexEntry> {
    let start = await this.firstAfter(position);
    while (start < this.size) {
      const { entry, next } = await this.lineAt(start);
      yield entry;
      start = next;
    }
  }

  /** Every entry, in order (the whole file read). */
  async all(): Promise<IndexEntry[]> {
    const entries: IndexEntry[] = [];
    for await (const entry of this.after(null)) entries.push(entry);
    return entries;
  }
}

/** A snapshot line that cannot be read: the index is rebuilt. */
export class DamagedSnapshotError extends Error {
  constructor() {
    super('the query index snapshot is damaged');
  }
}
