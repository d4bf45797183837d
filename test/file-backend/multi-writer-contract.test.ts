// Each test starts writer processes; on a loaded machine their start-up alone takes seconds.
jest.setTimeout(120_000);

import { makeTempDir, removeTempDir } from '../support/fixtures';
import { transpiledMultiWriterContract } from '../support/multi-writer/transpiled-contract';
import { LOCK_STALE_MS_VARIABLE } from '../../src/testing/multi-writer/records';

// A 2 s lock lease in this process and the writers it starts (they inherit the environment), as
// the paused-writer tests already give their writers: a lock a killed writer left is taken over
// after 2 s instead of the default 10.
process.env[LOCK_STALE_MS_VARIABLE] = '2000';

/**
 * The tests that wait out a writer's 2 s lock lease (proper-lockfile's shortest): idle most of
 * their time, they run as one concurrent wave, each on its own data folder.
 */
const WAITS_OUT_A_LEASE = [
  /^a writer stopped past its lease after reading the revision/,
  /^a writer stopped past its lease just before it writes/,
  /^a writer killed just before it writes does not block the record/,
  /^a writer killed after it wrote a record, before it was done with it/,
  /^history on: a writer stopped after reading the revision while another process saves/,
];

const dataDirs: string[] = [];
afterAll(() => dataDirs.forEach(removeTempDir));
const concurrent: string[] = [];
const leaseIt = (name: string, body: () => Promise<void>): void => {
  if (!WAITS_OUT_A_LEASE.some((pattern) => pattern.test(name))) return it(name, body);
  concurrent.push(name);
  it.concurrent(name, body);
};

const { describeMultiWriterContract, adapterModule } = transpiledMultiWriterContract();

describeMultiWriterContract(
  'file',
  {
    adapterModule: adapterModule('file-adapter'),
    // No cleanup after each test: the concurrent ones share it; afterAll removes every folder.
    freshStore: async () => {
      const dataDir = makeTempDir('cvm-multi-writer-');
      dataDirs.push(dataDir);
      return dataDir;
    },
  },
  { describe, it: leaseIt },
);

it('runs exactly one test for each lease it waits out concurrently', () => {
  expect(WAITS_OUT_A_LEASE.map((pattern) => concurrent.filter((name) => pattern.test(name)).length)).toEqual(WAITS_OUT_A_LEASE.map(() => 1));
});
