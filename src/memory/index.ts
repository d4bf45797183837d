/**
 * `@cvm/storage/memory`: the memory backend's adapter. `createStorageAdapter({ memory: true })` and
 * `StorageFactory.create({ type: 'memory' })` from the package root open the same backend.
 */
export { MemoryStorageAdapter, type MemoryStorageOptions, type MemoryStore } from '../adapters/memory-storage-adapter';
