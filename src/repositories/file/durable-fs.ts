import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { tempPathFor } from './temp-files';

/**
 * Atomic, durable replacement: write a temp file in the same folder, fsync it, rename it over the
 * target, fsync the folder. A crash at any instant leaves the old content or the new, never a mix.
 */
export async function writeFileDurably(target: string, content: string): Promise<void> {
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
  await syncDirectory(path.dirname(target));
}

/** Removes the file and makes the removal durable; a missing file is not an error. */
export async function removeFileDurably(target: string): Promise<void> {
  try {
    await fs.unlink(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await syncDirectory(path.dirname(target));
}

const APPEND_EXISTING = fsConstants.O_WRONLY | fsConstants.O_APPEND;

/** Appends `content` with one write() to a file opened O_APPEND, then fsyncs it. */
export async function appendFileDurably(target: string, content: string): Promise<void> {
  let created = false;
  const handle = await fs.open(target, APPEND_EXISTING).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    created = true;
    return fs.open(target, 'a');
  });
  try {
    const bytes = Buffer.from(content, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    await handle.datasync();
    // A new file's folder entry must be made durable too.
    if (created) await syncDirectory(path.dirname(target));
  } finally {
    await handle.close();
  }
}

export async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The file's text, or null when it does not exist. */
export async function readFileIfExists(target: string): Promise<string | null> {
  try {
    return await fs.readFile(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
