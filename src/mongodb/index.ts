import 'reflect-metadata';

/**
 * `@cvm/storage/mongodb`: the MongoDB backend's building blocks, its TypeORM entities and the
 * DataSource options for an app's own TypeORM setup. Most apps need only `MongoDBStorageAdapter`
 * or `createStorageAdapter({ mongoUrl })` from the package root. Loading this entry does not load
 * the `mongodb` driver: a connection does, on its first `connect()`.
 */
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
} from '../repositories/mongodb';
export {
  Program as ProgramEntity,
  Execution as ExecutionEntity,
  OutputChunk as OutputChunkEntity,
  Metadata as MetadataEntity,
  Instruction as InstructionEntity,
  CVM_STORAGE_ENTITIES,
} from '../entities';
