import { DEFAULT_VALIDATION_MODE, type ValidationMode } from '../../validation/validation-mode';
import type { DataSource } from 'typeorm';
import type { StorageBackend } from '../storage-connection';
import { deleteMongoExecution } from './delete-execution';
import { deleteMongoExecutionIfUnchanged } from './delete-execution-if-unchanged';
import { MongoExecutionRepository } from './execution-repository';
import { MongoConnection, type MongoConnectionOptions } from './mongo-connection';
import { MongoMetadataRepository } from './metadata-repository';
import { MongoOutputRepository } from './output-repository';
import { MongoProgramRepository } from './program-repository';

/**
 * `@cvm/storage/mongodb`: the MongoDB backend's building blocks, its TypeORM entities and the
 * DataSource options for an app's own TypeORM setup. Most apps need only `MongoDBStorageAdapter`
 * or `createStorageAdapter({ mongoUrl })` from the package root. Loading this module loads
 * TypeORM, not the `mongodb` driver: a connection does, on its first `connect()`.
 */
export { MongoConnection, MongoProgramRepository, MongoExecutionRepository, MongoOutputRepository, MongoMetadataRepository };
export type { MongoConnectionOptions };
export {
  mongoDataSourceOptions,
  mongoDataSourceOptionsFromEnv,
  mongoUrlFromEnv,
  DEFAULT_MONGO_DATABASE,
  DEFAULT_MONGO_URL,
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  type MongoUrlOptions,
} from './data-source-options';
export {
  Program as ProgramEntity,
  Execution as ExecutionEntity,
  OutputChunk as OutputChunkEntity,
  Metadata as MetadataEntity,
  Instruction as InstructionEntity,
  CVM_STORAGE_ENTITIES,
} from '../../entities';

export interface MongoBackend extends StorageBackend {
  connection: MongoConnection;
  outputs: MongoOutputRepository;
}

/** The four MongoDB repositories over one connection, from a URL or an app's DataSource. */
export function createMongoBackend(
  source: string | DataSource,
  options?: MongoConnectionOptions,
  validation?: ValidationMode,
): MongoBackend {
  const connection = new MongoConnection(source, options);
  const outputs = new MongoOutputRepository(connection);
  const backend: MongoBackend = {
    name: 'mongodb',
    connection,
    validation: validation ?? DEFAULT_VALIDATION_MODE,
    programs: new MongoProgramRepository(connection, validation),
    executions: new MongoExecutionRepository(connection, (id) => outputs.expectNoOutput(id), validation, outputs),
    outputs,
    metadata: new MongoMetadataRepository(connection),
    deleteExecution: (executionId) => deleteMongoExecution(connection, backend, executionId),
    deleteExecutionIfUnchanged: (executionId, condition) => deleteMongoExecutionIfUnchanged(connection, backend, executionId, condition),
  };
  return backend;
}
