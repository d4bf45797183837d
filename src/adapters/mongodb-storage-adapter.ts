import type { DataSource } from 'typeorm';
import type * as MongoDBBackendModule from '../repositories/mongodb';
import type { MongoConnection, MongoConnectionOptions } from '../repositories/mongodb';
import type { BaseExecution, BaseProgram, HistoryOptions, RegisteredExecution, RegisteredProgram } from '../types';
import { assertKnownOptionKeys, optionKeys } from '../validation/option-keys';
import { validationModeOf, type ValidationMode } from '../validation/validation-mode';
import { RepositoryStorageAdapter } from './repository-storage-adapter';

export interface MongoDBStorageOptions extends MongoConnectionOptions {
  /** How saves are checked: `compatible` (the default) or `strict`. */
  validation?: ValidationMode;
  /** Keep the states each save of an execution replaces, the `keep` most recent per execution or `'all'` (off by default). */
  history?: HistoryOptions;
}

const MONGODB_STORAGE_OPTION_KEYS = optionKeys<MongoDBStorageOptions>({ validation: true, history: true, database: true, serverSelectionTimeoutMS: true, operationTimeoutMS: true, readOnly: true });

/**
 * MongoDB through TypeORM, from a connection string (this adapter owns the connection) or an
 * app's DataSource that includes CVM_STORAGE_ENTITIES (shared, never destroyed by disconnect()).
 * deleteExecution is one transaction on a replica set or sharded cluster.
 */
export class MongoDBStorageAdapter<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution> extends RepositoryStorageAdapter<
  P,
  E
> {
  readonly connection: MongoConnection;

  constructor(urlOrDataSource: string | DataSource, options: MongoDBStorageOptions = {}) {
    assertKnownOptionKeys(options, MONGODB_STORAGE_OPTION_KEYS, 'MongoDBStorageOptions');
    const { validation, history, ...connectionOptions } = options;
    const mode = validationModeOf(validation, 'MongoDBStorageOptions');
    const backend = loadMongoDBBackend().createMongoBackend(urlOrDataSource, connectionOptions, mode);
    super(backend, { history });
    this.connection = backend.connection;
  }

  /** The names of the collections in this adapter's database, as the original CVM adapter gives them. */
  getCollections(): Promise<string[]> {
    return this.whileConnected(() => this.connection.collectionNames());
  }
}

/** The MongoDB backend (TypeORM, its entities), loaded by the first MongoDB adapter, not by the package root. */
function loadMongoDBBackend(): typeof MongoDBBackendModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../repositories/mongodb') as typeof MongoDBBackendModule;
}
