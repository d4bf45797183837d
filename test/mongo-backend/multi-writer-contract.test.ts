// Each test starts writer processes; on a loaded machine their start-up alone takes seconds.
jest.setTimeout(120_000);

import fs from 'node:fs';
import path from 'node:path';
import { mongoTargets, useMongoKit } from '../support/fixtures';
import { transpiledMultiWriterContract } from '../support/multi-writer/transpiled-contract';

const { describeMultiWriterContract, adapterModule } = transpiledMultiWriterContract();

/**
 * The contract's races that take the same path on every topology: fenced saves, fenced appends,
 * createExecution, queries, history entries and their trim, and a killed or stopped writer are
 * single-document commands (or one deleteMany) whatever the server; only deleteExecution and the
 * prune's conditional delete ask `supportsTransactions` (src/repositories/mongodb/delete-execution*.ts).
 * The replica-set stand-in runs the whole contract; the standalone stand-in leaves these out and
 * runs the races that delete or prune, which run without transactions there. The
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
  /^a writer killed after it wrote a record, before it was done with it/,
  /^a writer stopped after it wrote a record, before it was done with it/,
  /^history on: a writer stopped after reading the revision while another process saves/,
  /^history on: a writer held inside a save fenced on the revision it wrote itself/,
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

      it('leaves them out because only the deletes take another path without transactions', () => {
        expect(filesAskingForTransactions()).toEqual(['delete-execution-if-unchanged.ts', 'delete-execution.ts', 'deployment.ts', 'driver-types.ts', 'mongodb-connection.ts']);
      });
    }
  });
}

/** The MongoDB backend's files that name a transaction or session in code: the two deletes, and where they are defined and typed. */
function filesAskingForTransactions(): string[] {
  const folder = path.join(__dirname, '..', '..', 'src', 'repositories', 'mongodb');
  return fs
    .readdirSync(folder)
    .filter((name) => /\b(supportsTransactions|withTransaction|startSession|startTransaction)\b/.test(fs.readFileSync(path.join(folder, name), 'utf8').replace(/^\s*(\*|\/\/).*$/gm, '')))
    .sort();
}
