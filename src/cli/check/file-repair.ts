import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Problem } from './problems';
import { nullIfMissing } from '../../util/null-if-missing';

export const QUARANTINE_FOLDER = 'quarantine';

/**
 * Applies the file repairs of `problems` that need no adapter (moves and cuts), returning one
 * sentence per action. Files go to `quarantine/<same relative path>`; a name taken there gets
 * `.1`, `.2`... so nothing is ever overwritten. A cut tail is kept there too, as `<name>.torn-tail`.
 */
export async function repairFiles(dataDir: string, problems: readonly Problem[]): Promise<string[]> {
  const actions: string[] = [];
  for (const { repair } of problems) {
    if (repair.action === 'quarantine-file') {
      const moved = await freeQuarantinePath(dataDir, repair.path);
      await fs.rename(repair.path, moved);
      await syncFolder(path.dirname(repair.path));
      actions.push(`moved ${repair.path} to ${moved}`);
    } else if (repair.action === 'drop-tail') {
      const bytes = await fs.readFile(repair.path);
      const kept = await freeQuarantinePath(dataDir, `${repair.path}.torn-tail`);
      await fs.writeFile(kept, bytes.subarray(repair.keepBytes), { flag: 'wx' });
      const handle = await fs.open(repair.path, 'r+');
      try {
        await handle.truncate(repair.keepBytes);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      actions.push(`cut ${bytes.length - repair.keepBytes} torn bytes from ${repair.path} (kept in ${kept})`);
    }
  }
  return actions;
}

async function freeQuarantinePath(dataDir: string, file: string): Promise<string> {
  const base = path.join(dataDir, QUARANTINE_FOLDER, path.relative(dataDir, file));
  await fs.mkdir(path.dirname(base), { recursive: true });
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? base : `${base}.${n}`;
    if ((await fs.lstat(candidate).catch(nullIfMissing)) === null) return candidate;
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
