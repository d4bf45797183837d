import 'reflect-metadata';

export { TestStorage, MemoryTestStorage, createTestStorage, type TestStorageOptions } from './test-storage';
export type { StorageRepositories } from '../repositories/storage-connection';
export { describeRepositoryContract, type ContractRunner, type OpenedRepositories, type RepositoryHarness } from './repository-contract';
export { describeStorageContract, type AdapterOptions, type ContractHarness, type JestLikeRunner } from './storage-contract';
export {
  describeMultiWriterContract,
  describeInProcessMultiWriterContract,
  type InProcessMultiWriterHarness,
  type MultiWriterHarness,
  type MultiWriterRunner,
} from './multi-writer';
export { newExecution } from './new-execution';
