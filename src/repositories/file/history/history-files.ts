import path from 'node:path';
import { fileNameOf, idOfFileName } from '../file-names';

/** The folder, beside `executions/`, that holds every execution's past states. */
export const HISTORY_FOLDER = 'history';

/** `history/<historyFolderName>/`: one file per past state. */
export function historyFolderOf(dataDir: string, executionId: string): string {
  return path.join(dataDir, HISTORY_FOLDER, historyFolderName(executionId));
}

/**
 * The execution's file name, but for the ids `.` and `..`: with no extension after them those
 * would name the history folder itself and the store's folder, so their dots are escaped
 * (`%2E`, `%2E%2E`, which fileNameOf never gives: it escapes `%`).
 */
export function historyFolderName(executionId: string): string {
  const name = fileNameOf(executionId);
  return name === '.' || name === '..' ? name.replaceAll('.', '%2E') : name;
}

/** The id whose history folder is `name` (see idOfFileName), or null. */
export function idOfHistoryFolderName(name: string): string | null {
  return name === '%2E' || name === '%2E%2E' ? name.replaceAll('%2E', '.') : idOfFileName(name);
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
