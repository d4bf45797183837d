import type { StorageAdapter } from '../adapters/storage-adapter';
import type { StorageBackend } from '../repositories/storage-connection';

/** What the module provides under CVM_STORAGE: an adapter and the repositories it composes. */
export type StorageWithRepositories = StorageAdapter & {
  readonly repositories: Pick<StorageBackend, 'programs' | 'executions' | 'outputs' | 'metadata'>;
};
