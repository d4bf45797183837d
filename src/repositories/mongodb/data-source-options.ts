import type { MongoDataSourceOptions } from './driver-types';
import { CVM_STORAGE_ENTITIES } from '../../entities';
import { consistencyOptionsFor } from './consistency';
import { loadMongoDriver, type MongoDriverModule } from './load-mongodb';
import { ValidationError } from '../../errors';
import { assertKnownOptionKeys, optionKeys } from '../../validation/option-keys';
import { mongoUrlFromEnv } from './url-from-env';

export { mongoUrlFromEnv };

export const DEFAULT_MONGO_DATABASE = 'cvm';
export const DEFAULT_MONGO_URL = `mongodb://127.0.0.1:27017/${DEFAULT_MONGO_DATABASE}`;
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5000;
/** How long one database call may wait for the server's answer by default (see MongoUrlOptions). */
export const DEFAULT_OPERATION_TIMEOUT_MS = 30_000;

export interface MongoUrlOptions {
  /** A MongoDB connection string, used exactly as the `mongodb` driver reads it. */
  url: string;
  /** The database; defaults to the URL's path, else `cvm`. */
  database?: string;
  /** How long connect() and each operation wait for a usable server; 5000 by default. */
  serverSelectionTimeoutMS?: number;
  /**
   * How long one database call may wait for the server's answer once sent, in ms; 30000 by
   * default. Set as the driver's socketTimeoutMS; MongoConnection also bounds each call by it.
   */
  operationTimeoutMS?: number;
}

const MONGO_URL_OPTION_KEYS = optionKeys<MongoUrlOptions>({ url: true, database: true, serverSelectionTimeoutMS: true, operationTimeoutMS: true });

/**
 * TypeORM DataSource options for the CVM entities on MongoDB. Spread them into an app's own
 * `new DataSource(...)` or `TypeOrmModule.forRoot(...)` to share its connection. Indexes are made
 * by the MongoDB backend's connect() (or `typeorm schema:sync`), so `synchronize` stays off.
 * Writes wait for a majority and reads go to the primary unless the URL says otherwise
 * (consistency.ts).
 * Loads the `mongodb` package, as constructing the DataSource would anyway.
 */
export function mongoDataSourceOptions(options: MongoUrlOptions): MongoDataSourceOptions {
  assertKnownOptionKeys(options, MONGO_URL_OPTION_KEYS, 'MongoUrlOptions');
  if (typeof options.url !== 'string' || options.url.trim() === '') {
    throw new ValidationError('MongoUrlOptions', [{ path: 'url', constraints: { isNotEmpty: 'url must be a non-empty MongoDB connection string' } }]);
  }
  return {
    type: 'mongodb',
    database: options.database ?? databaseFromUrl(options.url),
    entities: [...CVM_STORAGE_ENTITIES],
    synchronize: false,
    driver: driverForUrl(loadMongoDriver(), options.url),
    extra: {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
      socketTimeoutMS: options.operationTimeoutMS ?? DEFAULT_OPERATION_TIMEOUT_MS,
      ...consistencyOptionsFor(options.url),
    },
  };
}


/** As mongoDataSourceOptions, with the URL from the environment, else a local server's `cvm` database. */
export function mongoDataSourceOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): MongoDataSourceOptions {
  return mongoDataSourceOptions({ url: mongoUrlFromEnv(env) ?? DEFAULT_MONGO_URL });
}

/** The database named by the URL's path, decoded, or `cvm` when it names none. */
export function databaseFromUrl(url: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/i.exec(url);
  const name = match?.[1] ?? '';
  try {
    return decodeURIComponent(name) || DEFAULT_MONGO_DATABASE;
  } catch {
    return name;
  }
}

/**
 * TypeORM rebuilds the connection string from host, port and credentials, dropping options such
 * as `w=majority` and misreading several hosts without `replicaSet`. This driver object connects
 * with the URL as given, keeping the options TypeORM adds (timeouts, driver info).
 */
function driverForUrl(mongodb: MongoDriverModule, url: string): MongoDriverModule {
  const { MongoClient } = mongodb;
  const driver = Object.create(mongodb) as MongoDriverModule;
  Object.defineProperty(driver, 'MongoClient', {
    value: { connect: (_rebuiltUrl: string, clientOptions?: object) => MongoClient.connect(url, clientOptions) },
    enumerable: true,
  });
  return driver;
}
