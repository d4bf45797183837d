import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CorruptRecordError } from '../../errors';
import { fileNameOf, isHashedName } from '../../repositories/file/file-names';
import { HISTORY_FOLDER, idOfHistoryFolderName, revisionOfHistoryName } from '../../repositories/file/history/history-files';
import { entryOf } from '../../repositories/file/history/file-history-repository';
import { nullIfMissing } from '../../util/null-if-missing';
import { readStamped } from './file-stamp';
import { regularFileNames } from './temp-leftover';
import { presentByName } from './file-scan';
import type { CheckHooks, Problem } from './problems';

/**
 * The `history/` folder: a folder whose execution the scan did not find (and is not there now)
 * is orphan history, removed by --repair while the execution is still missing; an entry file that
 * does not hold its revision's entry is damaged, and a temp file of a writer that is gone (an
 * entry staged when it crashed) is a leftover: --repair moves both into quarantine (reads leave a
 * damaged revision out, and never see a temp file).
 */
export async function scanHistory(dataDir: string, scannedPresent: (name: string) => boolean, hooks: CheckHooks = {}): Promise<Problem[]> {
  const problems: Problem[] = [];
  const root = path.join(dataDir, HISTORY_FOLDER);
  const folders = (await fs.readdir(root, { withFileTypes: true }).catch(nullIfMissing)) ?? [];
  for (const folder of folders) {
    if (!folder.isDirectory()) continue;
    const location = path.join(root, folder.name);
    const id = idOfHistoryFolderName(folder.name);
    // The name of the execution's record file: the folder's, but for the ids `.` and `..`.
    const name = id === null ? folder.name : fileNameOf(id);
    if (!scannedPresent(name) && !(await presentByName(dataDir, name, id))) {
      const detail = id !== null ? `history of no readable execution ${id}` : isHashedName(name) ? `history of no readable execution with a long id named ${name}` : 'its name is no file name of an id';
      problems.push({ kind: 'orphan-history', location, detail, repair: { action: 'remove-history', path: location, name, ...(id === null ? {} : { executionId: id }) } });
      continue;
    }
    for (const name of await regularFileNames(location, problems)) {
      const file = path.join(location, name);
      const revision = revisionOfHistoryName(name);
      if (revision === null) continue;
      await hooks.at?.('read', file);
      const read = await readStamped(file);
      if (read === null) continue;
      const damage = damageOf(read.bytes, file, id ?? undefined, revision);
      if (damage !== null) problems.push({ kind: 'damaged-history', location: file, detail: damage, repair: { action: 'quarantine-file', path: file, scanned: read.stamp } });
    }
  }
  return problems;
}

function damageOf(bytes: Buffer, file: string, executionId: string | undefined, revision: number): string | null {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return 'it is not JSON';
  }
  try {
    entryOf(value, file, executionId, revision);
    return null;
  } catch (error) {
    if (error instanceof CorruptRecordError) return error.message;
    throw error;
  }
}
