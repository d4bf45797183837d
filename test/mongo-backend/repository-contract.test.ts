import type { MongoDBStorageAdapter } from '../../src';
import { describeRepositoryContract, type OpenedRepositories } from '../../src/testing';
import { mongoTargets, useMongoKit } from '../support/fixtures';

for (const target of mongoTargets()) {
  describe(`on ${target.name}`, () => {
    const kit = useMongoKit(target);
    let url = '';

    async function connected(adapter: MongoDBStorageAdapter): Promise<OpenedRepositories> {
      await adapter.connect();
      return { repositories: adapter.repositories, close: () => adapter.disconnect() };
    }

    describeRepositoryContract(
      'MongoDB',
      {
        open: () => connected(kit.adapter((url = kit.databaseUrl()))),
        openSameStore: () => connected(kit.adapter(url)),
      },
      { describe, it },
    );
  });
}
