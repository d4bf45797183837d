import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import { validExecution, validProgram } from './hostile';

export interface OpenStore {
  adapter: FileStorageAdapter;
  dataDir: string;
}

export interface DataFolders {
  /** A new empty data folder under the suite's root. */
  fresh(): Promise<string>;
  /** A connected adapter on a fresh data folder. */
  connected(): Promise<OpenStore>;
  /** As connected(), holding good records: prog-ok, exec-ok and one line of its output. */
  seeded(): Promise<OpenStore>;
}

/** A temporary root for the calling file's data folders, made before its tests and removed after. */
export function useDataFolders(prefix: string): DataFolders {
  let root = '';
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });
  const folders: DataFolders = {
    fresh: () => fs.mkdtemp(path.join(root, 'data-')),
    async connected() {
      const dataDir = await folders.fresh();
      const adapter = new FileStorageAdapter(dataDir);
      await adapter.connect();
      return { adapter, dataDir };
    },
    async seeded() {
      const store = await folders.connected();
      await store.adapter.saveProgram(validProgram('prog-ok') as never);
      await store.adapter.saveExecution(validExecution('exec-ok', 'prog-ok') as never);
      await store.adapter.appendOutput('exec-ok', ['good line']);
      return store;
    },
  };
  return folders;
}
