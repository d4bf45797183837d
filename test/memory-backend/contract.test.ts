import { MemoryStorageAdapter } from '../../src/memory';
import type { MemoryStore } from '../../src/adapters/memory-storage-adapter';
import { describeStorageContract } from '../../src/testing';

let store: MemoryStore | undefined;

describeStorageContract('memory', {
  create: async (options) => {
    const adapter = new MemoryStorageAdapter(options);
    store = adapter.store;
    return adapter;
  },
  reopen: async (options) => new MemoryStorageAdapter({ ...options, store }),
  cleanup: async () => {
    store = undefined;
  },
}, { describe, it, beforeEach, afterEach, expect });
