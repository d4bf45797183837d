import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorageAdapter } from '../adapters/file-storage-adapter';
import { MemoryStorageAdapter } from '../adapters/memory-storage-adapter';
import { ValidationError } from '../errors';
import { isOutputIndexFile } from '../repositories/file/output-index-file';
import { isQueryIndexFile } from '../repositories/file/query-index';

/** A file-backed adapter in its own temporary folder, which `cleanup()` removes. */
export class TestStorage extends FileStorageAdapter implements AsyncDisposable {
  /** Every file under the data folder, by path relative to it, with its content; the query indexes and the outputs' line indexes (rebuilt at will) are left out. */
  async files(): Promise<Record<string, string>> {
    const entries = await fs.readdir(this.dataDir, { recursive: true, withFileTypes: true });
    const files: Record<string, string> = {};
    for (const entry of entries.filter((e) => e.isFile())) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.parentPath === this.dataDir && isQueryIndexFile(entry.name)) continue;
      if (entry.parentPath === path.join(this.dataDir, 'outputs') && isOutputIndexFile(entry.name)) continue;
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

/** A memory adapter for tests: `cleanup()` disconnects it; its records go with it. */
export class MemoryTestStorage extends MemoryStorageAdapter implements AsyncDisposable {
  async cleanup(): Promise<void> {
    if (this.isConnected()) await this.disconnect();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.cleanup();
  }
}

export interface TestStorageOptions {
  /** `file` (the default): a temporary data folder; `memory`: this process's memory only. */
  backend?: 'file' | 'memory';
}

/**
 * A connected test store: by default a TestStorage in a fresh folder under the system's temporary
 * directory; with `backend: 'memory'` a MemoryTestStorage, which writes nothing to disk.
 */
export async function createTestStorage(options: { backend: 'memory' }): Promise<MemoryTestStorage>;
export async function createTestStorage(options?: { backend?: 'file' }): Promise<TestStorage>;
export async function createTestStorage(options: TestStorageOptions = {}): Promise<TestStorage | MemoryTestStorage> {
  const backend = options.backend ?? 'file';
  if (backend === 'memory') {
    const storage = new MemoryTestStorage();
    await storage.connect();
    return storage;
  }
  if (backend !== 'file') {
    throw new ValidationError('TestStorageOptions', [{ path: 'backend', constraints: { isIn: `backend must be 'file' or 'memory', got ${JSON.stringify(String(backend))}` } }]);
  }
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
