// Each test starts writer processes; on a loaded machine their start-up alone takes seconds.
jest.setTimeout(120_000);

import { makeTempDir, removeTempDir } from '../support/fixtures';
import { transpiledMultiWriterContract } from '../support/multi-writer/transpiled-contract';

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
