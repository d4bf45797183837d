// Each test starts writer processes; on a loaded machine their start-up alone takes seconds.
jest.setTimeout(120_000);

import { makeTempDir, removeTempDir } from '../support/fixtures';
import { transpiledMultiWriterContract } from '../support/multi-writer/transpiled-contract';
import { LOCK_STALE_MS_VARIABLE } from '../../src/testing/multi-writer/records';

// A 2 s lock lease in this process and the writers it starts (they inherit the environment), as
// the paused-writer tests already give their writers: a lock a killed writer left is taken over
// after 2 s instead of the default 10.
process.env[LOCK_STALE_MS_VARIABLE] = '2000';

let dataDir = '';
const { describeMultiWriterContract, adapterModule } = transpiledMultiWriterContract();

describeMultiWriterContract(
  'file',
  {
    adapterModule: adapterModule('file-adapter'),
    freshStore: async () => (dataDir = makeTempDir('cvm-multi-writer-')),
    cleanup: async () => removeTempDir(dataDir),
  },
  { describe, it },
);
