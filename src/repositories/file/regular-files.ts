import { constants, promises as fs, type BigIntStats } from 'node:fs';
import { CorruptRecordError } from '../../errors';

/**
 * Opens record and output files the way an attacker with write access to the data folder cannot
 * exploit: O_NOFOLLOW (a symbolic link at the path is refused, not followed out of the folder),
 * O_NONBLOCK (a FIFO or device at the path cannot make open() or read() wait forever), then
 * fstat on the open descriptor, so the check and the use concern the same file. Anything but a
 * regular file is refused with a CorruptRecordError naming the path: the library never puts
 * anything else there, so it is damage to the data folder, like a file that is not JSON. A
 * directory is left to the system call, which refuses it with EISDIR (a StorageIOError).
 */
const NO_FOLLOW_NO_BLOCK = constants.O_NOFOLLOW | constants.O_NONBLOCK;

export const READ_ONLY = constants.O_RDONLY | NO_FOLLOW_NO_BLOCK;
export const APPEND_EXISTING = constants.O_WRONLY | constants.O_APPEND | NO_FOLLOW_NO_BLOCK;
export const APPEND_OR_CREATE = APPEND_EXISTING | constants.O_CREAT;

export interface OpenedFile {
  handle: fs.FileHandle;
  /** Taken with the descriptor open, before any read or write: nanosecond times, exact sizes. */
  stats: BigIntStats;
}

/**
 * Opens `file` with `flags` (one of the above) and checks it is a regular file (or a directory,
 * which the caller's read or write refuses). With `singleLink`, a file with other hard links is
 * refused too: writing to it would change a file outside the data folder. Rejects with ENOENT
 * when the file does not exist and O_CREAT is not in `flags`.
 */
export async function openRegularFile(file: string, flags: number, options: { singleLink?: boolean } = {}): Promise<OpenedFile> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, flags, 0o666);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: a symbolic link under O_NOFOLLOW; ENXIO: a FIFO without reader or a socket.
    if (code === 'ELOOP' || code === 'ENXIO') throw await refusal(file, error);
    throw error;
  }
  try {
    const stats = await handle.stat({ bigint: true });
    if (!stats.isFile() && !stats.isDirectory()) throw notRegular(file, describeKind(stats));
    if (options.singleLink && stats.isFile() && stats.nlink > 1n) {
      throw new CorruptRecordError(file, `it has ${stats.nlink} hard links; the library writes only to files it alone links`);
    }
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function refusal(file: string, cause: unknown): Promise<Error> {
  const stats = await fs.lstat(file, { bigint: true }).catch(() => null);
  if (stats === null) return cause as Error;
  return notRegular(file, describeKind(stats), cause);
}

function notRegular(file: string, kind: string, cause?: unknown): CorruptRecordError {
  return new CorruptRecordError(file, `it is ${kind}, not a regular file; the library does not open it`, { cause });
}

function describeKind(stats: BigIntStats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}
