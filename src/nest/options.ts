import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency, Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Durability } from '../repositories/file/file-options';
import type { HistoryOptions } from '../types';
import type { ValidationMode } from '../validation/validation-mode';
import type { CvmStorageRetryOptions } from './connect-with-retry';

/** JSON files in `dataDir`. */
export interface CvmFileStorageOptions {
  dataDir: string;
  /** `strict` (the default) or `relaxed` (no fsyncs); see FileStorageOptions. */
  durability?: Durability;
  /** The read cache's bound in bytes (32 MiB by default; 0 turns it off). */
  cacheBytes?: number;
  /** Only read: connecting creates nothing in the store (see StorageOptions.readOnly). */
  readOnly?: boolean;
  mongoUrl?: never;
  dataSource?: never;
}

/** MongoDB at `mongoUrl`: the module opens the connection and closes it on shutdown. */
export interface CvmMongoUrlStorageOptions {
  mongoUrl: string;
  /** The database; defaults to the URL's path, else `cvm`. */
  database?: string;
  /** How long connecting waits for a usable server, in ms; 5000 by default. */
  serverSelectionTimeoutMS?: number;
  /** Only read: connecting creates nothing in the store (see StorageOptions.readOnly). */
  readOnly?: boolean;
  dataDir?: never;
  dataSource?: never;
}

/**
 * MongoDB through an app's own TypeORM DataSource (such as the one `@nestjs/typeorm` provides),
 * whose entities include CVM_STORAGE_ENTITIES. The app keeps owning it: shutdown leaves it open.
 */
export interface CvmDataSourceStorageOptions {
  dataSource: DataSource;
  /** Only read: connecting creates nothing in the store (see StorageOptions.readOnly). */
  readOnly?: boolean;
  dataDir?: never;
  mongoUrl?: never;
}

/** This process's memory only: nothing is kept after it ends (MemoryStorageAdapter). */
export interface CvmMemoryStorageOptions {
  memory: true;
  dataDir?: never;
  mongoUrl?: never;
  dataSource?: never;
}

interface CvmStorageValidation {
  /** How saves are checked: `compatible` (the default) or `strict` (the CVM value grammar). */
  validation?: ValidationMode;
  /** Keep the states each save of an execution replaces, the `keep` most recent per execution or `'all'` (off by default). */
  history?: HistoryOptions;
}

/** Which backend the module uses: exactly one of `dataDir`, `mongoUrl`, `dataSource` and `memory: true`. */
export type CvmStorageOptions = (CvmFileStorageOptions | CvmMongoUrlStorageOptions | CvmDataSourceStorageOptions | CvmMemoryStorageOptions) & CvmStorageValidation;

/** A backend and how to retry connecting to it: what forRootAsync's factory returns. */
export type CvmStorageConnectOptions = CvmStorageOptions & CvmStorageRetryOptions;

interface CvmStorageModuleScope {
  /** Registers the providers globally, so feature modules need not import the module. */
  isGlobal?: boolean;
  /**
   * A second (third...) store in the app: its adapter is provided under `getCvmStorageToken(name)`
   * only (`@InjectCvmStorage(name)`); its repositories are `storage.repositories`. Without a name,
   * the module provides CvmStorage, CVM_STORAGE_ADAPTER and the four repositories.
   */
  name?: string;
}

export type CvmStorageModuleOptions = CvmStorageOptions & CvmStorageRetryOptions & CvmStorageModuleScope;

/** A class whose instance makes the options: forRootAsync's `useClass` and `useExisting`. */
export interface CvmStorageOptionsFactory {
  createCvmStorageOptions(): CvmStorageConnectOptions | Promise<CvmStorageConnectOptions>;
}

/**
 * As `TypeOrmModule.forRootAsync`, exactly one of: `useFactory`, which receives the `inject`ed
 * providers in order; `useClass`, a CvmStorageOptionsFactory the module instantiates (with its
 * own dependencies injected); `useExisting`, the token of one an imported module provides.
 */
export interface CvmStorageModuleAsyncOptions extends CvmStorageModuleScope, Pick<ModuleMetadata, 'imports'> {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  // A method, so a factory declaring its dependencies' types, e.g. (config: ConfigService), fits.
  useFactory?(...dependencies: unknown[]): CvmStorageConnectOptions | Promise<CvmStorageConnectOptions>;
  useClass?: Type<CvmStorageOptionsFactory>;
  useExisting?: InjectionToken<CvmStorageOptionsFactory>;
}
