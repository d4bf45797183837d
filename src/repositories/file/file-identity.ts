import { promises as fs, type BigIntStats } from 'node:fs';
import { nullIfMissing } from '../../util/null-if-missing';

/**
 * Which file a path names, and which version of it: device, inode, size and modification time in
 * nanoseconds. The library replaces a record by renaming a new file over it, so every save gives
 * the path a new inode; an in-place change gives it a new modification time.
 */
export type FileIdentity = string;

export function identityOf(stats: BigIntStats): FileIdentity {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}`;
}

/**
 * The identity of the regular file at `file` now (one lstat, no descriptor), or null when there is
 * none there: missing, or something else than a regular file (which a read then refuses).
 */
export async function currentIdentity(file: string): Promise<FileIdentity | null> {
  const stats = await fs.lstat(file, { bigint: true }).catch(nullIfMissing);
  return stats?.isFile() ? identityOf(stats) : null;
}
