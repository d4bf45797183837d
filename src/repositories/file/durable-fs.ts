import { promises as fs, type BigIntStats, type Dirent } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Durability } from './file-options';
import { withOpenFiles } from './open-files';
import { identityOf, type FileIdentity } from './file-identity';
import { openRegularFile, READ_ONLY } from './regular-files';
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
export async function writeFileDurably(target: string, content: string, durability: Durability = 'strict'): Promise<void> {
  await placeFileDurably(target, content, durability, (temp) => fs.rename(temp, target), false);
}

/**
 * As writeFileDurably, but resolves the written file still open, with its identity as written
 * (the rename changes neither): the caller owns the descriptor and must close it.
 */
export function writeFileKeepingOpen(target: string, content: string, durability: Durability): Promise<{ handle: FileHandle; identity: FileIdentity }> {
  return placeFileDurably(target, content, durability, (temp) => fs.rename(temp, target), true) as Promise<{ handle: FileHandle; identity: FileIdentity }>;
}

/**
 * As writeFileDurably, but only if nothing is at `target`: the complete temp file is hard-linked
 * there, which fails with EEXIST (and changes nothing) when an entry exists, atomically across
 * processes; the temp name is removed after. Resolves false when something was there.
 */
export async function createFileDurably(target: string, content: string, durability: Durability = 'strict'): Promise<boolean> {
  let created = true;
  await placeFileDurably(
    target,
    content,
    durability,
    async (temp) => {
    try {
      await fs.link(temp, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      created = false;
    }
      await fs.unlink(temp);
    },
    false,
  );
  return created;
}

/** A file written under a temp name, not yet placed: `place` links it at its target (false when something was there), `discard` removes it. */
export interface StagedFile {
  place(): Promise<boolean>;
  discard(): Promise<void>;
}

/**
 * createFileDurably in two halves, for files whose loss is acceptable and whose damage is not
 * (history entries): the content written to a temp file beside `target` (and on disk with
 * `strict` durability), then `place` links it there. The folder is not fsynced: a power loss may
 * lose the file, never leave it short.
 */
export function stageFileLosable(target: string, content: string, durability: Durability = 'strict'): Promise<StagedFile> {
  return withOpenFiles(async () => {
    const temp = tempPathFor(target);
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      if (durability === 'strict') await handle.datasync();
    } catch (error) {
      await handle.close();
      await fs.rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    const discard = () => fs.rm(temp, { force: true });
    const place = async (): Promise<boolean> => {
      let created = true;
      try {
        await fs.link(temp, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // ENOENT: the folder was removed since (its execution deleted); the file is lost with it.
        if (code !== 'EEXIST' && code !== 'ENOENT') {
          await discard();
          throw error;
        }
        created = false;
      }
      await discard();
      return created;
    };
    return { place, discard };
  });
}

/**
 * Writes `content` to a fresh temp file beside `target`, then lets `place` put it there; with
 * `keep`, resolves the temp file's descriptor, open, and its identity once written.
 */
function placeFileDurably(target: string, content: string, durability: Durability, place: (temp: string) => Promise<void>, keep: boolean): Promise<{ handle: FileHandle; identity: FileIdentity } | undefined> {
  const strict = durability === 'strict';
  return withOpenFiles(async () => {
    const folder = strict ? await fs.open(path.dirname(target), 'r') : null;
    try {
      const temp = tempPathFor(target);
      const handle = await fs.open(temp, 'wx');
      let identity: FileIdentity | undefined;
      try {
        await handle.writeFile(content, 'utf8');
        if (strict) await handle.datasync();
        if (keep) identity = identityOf(await handle.stat({ bigint: true }));
      } catch (error) {
        await handle.close();
        await fs.rm(temp, { force: true });
        throw error;
      }
      if (!keep) await handle.close();
      try {
        await place(temp);
        await folder?.sync();
      } catch (error) {
        if (keep) await handle.close();
        await fs.rm(temp, { force: true });
        throw error;
      }
      return identity === undefined ? undefined : { handle, identity };
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

/** Called with the file's size before reading it; throw to refuse. */
export type ReadCheck = (size: number) => void;

/**
 * The bytes of a regular file, opened without following a link or blocking (see
 * regular-files.ts), or null when it does not exist; with the file's stats taken on the open
 * descriptor before the read: the bytes are never older than the stats, so a later change always
 * shows in the stats. The bytes are the first `stats.size` (fewer if the file was cut short
 * since): what grew after the stats is left for the next read.
 */
export function readFileAndStats(target: string, check?: ReadCheck): Promise<{ bytes: Buffer; stats: BigIntStats } | null> {
  return withOpenFiles(async () => {
    const opened = await openRegularFile(target, READ_ONLY).catch(nullIfMissing);
    if (opened === null) return null;
    try {
      const size = Number(opened.stats.size);
      check?.(size);
      return { bytes: await readUpTo(opened.handle, size), stats: opened.stats };
    } finally {
      await opened.handle.close();
    }
  });
}

/** Up to `size` bytes from the start of the open file; all of it when `size` is 0 (a size some special files report). */
async function readUpTo(handle: FileHandle, size: number): Promise<Buffer> {
  if (size === 0) return handle.readFile();
  const buffer = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const { bytesRead } = await handle.read(buffer, read, size - read, read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return read === size ? buffer : buffer.subarray(0, read);
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

