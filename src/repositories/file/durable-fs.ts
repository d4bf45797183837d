import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { withOpenFiles } from './open-files';
import { APPEND_EXISTING, APPEND_OR_CREATE, openRegularFile, READ_ONLY, type OpenedFile } from './regular-files';
import { tempPathFor } from './temp-files';

/*
 * Every function here runs as one operation under withOpenFiles (at most two descriptors), and
 * opens every descriptor it needs before it writes a byte: running out of descriptors fails the
 * call before anything changed, never after the data is written.
 */

/**
 * Atomic, durable replacement: write a temp file in the same folder, fsync it, rename it over the
 * target, fsync the folder. A crash at any instant leaves the old content or the new, never a mix.
 * The rename replaces whatever entry is at `target` (a link included) and never writes through it.
 */
export function writeFileDurably(target: string, content: string): Promise<void> {
  return withOpenFiles(async () => {
    const folder = await fs.open(path.dirname(target), 'r');
    try {
      const temp = tempPathFor(target);
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.writeFile(content, 'utf8');
        await handle.datasync();
      } catch (error) {
        await handle.close();
        await fs.rm(temp, { force: true });
        throw error;
      }
      await handle.close();
      try {
        await fs.rename(temp, target);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
      await folder.sync();
    } finally {
      await folder.close();
    }
  });
}

/** Removes the file and makes the removal durable; a missing file (or folder) is not an error. */
export function removeFileDurably(target: string): Promise<void> {
  return withOpenFiles(async () => {
    const folder = await fs.open(path.dirname(target), 'r').catch(nullIfMissing);
    if (folder === null) return;
    try {
      try {
        await fs.unlink(target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
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
 * (see regular-files.ts; a file with other hard links is refused), then fsyncs it. A new file's
 * folder is opened before the file is created, and fsynced after the write.
 */
export function appendFileDurably(target: string, content: string, check?: AppendCheck): Promise<void> {
  return withOpenFiles(async () => {
    const bytes = Buffer.from(content, 'utf8');
    const existing = await openRegularFile(target, APPEND_EXISTING, { singleLink: true }).catch(nullIfMissing);
    if (existing !== null) {
      await appendTo(existing, bytes, check);
      return;
    }
    const folder = await fs.open(path.dirname(target), 'r');
    try {
      await appendTo(await openRegularFile(target, APPEND_OR_CREATE, { singleLink: true }), bytes, check);
      // A new file's folder entry must be made durable too.
      await folder.sync();
    } finally {
      await folder.close();
    }
  });
}

async function appendTo({ handle, stats }: OpenedFile, bytes: Buffer, check: AppendCheck | undefined): Promise<void> {
  try {
    check?.(stats.size, bytes.length);
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Called with the file's size before reading it; throw to refuse. */
export type ReadCheck = (size: number) => void;

/**
 * The bytes of a regular file, opened without following a link or blocking (see
 * regular-files.ts), or null when it does not exist.
 */
export function readFileIfExists(target: string, check?: ReadCheck): Promise<Buffer | null> {
  return withOpenFiles(async () => {
    const opened = await openRegularFile(target, READ_ONLY).catch(nullIfMissing);
    if (opened === null) return null;
    try {
      check?.(opened.stats.size);
      return await opened.handle.readFile();
    } finally {
      await opened.handle.close();
    }
  });
}

/** The names in `directory`, with their types (one descriptor while it reads). */
export function listDirectory(directory: string): Promise<Dirent[]> {
  return withOpenFiles(() => fs.readdir(directory, { withFileTypes: true }));
}

function nullIfMissing(error: NodeJS.ErrnoException): null {
  if (error.code === 'ENOENT') return null;
  throw error;
}
