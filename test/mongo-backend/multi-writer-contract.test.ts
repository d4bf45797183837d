// Each test starts writer processes; on a loaded machine their start-up alone takes seconds.
jest.setTimeout(120_000);

import { mongoTargets, useMongoKit } from '../support/fixtures';
import { transpiledMultiWriterContract } from '../support/multi-writer/transpiled-contract';

const { describeMultiWriterContract, adapterModule } = transpiledMultiWriterContract();

/**
 * The contract's races that take the same path on every topology: fenced saves, fenced appends,
 * createExecution and a killed or stopped writer are single-document commands whatever the server.
 * The replica-set stand-in runs the whole contract; the standalone stand-in leaves these out and
 * runs the races of deleteExecution and prune, which run without transactions there. The
 * real-server runs (`npm run test:servers`, a replica set and a standalone server) run the whole
 * contract on both topologies (docs/testing.md).
 */
const SAME_ON_EVERY_TOPOLOGY = [
  /^\d+ processes resuming one execution with committed steps/,
  /^a writer killed mid-step leaves a whole execution/,
  /^createExecution in one process and saveExecution with expectedRevision null/,
  /^a writer stopped past its lease after reading the revision/,
  /^a writer stopped past its lease just before it writes/,
  /^a writer killed just before it writes does not block the record/,
];

for (const target of mongoTargets()) {
  const standaloneStandIn = target.name === 'stand-in standalone';
  const leftOut: string[] = [];
  const topologyIt = (name: string, body: () => Promise<void>): void => {
    if (standaloneStandIn && SAME_ON_EVERY_TOPOLOGY.some((pattern) => pattern.test(name))) leftOut.push(name);
    else it(name, body);
  };

  describe(`on ${target.name}`, () => {
    const kit = useMongoKit(target);
    describeMultiWriterContract(
      'MongoDB',
      {
        adapterModule: adapterModule('mongodb-adapter'),
        freshStore: async () => kit.databaseUrl('multi_writer'),
      },
      { describe, it: topologyIt },
    );

    if (standaloneStandIn) {
      it('leaves out exactly one test for each race that takes the same path on every topology', () => {
        expect(SAME_ON_EVERY_TOPOLOGY.map((pattern) => leftOut.filter((name) => pattern.test(name)).length)).toEqual(SAME_ON_EVERY_TOPOLOGY.map(() => 1));
        expect(leftOut).toHaveLength(SAME_ON_EVERY_TOPOLOGY.length);
      });
    }
  });
}
