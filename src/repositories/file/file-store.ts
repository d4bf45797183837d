import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CorruptRecordError, NotConnectedError, StorageIOError } from '../../errors';
import type { StorageConnection } from '../storage-connection';
import { isValidId } from '../../validation/ids';
import { KeyedQueue } from '../../util/keyed-queue';
import { prepareDataFolders } from './prepare-data-folder';
import { isProcessAlive, tempFileOwner } from './temp-files';

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
    const folders = [this.dataDir, ...Object.values(FOLDERS).map((f) => path.join(this.dataDir, f))];
    await prepareDataFolders(folders);
    for (const folder of folders) await this.removeCrashLeftovers(folder);
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
    const bytes = await this.io(file, 'read', () => fs.readFile(file).catch(nullIfMissing));
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
    const names = await this.io(directory, 'list', () => fs.readdir(directory));
    return names
      .filter((name) => name.endsWith(extension))
      .map((name) => name.slice(0, -extension.length))
      .filter(isValidId);
  }

  /** Runs a file-system operation, turning its failure into a StorageIOError naming the path. */
  async io<T>(location: string, operation: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof CorruptRecordError || error instanceof StorageIOError) throw error;
      throw new StorageIOError(location, operation, { cause: error });
    }
  }

  private async removeCrashLeftovers(folder: string): Promise<void> {
    const names = await this.io(folder, 'list', () => fs.readdir(folder));
    for (const name of names) {
      const owner = tempFileOwner(name);
      if (owner !== null && !isProcessAlive(owner)) {
        await this.io(path.join(folder, name), 'remove', () => fs.rm(path.join(folder, name), { force: true }));
      }
    }
  }
}

function nullIfMissing(error: NodeJS.ErrnoException): null {
  if (error.code === 'ENOENT') return null;
  throw error;
}
