import { DEFAULT_VALIDATION_MODE, type ValidationMode } from '../../validation/validation-mode';
import type { DataSource } from 'typeorm';
import type { StorageBackend } from '../storage-connection';
import { deleteMongoExecution } from './delete-execution';
import { deleteMongoExecutionIfUnchanged } from './delete-execution-if-unchanged';
import { MongoConnection, type MongoConnectionOptions } from './mongodb-connection';
import { MongoHistoryRepository } from './history-repository';
import { MongoMetadataRepository } from './metadata-repository';
import { MongoOutputRepository } from './output-repository';
import { MongoDBRecordRepository } from './mongodb-record-repository';
import { Execution as ExecutionEntity } from '../../entities/execution.entity';
import { Program as ProgramEntity } from '../../entities/program.entity';
import type { Execution, Program } from '../../types';
import { executionCodec, programCodec } from '../record-format';

/**
 * `@cvm/storage/mongodb`: the MongoDB backend's building blocks, its TypeORM entities and the
 * DataSource options for an app's own TypeORM setup. Most apps need only `MongoDBStorageAdapter`
 * or `createStorageAdapter({ mongoUrl })` from the package root. Loading this module loads
 * TypeORM, not the `mongodb` driver: a connection does, on its first `connect()`.
 * `MongoProgramRepository` and `MongoExecutionRepository` are one class, MongoDBRecordRepository,
 * built with its collection and record codec.
 */
export { MongoConnection, MongoOutputRepository, MongoMetadataRepository };
export { MongoDBRecordRepository as MongoProgramRepository, MongoDBRecordRepository as MongoExecutionRepository };
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

/**
 * The four MongoDB repositories over one connection, from a URL or an app's DataSource. They only
 * read and write: connect the backend through an adapter, which checks every call first.
 */
export function createMongoBackend(
  urlOrDataSource: string | DataSource,
  options?: MongoConnectionOptions,
  validation?: ValidationMode,
): MongoBackend {
  const connection = new MongoConnection(urlOrDataSource, options);
  const outputs = new MongoOutputRepository(connection);
  const backend: MongoBackend = {
    name: 'mongodb',
    connection,
    validation: validation ?? DEFAULT_VALIDATION_MODE,
    programs: new MongoDBRecordRepository<Program>(connection, { entity: ProgramEntity, name: 'programs' }, programCodec),
    executions: new MongoDBRecordRepository<Execution>(connection, { entity: ExecutionEntity, name: 'executions' }, executionCodec, (id) => outputs.expectNoOutput(id), outputs),
    outputs,
    metadata: new MongoMetadataRepository(connection),
    history: new MongoHistoryRepository(connection),
    deleteExecution: (executionId) => deleteMongoExecution(connection, backend, executionId),
    deleteExecutionIfUnchanged: (executionId, condition) => deleteMongoExecutionIfUnchanged(connection, backend, executionId, condition),
  };
  return backend;
}
