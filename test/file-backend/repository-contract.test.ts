import { FileStorageAdapter } from '../../src';
import { describeRepositoryContract, type OpenedRepositories } from '../../src/testing';
import { makeTempDir, removeTempDir } from '../support/fixtures';

async function openAt(dataDir: string): Promise<OpenedRepositories> {
  const adapter = new FileStorageAdapter(dataDir);
  await adapter.connect();
  return { repositories: adapter.repositories, close: () => adapter.disconnect() };
}

let dataDir = '';

describeRepositoryContract(
  'file',
  {
    open: () => openAt((dataDir = makeTempDir('cvm-repositories-'))),
    openSameStore: () => openAt(dataDir),
    cleanup: async () => removeTempDir(dataDir),
  },
  { describe, it },
);
