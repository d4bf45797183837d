import path from 'node:path';
import { fileNameOf } from '../file-names';

/** The folder, beside `executions/`, that holds every execution's past states. */
export const HISTORY_FOLDER = 'history';

/** `history/<the execution's file name>/`: one file per past state. */
export function historyFolderOf(dataDir: string, executionId: string): string {
  return path.join(dataDir, HISTORY_FOLDER, fileNameOf(executionId));
}

/** `<revision>.json` in the execution's history folder. */
export function historyFileOf(dataDir: string, executionId: string, revision: number): string {
  return path.join(historyFolderOf(dataDir, executionId), `${revision}.json`);
}

const ENTRY_NAME = /^([1-9][0-9]*)\.json$/;

/** The revision a history file name holds, or null for any other name (a temp file, a leftover). */
export function revisionOfHistoryName(name: string): number | null {
  const match = ENTRY_NAME.exec(name);
  if (match === null) return null;
  const revision = Number(match[1]);
  return Number.isSafeInteger(revision) ? revision : null;
}
