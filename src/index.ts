import 'reflect-metadata';

export * from './types';
export * from './errors';
export { CvmStorage, type StorageAdapter } from './adapters/storage-adapter';
export { RepositoryStorageAdapter } from './adapters/repository-storage-adapter';
export { OPERATION_CHANNEL, type OperationEvent } from './adapters/operation-events';
export { DAMAGED_RECORD_CHANNEL } from './repositories/damaged-records';
export { FileStorageAdapter, type FileStorageOptions } from './adapters/file-storage-adapter';
export {
  MongoDBStorageAdapter,
  /** The upstream CVM server's name for MongoDBStorageAdapter: the same class. */
  MongoDBStorageAdapter as MongoDBAdapter,
  type MongoDBStorageOptions,
} from './adapters/mongodb-storage-adapter';
export { createStorageAdapter, DEFAULT_DATA_DIR, type StorageOptions } from './adapters/create-storage-adapter';
export { StorageFactory, STORAGE_FACTORY_DEFAULTS, type StorageFactoryConfig, type StorageType } from './adapters/storage-factory';
export { ProgramRepository, ExecutionRepository, OutputRepository, MetadataRepository, type OutputRange } from './repositories';
export type { AppendOptions, Revisioned, SaveOptions, StorageBackend, StorageConnection, StorageRepositories } from './repositories';
export { CURRENT_EXECUTION_KEY } from './entities/metadata.entity';
export { validateProgram, validateExecution, validateOutputLines } from './validation/validate-record';
export { checkCvmValue, type CvmShape } from './validation/cvm-value-check';
export { VALIDATION_MODES, DEFAULT_VALIDATION_MODE, type ValidationMode } from './validation/validation-mode';
export type { JsonValue } from './validation/json-value';
export { ID_PATTERN, isValidId, MAX_ID_BYTES } from './validation/ids';
export { LIMITS } from './validation/limits';
export { maskUrlPassword } from './util/mask-url';
export { newExecution } from './new-execution';
