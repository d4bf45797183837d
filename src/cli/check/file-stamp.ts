import { constants, promises as fs, type Stats } from 'node:fs';
import { nullIfMissing } from '../../util/null-if-missing';
import type { FileStamp } from './problems';

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export function stampOf(stats: Stats): FileStamp {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

export function sameStamp(a: FileStamp | null, b: FileStamp): boolean {
  return a !== null && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** The file's stamp now (without following a link); null when it is gone. */
export async function currentStamp(file: string): Promise<FileStamp | null> {
  const stats = await fs.lstat(file).catch(nullIfMissing);
  return stats === null ? null : stampOf(stats);
}

/** The file's bytes and the stamp of the very file read (one open); null when it is gone. */
export async function readStamped(file: string): Promise<{ bytes: Buffer; stamp: FileStamp } | null> {
  const handle = await fs.open(file, READ_FLAGS).catch(nullIfMissing);
  if (handle === null) return null;
  try {
    const bytes = await handle.readFile();
    // Stamped after the read, with the length read: a file that grew meanwhile no longer matches.
    return { bytes, stamp: { ...stampOf(await handle.stat()), size: bytes.length } };
  } finally {
    await handle.close();
  }
}
