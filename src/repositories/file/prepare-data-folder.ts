import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StorageIOError } from '../../errors';
import { makeFolder } from './make-folder';
import { tempPathFor } from './temp-files';

/**
 * Creates each folder (parents first) and proves it writable by creating and removing a probe
 * file in it, so that connect() fails on a folder it cannot write rather than the first save does.
 * The StorageIOError names the exact folder and operation. The probe is named like a temp file,
 * so a crash between the two steps leaves a leftover that the next connect() removes.
 */
export async function prepareDataFolders(folders: readonly string[]): Promise<void> {
  for (const folder of folders) {
    await attempt(folder, 'create folder', () => makeFolder(folder));
  }
  for (const folder of folders) {
    const probe = tempPathFor(path.join(folder, 'write-probe'));
    await attempt(folder, 'create a file in', () => fs.writeFile(probe, '', { flag: 'wx' }));
    await attempt(folder, 'remove a file from', () => fs.rm(probe));
  }
}

async function attempt(folder: string, operation: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    throw new StorageIOError(folder, operation, { cause: error });
  }
}
