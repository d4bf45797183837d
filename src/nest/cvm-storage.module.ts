import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CvmStorage } from '../adapters/storage-adapter';
import { ExecutionRepository } from '../repositories/execution-repository';
import { MetadataRepository } from '../repositories/metadata-repository';
import { OutputRepository } from '../repositories/output-repository';
import { ProgramRepository } from '../repositories/program-repository';
import { splitRetryOptions } from './connect-with-retry';
import { openStorage } from './open-storage';
import type { CvmStorageConnectOptions, CvmStorageModuleAsyncOptions, CvmStorageModuleOptions, CvmStorageOptions } from './options';
import { CvmStorageLifecycle } from './storage-lifecycle';
import type { StorageWithRepositories } from './storage-with-repositories';
import { CVM_STORAGE, CVM_STORAGE_ADAPTER, CVM_STORAGE_MODULE_OPTIONS } from './tokens';

const PUBLIC_TOKENS = [CvmStorage, CVM_STORAGE_ADAPTER, ProgramRepository, ExecutionRepository, OutputRepository, MetadataRepository];

const STORAGE_PROVIDERS: Provider[] = [
  { provide: CVM_STORAGE, useFactory: openStorageWithoutRetryOptions, inject: [CVM_STORAGE_MODULE_OPTIONS] },
  { provide: CvmStorage, useExisting: CVM_STORAGE },
  { provide: CVM_STORAGE_ADAPTER, useExisting: CVM_STORAGE },
  repositoryProvider(ProgramRepository, (storage) => storage.repositories.programs),
  repositoryProvider(ExecutionRepository, (storage) => storage.repositories.executions),
  repositoryProvider(OutputRepository, (storage) => storage.repositories.outputs),
  repositoryProvider(MetadataRepository, (storage) => storage.repositories.metadata),
  CvmStorageLifecycle,
];

/**
 * Provides CvmStorage (also as CVM_STORAGE_ADAPTER) and the four repositories, injectable by
 * class. Connects when the module initializes (retrying as `retryAttempts` and `retryDelay` say);
 * disconnects on application shutdown.
 */
@Module({})
export class CvmStorageModule {
  static forRoot(options: CvmStorageModuleOptions): DynamicModule {
    const { isGlobal, ...storageOptions } = options;
    return build({ provide: CVM_STORAGE_MODULE_OPTIONS, useValue: storageOptions }, [], isGlobal);
  }

  static forRootAsync(options: CvmStorageModuleAsyncOptions): DynamicModule {
    const optionsProvider: Provider<Promise<CvmStorageConnectOptions> | CvmStorageConnectOptions> = {
      provide: CVM_STORAGE_MODULE_OPTIONS,
      useFactory: (...dependencies: unknown[]) => options.useFactory(...dependencies),
      inject: options.inject ?? [],
    };
    return build(optionsProvider, options.imports ?? [], options.isGlobal);
  }
}

function build(optionsProvider: Provider, imports: DynamicModule['imports'], isGlobal = false): DynamicModule {
  return {
    module: CvmStorageModule,
    global: isGlobal,
    imports,
    providers: [optionsProvider, ...STORAGE_PROVIDERS],
    exports: PUBLIC_TOKENS,
  };
}

function repositoryProvider<T>(token: abstract new () => T, pick: (storage: StorageWithRepositories) => T): Provider {
  return { provide: token, useFactory: pick, inject: [CVM_STORAGE] };
}

function openStorageWithoutRetryOptions(options: CvmStorageOptions): StorageWithRepositories {
  return openStorage(splitRetryOptions(options).storage);
}
