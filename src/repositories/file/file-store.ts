import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CorruptRecordError, NotConnectedError, StorageError, StorageIOError } from '../../errors';
import type { StorageConnection } from '../storage-connection';
import { isValidId } from '../../validation/ids';
import { KeyedQueue } from '../../util/keyed-queue';
import { listDirectory, readFileIfExists } from './durable-fs';
import { prepareDataFolders } from './prepare-data-folder';
import { isLeftover, tempFileOwner } from './temp-files';

// ignoreBOM keeps a byte-order mark in the text, where JSON.parse refuses it as it always did.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const FOLDERS = { programs: 'programs', executions: 'executions', outputs: 'outputs' } as const;
export type Folder = keyof typeof FOLDERS;

/**
 * The data folder the file repositories share: its lifecycle, its paths, and one queue that
 * serializes the writes to each file within this process.
 */
export class FileStore implements StorageConnection {
  readonly writes = new KeyedQueue();
  private connected = false;

  constructor(readonly dataDir: string) {}

  async connect(): Promise<void> {
    if (this.connected) return;
    const subfolders = Object.values(FOLDERS).map((f) => path.join(this.dataDir, f));
    await prepareDataFolders([this.dataDir, ...subfolders]);
    for (const folder of subfolders) await this.refuseLinkedFolder(folder);
    for (const folder of [this.dataDir, ...subfolders]) await this.removeCrashLeftovers(folder);
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.writes.idle();
  }

  isConnected(): boolean {
    return this.connected;
  }

  assertConnected(): void {
    if (!this.connected) throw new NotConnectedError();
  }

  recordPath(folder: Folder, id: string, extension = '.json'): string {
    return path.join(this.dataDir, FOLDERS[folder], `${id}${extension}`);
  }

  get metadataPath(): string {
    return path.join(this.dataDir, 'metadata.json');
  }

  /** The parsed content of the JSON file (which may itself be `null`), or null when there is no file. */
  async readJson(file: string): Promise<{ value: unknown } | null> {
    const text = await this.readText(file);
    if (text === null) return null;
    try {
      return { value: JSON.parse(text) };
    } catch (error) {
      throw new CorruptRecordError(file, text.length === 0 ? 'the file is empty' : 'the file is not valid JSON', { cause: error });
    }
  }

  /** The file's text, or null when there is no file; bytes that are not UTF-8 are corruption. */
  async readText(file: string): Promise<string | null> {
    const bytes = await this.io(file, 'read', () => readFileIfExists(file));
    if (bytes === null) return null;
    try {
      return UTF8.decode(bytes);
    } catch (error) {
      throw new CorruptRecordError(file, 'the file is not valid UTF-8', { cause: error });
    }
  }

  /** The names in `folder` that end with `extension`, without it. */
  async listIds(folder: Folder, extension = '.json'): Promise<string[]> {
    const directory = path.join(this.dataDir, FOLDERS[folder]);
    const entries = await this.io(directory, 'list', () => listDirectory(directory));
    return entries
      .map((entry) => entry.name)
      .filter((name) => name.endsWith(extension))
      .map((name) => name.slice(0, -extension.length))
      .filter(isValidId);
  }

  /** Runs a file-system operation, turning its failure into a StorageIOError naming the path. */
  async io<T>(location: string, operation: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageIOError(location, operation, { cause: error });
    }
  }

  /**
   * The data folder itself may be a symbolic link; its subfolders may not: a link there would send
   * every record of its kind out of the data folder, past the O_NOFOLLOW on each file.
   */
  private async refuseLinkedFolder(folder: string): Promise<void> {
    const stats = await this.io(folder, 'inspect', () => fs.lstat(folder));
    if (stats.isSymbolicLink()) {
      const cause = Object.assign(new Error(`${folder} is a symbolic link; the data folder's subfolders must be real folders`), { code: 'ELOOP' });
      throw new StorageIOError(folder, 'use the symbolic link', { cause });
    }
  }

  /**
   * Removes dead writers' temp files (see temp-files.ts). Only regular files with a temp file's
   * name are touched; a folder, link or anything else of that name is left alone, and so is an
   * entry that changes or vanishes meanwhile.
   */
  private async removeCrashLeftovers(folder: string): Promise<void> {
    const entries = await this.io(folder, 'list', () => listDirectory(folder));
    for (const entry of entries) {
      if (!entry.isFile() || tempFileOwner(entry.name) === null) continue;
      const file = path.join(folder, entry.name);
      const stats = await fs.lstat(file).catch(() => null);
      if (stats === null || !stats.isFile() || !isLeftover(entry.name, stats.mtimeMs)) continue;
      await this.io(file, 'remove', () => fs.unlink(file).catch(ignoreIfGone));
    }
  }
}

function ignoreIfGone(error: NodeJS.ErrnoException): void {
  // ENOENT: removed meanwhile; EISDIR and EPERM: replaced by a folder meanwhile.
  if (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'EPERM') return;
  throw error;
}
