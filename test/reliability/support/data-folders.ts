import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import { useTempRoot } from '../../support/fixtures/temp-folders';
import { validExecution, validProgram } from '../../support/fixtures/records';

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
  const root = useTempRoot(prefix);
  const folders: DataFolders = {
    fresh: async () => root.fresh('data'),
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
