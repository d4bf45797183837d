// Each test starts writer processes; on a loaded machine their start-up alone takes seconds.
jest.setTimeout(120_000);

import { mongoTargets, useMongoKit } from '../support/fixtures';
import { transpiledMultiWriterContract } from '../support/multi-writer/transpiled-contract';

const { describeMultiWriterContract, adapterModule } = transpiledMultiWriterContract();

for (const target of mongoTargets()) {
  describe(`on ${target.name}`, () => {
    const kit = useMongoKit(target);
    describeMultiWriterContract(
      'MongoDB',
      {
        adapterModule: adapterModule('mongodb-adapter'),
        freshStore: async () => kit.databaseUrl('multi_writer'),
      },
      { describe, it },
    );
  });
}
