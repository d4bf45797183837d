// Sixteen values; everything else has its own entry point: /backend, /validation, /file, /mongodb,
// /memory, /testing, /nest, /http. Loading this module loads neither TypeORM, the mongodb driver nor
// class-validator: a MongoDB adapter or the first strict check does.
export type * from './types';
export {
  StorageError,
  ValidationError,
  InvalidIdError,
  IdCollisionError,
  NotConnectedError,
  ConnectionError,
  CorruptRecordError,
  StorageIOError,
  AlreadyExistsError,
  ConflictError,
  type StorageErrorCode,
  type ValidationIssue,
} from './errors';
export { CvmStorage, type StorageAdapter } from './adapters/storage-adapter';
export type { OperationEvent } from './adapters/operation-events';
export { FileStorageAdapter, type FileStorageOptions } from './adapters/file-storage-adapter';
export {
  MongoDBStorageAdapter,
  /** The upstream CVM server's name for MongoDBStorageAdapter: the same class. */
  MongoDBStorageAdapter as MongoDBAdapter,
  type MongoDBStorageOptions,
} from './adapters/mongodb-storage-adapter';
export { createStorageAdapter, type StorageOptions } from './adapters/create-storage-adapter';
export { StorageFactory, type StorageFactoryConfig, type StorageType } from './adapters/storage-factory';
export type { AppendOptions, OutputRange, Revisioned, SaveOptions } from './repositories';
export type { Durability } from './repositories/file/file-options';
export type { ValidationMode } from './validation/validation-mode';
export type { JsonValue } from './validation/json-value';
