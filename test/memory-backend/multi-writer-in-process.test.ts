import { MemoryStorageAdapter } from '../../src/adapters/memory-storage-adapter';
import { describeInProcessMultiWriterContract } from '../../src/testing';

// A store is the `store` of a first adapter; every adapter of a test opens it.
describeInProcessMultiWriterContract(
  'memory',
  {
    freshStore: async () => new MemoryStorageAdapter().store,
    open: (store, options = {}) => new MemoryStorageAdapter({ store, ...options }),
  },
  { describe, it },
);
