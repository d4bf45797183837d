import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { describeInProcessMultiWriterContract } from '../../src/testing';
import { mongoTargets, useMongoKit } from '../support/fixtures';

for (const target of mongoTargets()) {
  describe(`on ${target.name}`, () => {
    const kit = useMongoKit(target);
    describeInProcessMultiWriterContract(
      'MongoDB',
      {
        freshStore: async () => kit.databaseUrl('multi_writer_in_process'),
        open: (store, options = {}) => new MongoDBStorageAdapter(store, options),
      },
      { describe, it },
    );
  });
}
