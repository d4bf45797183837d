import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { describeInProcessMultiWriterContract } from '../../src/testing';
import { makeTempDir, removeTempDir } from '../support/fixtures';

let dataDir = '';

// Relaxed durability: the contract races adapters, it does not cut the power (crash-safety does).
describeInProcessMultiWriterContract(
  'file',
  {
    freshStore: async () => (dataDir = makeTempDir('cvm-multi-writer-in-process-')),
    open: (store, options = {}) => new FileStorageAdapter(store, { durability: 'relaxed', ...options }),
    cleanup: async () => removeTempDir(dataDir),
  },
  { describe, it },
);
