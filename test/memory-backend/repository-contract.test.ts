import { MemoryStorageAdapter } from '../../src/memory';
import type { MemoryStore } from '../../src/adapters/memory-storage-adapter';
import { describeRepositoryContract, type OpenedRepositories } from '../../src/testing';

async function openOn(store?: MemoryStore): Promise<OpenedRepositories> {
  const adapter = new MemoryStorageAdapter({ store });
  latest = adapter.store;
  await adapter.connect();
  return { repositories: adapter.repositories, close: () => adapter.disconnect() };
}

let latest: MemoryStore | undefined;

describeRepositoryContract(
  'memory',
  {
    open: () => openOn(),
    openSameStore: () => openOn(latest),
  },
  { describe, it },
);
