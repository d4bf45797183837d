/**
 * `@cvm/storage/backend`: for backend authors. The adapter over a backend, the four repositories
 * a backend implements, and the names every backend shares.
 */
export { RepositoryStorageAdapter } from '../adapters/repository-storage-adapter';
export { ProgramRepository, ExecutionRepository, OutputRepository, MetadataRepository } from '../repositories';
export type { StorageBackend, StorageConnection, StorageRepositories } from '../repositories';
export type { PruneCondition } from '../repositories/prune-execution';
export { HistoryRepository, type HistoryEntry, type HistoryPageRequest } from '../repositories/history-repository';
export { CURRENT_EXECUTION_KEY } from '../repositories/current-execution-key';
export { OPERATION_CHANNEL } from '../adapters/operation-events';
export { DAMAGED_RECORD_CHANNEL } from '../repositories/damaged-records';
