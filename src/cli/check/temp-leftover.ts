import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isLeftover, tempFileOwner } from '../../repositories/file/temp-files';
import { nullIfMissing } from '../../util/null-if-missing';
import { currentStamp } from './file-stamp';
import type { Problem } from './problems';

/** For a file with a temp file's name: the temp-leftover problem when its writer is gone, else null (a live writer's, or vanished). */
export async function tempLeftoverProblem(file: string, name: string): Promise<Problem | null> {
  const stats = await fs.lstat(file).catch(() => null);
  if (stats === null || !isLeftover(name, stats.mtimeMs)) return null;
  const scanned = await currentStamp(file);
  if (scanned === null) return null;
  return { kind: 'temp-leftover', location: file, detail: 'a temp file of a writer that is gone', repair: { action: 'quarantine-file', path: file, scanned } };
}

/** The regular files in `directory` (none when it is missing); temp-file leftovers among them are reported and left out. */
export async function regularFileNames(directory: string, problems: Problem[]): Promise<string[]> {
  const entries = (await fs.readdir(directory, { withFileTypes: true }).catch(nullIfMissing)) ?? [];
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    if (tempFileOwner(entry.name) !== null) {
      const leftover = await tempLeftoverProblem(path.join(directory, entry.name), entry.name);
      if (leftover !== null) problems.push(leftover);
      continue;
    }
    names.push(entry.name);
  }
  return names;
}
