import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Every entry under `root` (recursively) with its kind and, for files, a hash of the content:
 * two equal snapshots mean nothing was created, removed or changed, temp files included.
 */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  const walk = async (directory: string): Promise<void> => {
    for (const entry of await fs.readdir(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      const relative = path.relative(root, full);
      if (entry.isDirectory()) {
        entries[relative] = 'dir';
        await walk(full);
      } else {
        entries[relative] = createHash('sha256').update(await fs.readFile(full)).digest('hex');
      }
    }
  };
  await walk(root);
  return entries;
}

/** Names that are crash leftovers of durable writes: `.<file>.<identity>.<pid>.<n>.tmp` (older versions: no identity). */
export const TEMP_FILE = /^\..+\.\d+\.\d+\.tmp$/;

/** Temp files in the data folder and its record folders, as paths relative to `dataDir`. */
export async function tempFilesIn(dataDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const folder of ['', 'programs', 'executions', 'outputs']) {
    let names: string[];
    try {
      names = await fs.readdir(path.join(dataDir, folder));
    } catch {
      continue;
    }
    for (const name of names) if (TEMP_FILE.test(name)) found.push(path.join(folder, name));
  }
  return found.sort();
}
