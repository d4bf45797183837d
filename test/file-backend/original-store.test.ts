import { FileStorageAdapter, type StorageAdapter } from '../../src';
import { useTempDir } from '../support/fixtures';
import { describeOriginalStore } from '../support/original-store-suite';
import { copyOriginalFileStore, originalReads } from '../support/original-stores';

describe('file backend', () => {
  const dir = useTempDir('cvm-original-');
  let opened: StorageAdapter[] = [];

  beforeEach(() => copyOriginalFileStore(dir()));
  afterEach(async () => {
    for (const storage of opened) if (storage.isConnected()) await storage.disconnect();
    opened = [];
  });

  describeOriginalStore(
    'file backend',
    {
      async open() {
        const storage = new FileStorageAdapter(dir());
        opened.push(storage);
        await storage.connect();
        return storage;
      },
    },
    () => originalReads('file'),
  );
});
