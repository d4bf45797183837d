import { promises as fs, type BigIntStats, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Durability } from './file-options';
import { withOpenFiles } from './open-files';
import { APPEND_EXISTING, APPEND_OR_CREATE, openRegularFile, READ_ONLY, type OpenedFile } from './regular-files';
import { tempPathFor } from './temp-files';
import { nullIfMissing } from '../../util/null-if-missing';

/*
 * Every function here runs as one operation under withOpenFiles (at most two descriptors), and
 * opens every descriptor it needs before it writes a byte: running out of descriptors fails the
 * call before anything changed, never after the data is written.
 */

/**
 * Atomic replacement: write a temp file in the same folder, rename it over the target. A crash of
 * the process at any instant leaves the old content or the new, never a mix. With `strict`
 * durability the temp file is fsynced before the rename and the folder after it, so the new
 * content also survives a power loss once the call resolves; `relaxed` skips both syncs.
 * The rename replaces whatever entry is at `target` (a link included) and never writes through it.
 */
export function writeFileDurably(target: string, content: string, durability: Durability = 'strict'): Promise<void> {
  return placeFileDurably(target, content, durability, (temp) => fs.rename(temp, target));
}

/**
 * As writeFileDurably, but only if nothing is at `target`: the complete temp file is hard-linked
 * there, which fails with EEXIST (and changes nothing) when an entry exists, atomically across
 * processes; the temp name is removed after. Resolves false when something was there.
 */
export async function createFileDurably(target: string, content: string, durability: Durability = 'strict'): Promise<boolean> {
  let created = true;
  await placeFileDurably(target, content, durability, async (temp) => {
    try {
      await fs.link(temp, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      created = false;
    }
    await fs.rm(temp, { force: true });
  });
  return created;
}

/** Writes `content` to a fresh temp file beside `target`, then lets `place` put it there. */
function placeFileDurably(target: string, content: string, durability: Durability, place: (temp: string) => Promise<void>): Promise<void> {
  const strict = durability === 'strict';
  return withOpenFiles(async () => {
    const folder = strict ? await fs.open(path.dirname(target), 'r') : null;
    try {
      const temp = tempPathFor(target);
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.writeFile(content, 'utf8');
        if (strict) await handle.datasync();
      } catch (error) {
        await handle.close();
        await fs.rm(temp, { force: true });
        throw error;
      }
      await handle.close();
      try {
        await place(temp);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
      await folder?.sync();
    } finally {
      await folder?.close();
    }
  });
}

/**
 * Removes the file; with `strict` durability the removal is made durable (the folder is fsynced).
 * A missing file (or folder) is not an error.
 */
export function removeFileDurably(target: string, durability: Durability = 'strict'): Promise<void> {
  return withOpenFiles(async () => {
    if (durability === 'relaxed') {
      await fs.unlink(target).catch(nullIfMissing);
      return;
    }
    const folder = await fs.open(path.dirname(target), 'r').catch(nullIfMissing);
    if (folder === null) return;
    try {
      if ((await fs.unlink(target).catch(nullIfMissing)) === null) return;
      await folder.sync();
    } finally {
      await folder.close();
    }
  });
}

/** Called with the file's size and the bytes to append, before writing; throw to refuse. */
export type AppendCheck = (currentSize: number, appendedBytes: number) => void;

/**
 * Appends `content` with one write() to a regular file opened O_APPEND without following a link
 * (see regular-files.ts; a file with other hard links is refused). With `strict` durability the
 * file is fsynced after the write, and a new file's folder is opened before the file is created
 * and fsynced after the write; `relaxed` skips both syncs.
 */
export function appendFileDurably(target: string, content: string, check?: AppendCheck, durability: Durability = 'strict'): Promise<void> {
  const strict = durability === 'strict';
  return withOpenFiles(async () => {
    const bytes = Buffer.from(content, 'utf8');
    const existing = await openRegularFile(target, APPEND_EXISTING, { singleLink: true }).catch(nullIfMissing);
    if (existing !== null) {
      await appendTo(existing, bytes, check, strict);
      return;
    }
    if (!strict) {
      await appendTo(await openRegularFile(target, APPEND_OR_CREATE, { singleLink: true }), bytes, check, strict);
      return;
    }
    const folder = await fs.open(path.dirname(target), 'r');
    try {
      await appendTo(await openRegularFile(target, APPEND_OR_CREATE, { singleLink: true }), bytes, check, strict);
      // A new file's folder entry must be made durable too.
      await folder.sync();
    } finally {
      await folder.close();
    }
  });
}

async function appendTo({ handle, stats }: OpenedFile, bytes: Buffer, check: AppendCheck | undefined, sync: boolean): Promise<void> {
  try {
    check?.(Number(stats.size), bytes.length);
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    if (sync) await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Called with the file's size before reading it; throw to refuse. */
export type ReadCheck = (size: number) => void;

/**
 * The bytes of a regular file, opened without following a link or blocking (see
 * regular-files.ts), or null when it does not exist; with the file's stats taken on the open
 * descriptor before the read: the bytes are never older than the stats, so a later change always
 * shows in the stats.
 */
export function readFileAndStats(target: string, check?: ReadCheck): Promise<{ bytes: Buffer; stats: BigIntStats } | null> {
  return withOpenFiles(async () => {
    const opened = await openRegularFile(target, READ_ONLY).catch(nullIfMissing);
    if (opened === null) return null;
    try {
      const size = Number(opened.stats.size);
      check?.(size);
      // One read of the size the descriptor's fstat gave, and one byte more to see the end (readFile would fstat again).
      const bytes = Buffer.allocUnsafe(size + 1);
      const { bytesRead } = await opened.handle.read(bytes, 0, size + 1, 0);
      // Longer than it was (written in place meanwhile, by a program other than this library): read to its end.
      if (bytesRead > size) return { bytes: await opened.handle.readFile(), stats: opened.stats };
      return { bytes: bytes.subarray(0, bytesRead), stats: opened.stats };
    } finally {
      await opened.handle.close();
    }
  });
}

/** Up to `length` bytes from the start of a regular file (opened as readFileAndStats does), or null when it does not exist. */
export function readFileHead(target: string, length: number): Promise<Buffer | null> {
  return withOpenFiles(async () => {
    const opened = await openRegularFile(target, READ_ONLY).catch(nullIfMissing);
    if (opened === null) return null;
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await opened.handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await opened.handle.close();
    }
  });
}

/** The names in `directory`, with their types (one descriptor while it reads). */
export function listDirectory(directory: string): Promise<Dirent[]> {
  return withOpenFiles(() => fs.readdir(directory, { withFileTypes: true }));
}

