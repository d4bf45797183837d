import 'reflect-metadata';

export * from './types';
export * from './errors';
export { StorageAdapter } from './adapters/storage-adapter';
export { RepositoryStorageAdapter } from './adapters/repository-storage-adapter';
export { FileStorageAdapter, type FileStorageOptions } from './adapters/file-storage-adapter';
export { DURABILITIES, DEFAULT_CACHE_BYTES, type Durability } from './repositories/file/file-options';
export {
  MongoDBStorageAdapter,
  /** The upstream CVM server's name for MongoDBStorageAdapter: the same class. */
  MongoDBStorageAdapter as MongoDBAdapter,
  type MongoDBStorageOptions,
} from './adapters/mongodb-storage-adapter';
export { createStorageAdapter, DEFAULT_DATA_DIR, type StorageOptions } from './adapters/create-storage-adapter';
export { StorageFactory, STORAGE_FACTORY_DEFAULTS, type StorageFactoryConfig, type StorageType } from './adapters/storage-factory';
export { ProgramRepository, ExecutionRepository, OutputRepository, MetadataRepository } from './repositories';
export type { StorageBackend, StorageConnection, StorageRepositories } from './repositories';
export {
  FileStore,
  FileProgramRepository,
  FileExecutionRepository,
  FileOutputRepository,
  FileMetadataRepository,
  createFileBackend,
} from './repositories/file';
export {
  MongoConnection,
  MongoProgramRepository,
  MongoExecutionRepository,
  MongoOutputRepository,
  MongoMetadataRepository,
  createMongoBackend,
  mongoDataSourceOptions,
  mongoDataSourceOptionsFromEnv,
  mongoUrlFromEnv,
  DEFAULT_MONGO_DATABASE,
  DEFAULT_MONGO_URL,
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  type MongoBackend,
  type MongoConnectionOptions,
  type MongoUrlOptions,
} from './repositories/mongo';
export {
  Program as ProgramEntity,
  Execution as ExecutionEntity,
  OutputChunk as OutputChunkEntity,
  Metadata as MetadataEntity,
  Instruction as InstructionEntity,
  CVM_STORAGE_ENTITIES,
  CURRENT_EXECUTION_KEY,
} from './entities';
export { validateProgram, validateExecution, validateOutputLines } from './validation/validate-record';
export { checkCvmShape as checkCvmValue, type CvmShape } from './validation/cvm-value-check';
export { VALIDATION_MODES, DEFAULT_VALIDATION_MODE, type ValidationMode } from './validation/validation-mode';
export type { JsonValue } from './validation/json-value';
export { ID_PATTERN, isValidId } from './validation/ids';
export { LIMITS } from './validation/limits';
export { maskUrlPassword } from './util/mask-url';
export { httpStatusFor, httpErrorBody, programFromJson, readJsonObject, parseIsoDate, type HttpErrorBody } from './http';
export { newExecution } from './new-execution';
