import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorageAdapter } from '../adapters/file-storage-adapter';

/** A file-backed adapter in its own temporary folder, which `cleanup()` removes. */
export class TestStorage extends FileStorageAdapter implements AsyncDisposable {
  /** Every file under the data folder, by path relative to it, with its content. */
  async files(): Promise<Record<string, string>> {
    const entries = await fs.readdir(this.dataDir, { recursive: true, withFileTypes: true });
    const files: Record<string, string> = {};
    for (const entry of entries.filter((e) => e.isFile())) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(this.dataDir, file)] = await fs.readFile(file, 'utf8');
    }
    return files;
  }

  /** Disconnects if still connected, then deletes the folder and everything in it. */
  async cleanup(): Promise<void> {
    try {
      if (this.isConnected()) await this.disconnect();
    } finally {
      await fs.rm(this.dataDir, { recursive: true, force: true });
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.cleanup();
  }
}

/** A connected TestStorage in a fresh folder under the system's temporary directory. */
export async function createTestStorage(): Promise<TestStorage> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cvm-storage-test-'));
  const storage = new TestStorage(dataDir);
  try {
    await storage.connect();
  } catch (error) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return storage;
}
