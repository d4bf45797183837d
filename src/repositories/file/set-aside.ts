import { promises as fs } from 'node:fs';
import { nullIfMissing } from '../../util/null-if-missing';
import type { Durability } from './file-options';
import { removeFileDurably } from './durable-fs';
import { tempPathFor } from './temp-files';

/**
 * Moves the file at `target` to a fresh temp name beside it, atomically (one rename), and returns
 * that name; null when there is no file. A save that renames its file in afterwards lands beside
 * it, untouched. A crashed process's set-aside file is removed by connect(), as its temp files are.
 */
export async function setAside(target: string): Promise<string | null> {
  const aside = tempPathFor(target);
  return (await fs.rename(target, aside).catch(nullIfMissing)) === null ? null : aside;
}

/**
 * Puts a set-aside file back at `target` unless something landed there since (a hard link fails
 * with EEXIST then, and the newer file stays), then removes the set-aside name.
 */
export async function putBack(aside: string, target: string, durability: Durability): Promise<void> {
  try {
    await fs.link(aside, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await removeFileDurably(aside, durability);
}
