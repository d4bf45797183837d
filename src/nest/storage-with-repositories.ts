import type { RepositoryStorageAdapter } from '../adapters/repository-storage-adapter';

/** What the module provides under CVM_STORAGE: an adapter and the repositories it composes. */
export type StorageWithRepositories = Pick<RepositoryStorageAdapter, keyof RepositoryStorageAdapter>;
