import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../adapters/file-storage-adapter';
import { CURRENT_EXECUTION_KEY } from '../../repositories/current-execution-key';
import { nullIfMissing } from '../../util/null-if-missing';
import { UsageError } from '../cli-errors';
import { applyItem } from './apply-item';
import type { ExportSummary, ImportItem } from './export-stream';

const RECORD_FILES: Record<string, string> = { programs: '.json', executions: '.json', outputs: '.jsonl' };

/** What makes the folder not empty, for the refusal; null when it holds no record, output or pointer (or is missing). */
export async function folderContent(dataDir: string): Promise<string | null> {
  const entries = await fs.readdir(dataDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') throw new UsageError(`${dataDir} is not a folder`);
    return nullIfMissing(error);
  });
  if (entries === null) return null;
  for (const entry of entries) {
    const name = entry.name;
    if (name.endsWith('.lock') || name.endsWith('.tmp')) continue;
    if (Object.hasOwn(RECORD_FILES, name) && entry.isDirectory()) {
      const files = await fs.readdir(path.join(dataDir, name));
      const stored = files.find((file) => file.endsWith(RECORD_FILES[name]) && !file.startsWith('.'));
      if (stored !== undefined) return `it holds ${name}/${stored}`;
    } else if (name === 'metadata.json' && entry.isFile()) {
      if (await holdsSettings(path.join(dataDir, name))) return 'it holds a current execution pointer';
    } else {
      return `it holds ${name}`;
    }
  }
  return null;
}

async function holdsSettings(file: string): Promise<boolean> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { settings?: Record<string, unknown> } & Record<string, unknown>;
    const settings = typeof parsed.format === 'number' ? parsed.settings : parsed;
    return settings?.[CURRENT_EXECUTION_KEY] !== null && settings?.[CURRENT_EXECUTION_KEY] !== undefined;
  } catch {
    return true;
  }
}

/**
 * Imports into a new folder beside `dataDir` (`.<name>.import-<pid>-<random>`), then makes it
 * visible with one rename: onto the missing target, or onto the empty target after moving that
 * aside. A failure removes the new folder (and parents this import made), so the target is as it was.
 */
export async function importIntoFolder(dataDir: string, read: (apply: (item: ImportItem) => Promise<void>) => Promise<ExportSummary>): Promise<ExportSummary> {
  const parent = path.dirname(dataDir);
  const madeParent = await fs.mkdir(parent, { recursive: true });
  const temp = path.join(parent, `.${path.basename(dataDir)}.import-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const adapter = new FileStorageAdapter(temp);
    await adapter.connect();
    let summary: ExportSummary;
    try {
      summary = await read(applyItem(adapter));
    } finally {
      await adapter.disconnect();
    }
    await makeVisible(temp, dataDir);
    return summary;
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    if (madeParent !== undefined) await removeEmptyFolders(parent, madeParent);
    throw error;
  }
}

async function makeVisible(temp: string, dataDir: string): Promise<void> {
  const held = await folderContent(dataDir);
  if (held !== null) throw new UsageError(`the store ${dataDir} is no longer empty (${held}): something wrote to it during the import, which was not applied`);
  const exists = (await fs.lstat(dataDir).catch(nullIfMissing)) !== null;
  if (!exists) {
    await fs.rename(temp, dataDir);
    return;
  }
  const aside = `${temp}.replaced`;
  await fs.rename(dataDir, aside);
  try {
    await fs.rename(temp, dataDir);
  } catch (error) {
    await fs.rename(aside, dataDir);
    throw error;
  }
  const late = await folderContent(aside);
  if (late !== null) throw new UsageError(`the import is in ${dataDir}, but something wrote to the old, empty store meanwhile: ${late.replace('it holds', 'see')} in ${aside}`);
  await fs.rm(aside, { recursive: true, force: true });
}

/** Removes `from` and its parents up to `top` while they are empty. */
async function removeEmptyFolders(from: string, top: string): Promise<void> {
  for (let folder = from; folder.length >= top.length; folder = path.dirname(folder)) {
    try {
      await fs.rmdir(folder);
    } catch {
      return;
    }
    if (folder === top) return;
  }
}
