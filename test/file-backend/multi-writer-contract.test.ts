// Each test starts writer processes; on a loaded machine their start-up alone takes seconds.
jest.setTimeout(120_000);

import path from 'node:path';
import { describeMultiWriterContract } from '../../src/testing';
import { makeTempDir, removeTempDir } from '../support/fixtures';

let dataDir = '';

describeMultiWriterContract(
  'file',
  {
    adapterModule: path.join(__dirname, '..', 'support', 'multi-writer', 'file-adapter.ts'),
    freshStore: async () => (dataDir = makeTempDir('cvm-multi-writer-')),
    cleanup: async () => removeTempDir(dataDir),
  },
  { describe, it },
);
