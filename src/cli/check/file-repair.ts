import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../../repositories/file/file-lock';
import { fileNameOf } from '../../repositories/file/file-names';
import { announceOutsideChange } from '../../repositories/file/query-index';
import { linkBack } from '../../repositories/file/set-aside';
import { nullIfMissing } from '../../util/null-if-missing';
import { executionPresent, presentByName } from './file-scan';
import { currentStamp, readStamped, sameStamp } from './file-stamp';
import type { CheckHooks, FileStamp, Problem, Repair } from './problems';

export const QUARANTINE_FOLDER = 'quarantine';

/**
 * Applies the file repairs of `problems` that need no adapter (moves and seals), returning one
 * sentence per action. Each re-checks its own condition as it acts, since a live writer may have
 * changed the store since the scan: a file is moved or sealed only while it is still the file
 * scanned (same device, inode, size and mtime), and an orphan output only while the execution's
 * record lock is held and the execution is still missing. Files go to `quarantine/<same relative
 * path>`; a name taken there gets `.1`, `.2`... so nothing is ever overwritten. See
 * docs/reliability.md ("check --repair on a store in use") for what remains.
 */
export async function repairFiles(dataDir: string, problems: readonly Problem[], hooks: CheckHooks = {}): Promise<string[]> {
  const actions: string[] = [];
  for (const { repair } of problems) {
    if (repair.action === 'remove-history') {
      await hooks.at?.('act', repair.path);
      actions.push(await removeOrphanHistory(dataDir, repair));
      continue;
    }
    if (repair.action !== 'quarantine-file' && repair.action !== 'seal-tail') continue;
    await hooks.at?.('act', repair.path);
    if (repair.action === 'seal-tail') {
      actions.push(await withExecutionLock(dataDir, repair.executionId, () => sealTail(dataDir, repair)));
    } else if (repair.executionId !== undefined) {
      const executionId = repair.executionId;
      actions.push(await withExecutionLock(dataDir, executionId, () => moveOrphan(dataDir, repair, executionId)));
    } else {
      actions.push((await moveIfUnchanged(dataDir, repair.path, repair.scanned)).action);
    }
  }
  // Records moved without the repositories: readers of the query index rebuild it from the files.
  if (actions.length > 0) for (const folder of ['programs', 'executions'] as const) await announceOutsideChange(dataDir, folder);
  return actions;
}

/** Holds the lock fenced saves, fenced appends and deletes of the execution take (its folder made if missing, as connect would). */
export async function withExecutionLock<T>(dataDir: string, id: string, work: () => Promise<T>): Promise<T> {
  const folder = path.join(dataDir, 'executions');
  await fs.mkdir(folder, { recursive: true });
  return withFileLock(path.join(folder, `${fileNameOf(id)}.json`), work);
}

async function moveOrphan(dataDir: string, repair: Repair & { action: 'quarantine-file' }, executionId: string): Promise<string> {
  if (await executionPresent(dataDir, executionId)) return `left ${repair.path}: execution ${executionId} exists now`;
  const { action, movedTo } = await moveIfUnchanged(dataDir, repair.path, repair.scanned);
  // An unfenced save takes no lock: it may have created the execution while the output moved.
  if (movedTo === null || !(await executionPresent(dataDir, executionId))) return action;
  return putBack(movedTo, repair.path, `execution ${executionId} was saved while its output moved`);
}

async function removeOrphanHistory(dataDir: string, repair: Repair & { action: 'remove-history' }): Promise<string> {
  const remove = async (): Promise<string> => {
    if (await presentByName(dataDir, repair.name, repair.executionId ?? null)) return `left ${repair.path}: its execution exists now`;
    await fs.rm(repair.path, { recursive: true, force: true });
    return `removed the orphan history ${repair.path}`;
  };
  return repair.executionId === undefined ? remove() : withExecutionLock(dataDir, repair.executionId, remove);
}

/** Moves `file` into quarantine if it is still the file scanned; a file swapped in during the move is put back. */
async function moveIfUnchanged(dataDir: string, file: string, scanned: FileStamp): Promise<{ action: string; movedTo: string | null }> {
  const left = (why: string) => ({ action: `left ${file}: ${why}`, movedTo: null });
  const now = await currentStamp(file);
  if (now === null) return left('it is gone');
  if (!sameStamp(now, scanned)) return left('it changed since the scan (run check again)');
  const target = await freeQuarantinePath(dataDir, file);
  try {
    await fs.rename(file, target);
  } catch (error) {
    if (nullIfMissing(error) === null) return left('it is gone');
  }
  await syncFolder(path.dirname(file));
  if (!sameStamp(await currentStamp(target), scanned)) return { action: await putBack(target, file, 'it was replaced while it moved'), movedTo: null };
  return { action: `moved ${file} to ${target}`, movedTo: target };
}

/** Links a file moved into quarantine back to its place, unless a new file took the place meanwhile. */
async function putBack(moved: string, file: string, why: string): Promise<string> {
  if (!(await linkBack(moved, file))) return `moved ${file} to ${moved}, but ${why} and a new ${path.basename(file)} is in place: compare the two`;
  await fs.unlink(moved);
  await syncFolder(path.dirname(file));
  return `left ${file}: ${why}, so it was put back`;
}

/**
 * Keeps a copy of the torn bytes in quarantine and ends them with a newline, appended like any
 * record, so they stay a line of their own that every reader skips. Nothing is cut: a cut cannot be
 * made conditional on the length against an appender that takes no lock, and would destroy an
 * append that landed after the check; a newline appended after such an append costs an empty line.
 */
async function sealTail(dataDir: string, repair: Repair & { action: 'seal-tail' }): Promise<string> {
  const read = await readStamped(repair.path);
  if (read === null) return `left ${repair.path}: it is gone`;
  if (!sameStamp(read.stamp, repair.scanned)) return `left ${repair.path}: it changed since the scan (an append completed or followed the torn record)`;
  const tail = read.bytes.subarray(repair.keepBytes);
  const kept = await freeQuarantinePath(dataDir, `${repair.path}.torn-tail`);
  await fs.writeFile(kept, tail, { flag: 'wx' });
  const handle = await fs.open(repair.path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
  try {
    await handle.write('\n');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return `sealed ${tail.length} torn bytes at the end of ${repair.path} with a newline, so readers skip them (a copy is in ${kept})`;
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
