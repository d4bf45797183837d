import { FileStorageAdapter } from '../../src';
import { describeRepositoryContract, type OpenedRepositories } from '../../src/testing';
import { makeTempDir, removeTempDir } from '../support/fixtures';

async function openAt(dataDir: string): Promise<OpenedRepositories> {
  // The repository contract is not about durability (durability.test.ts is): relaxed skips the fsyncs.
  const adapter = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
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
