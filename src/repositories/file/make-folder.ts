import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p` with a bound: each missing ancestor is created once, parents first, and a folder
 * that still cannot be created after its parent exists fails with the system's error. Node's own
 * `mkdir(..., { recursive: true })` retries forever where a parent exists but refuses children
 * (`/proc/x` on Linux), which would hang connect().
 */
export async function makeFolder(folder: string): Promise<void> {
  try {
    await fs.mkdir(folder);
    return;
  } catch (error) {
    if (await existsAsFolder(folder, error)) return;
    const parent = path.dirname(folder);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === folder) throw error;
  }
  await makeFolder(path.dirname(folder));
  try {
    await fs.mkdir(folder);
  } catch (error) {
    if (!(await existsAsFolder(folder, error))) throw error;
  }
}

/** Whether a failed mkdir failed because the folder is already there (another writer made it). */
async function existsAsFolder(folder: string, error: unknown): Promise<boolean> {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  const stats = await fs.stat(folder).catch(() => null);
  return stats?.isDirectory() === true;
}
