import { promises as fs } from 'node:fs';
import { isLeftover } from '../../repositories/file/temp-files';
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
