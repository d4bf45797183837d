// Each test starts writer processes; on a loaded machine their start-up alone takes seconds.
jest.setTimeout(120_000);

import path from 'node:path';
import { describeMultiWriterContract } from '../../src/testing';
import { mongoTargets, useMongoKit } from '../support/fixtures';

for (const target of mongoTargets()) {
  describe(`on ${target.name}`, () => {
    const kit = useMongoKit(target);
    describeMultiWriterContract(
      'MongoDB',
      {
        adapterModule: path.join(__dirname, '..', 'support', 'multi-writer', 'mongodb-adapter.ts'),
        freshStore: async () => kit.databaseUrl('multi_writer'),
      },
      { describe, it },
    );
  });
}
